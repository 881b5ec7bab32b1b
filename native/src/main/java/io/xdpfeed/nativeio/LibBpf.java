package io.xdpfeed.nativeio;

import org.agrona.LangUtil;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Bindings to libbpf 1.x ({@code libbpf.so.1}): map lookup by name in a loaded object and map updates. Functions
 * return 0 (or a file descriptor) on success and a negative errno on failure.
 */
public final class LibBpf
{
    /** {@code BPF_ANY}: create or update. */
    public static final long BPF_ANY = 0;

    private static final NativeLinking.Library LIBBPF = NativeLinking.load(
        "libbpf.so.1", "apt-get install libbpf1 libxdp1");

    private static final MethodHandle LIBBPF_SET_PRINT = LIBBPF.downcall(
        "libbpf_set_print", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle BPF_OBJECT_FIND_MAP_FD_BY_NAME = LIBBPF.downcall(
        "bpf_object__find_map_fd_by_name", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_MAP_UPDATE_ELEM = LIBBPF.downcall(
        "bpf_map_update_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle BPF_MAP_DELETE_ELEM = LIBBPF.downcall(
        "bpf_map_delete_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    private LibBpf()
    {
    }

    /**
     * Why libbpf cannot be used, as one line saying what to install.
     *
     * @return the reason, or null when libbpf is loaded.
     */
    public static String unavailableReason()
    {
        return LIBBPF.unavailableReason();
    }

    /**
     * {@code libbpf_set_print}.
     *
     * @param printFunction {@code libbpf_print_fn_t}, or NULL to silence libbpf.
     * @return the previous function.
     */
    public static MemorySegment libbpfSetPrint(final MemorySegment printFunction)
    {
        try
        {
            return (MemorySegment)LIBBPF_SET_PRINT.invokeExact(printFunction);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return MemorySegment.NULL;
        }
    }

    /**
     * {@code bpf_object__find_map_fd_by_name}.
     *
     * @param bpfObject loaded object.
     * @param name      of the map, NUL-terminated.
     * @return the map's file descriptor, or a negative errno.
     */
    public static int bpfObjectFindMapFdByName(final MemorySegment bpfObject, final MemorySegment name)
    {
        try
        {
            return (int)BPF_OBJECT_FIND_MAP_FD_BY_NAME.invokeExact(bpfObject, name);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code bpf_map_update_elem}.
     *
     * @param mapFd map.
     * @param key   of the map's key size.
     * @param value of the map's value size.
     * @param flags e.g. {@link #BPF_ANY}.
     * @return 0 or a negative errno.
     */
    public static int bpfMapUpdateElem(
        final int mapFd, final MemorySegment key, final MemorySegment value, final long flags)
    {
        try
        {
            return (int)BPF_MAP_UPDATE_ELEM.invokeExact(mapFd, key, value, flags);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code bpf_map_delete_elem}.
     *
     * @param mapFd map.
     * @param key   of the map's key size.
     * @return 0 or a negative errno (-ENOENT when absent).
     */
    public static int bpfMapDeleteElem(final int mapFd, final MemorySegment key)
    {
        try
        {
            return (int)BPF_MAP_DELETE_ELEM.invokeExact(mapFd, key);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }
}
