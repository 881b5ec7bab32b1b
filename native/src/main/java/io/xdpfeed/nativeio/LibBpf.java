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

    // ---- least privilege: detach our own program through netlink, without libxdp's look-up by id ----

    /** {@code XDP_FLAGS_SKB_MODE}. */
    public static final int XDP_FLAGS_SKB_MODE = 1 << 1;
    /** {@code XDP_FLAGS_DRV_MODE}. */
    public static final int XDP_FLAGS_DRV_MODE = 1 << 2;
    /** {@code XDP_FLAGS_REPLACE}: act only when the attached program is the one given by {@code old_prog_fd}. */
    public static final int XDP_FLAGS_REPLACE = 1 << 4;

    /** Bytes of {@code struct bpf_xdp_attach_opts}: {@code size_t sz; int old_prog_fd;} padded to 8. */
    private static final long XDP_ATTACH_OPTS_SIZE = 16;
    private static final MethodHandle BPF_XDP_DETACH = LIBBPF.downcall(
        "bpf_xdp_detach", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));

    /**
     * {@code bpf_xdp_detach} with {@link #XDP_FLAGS_REPLACE}: detach the program {@code programFd} from an
     * interface, and nothing else (another program attached there is left alone: -EEXIST). Needs only
     * CAP_NET_ADMIN, where libxdp's detach also needs CAP_SYS_ADMIN to look the attached program up by id.
     *
     * @param ifindex   of the interface.
     * @param modeFlags {@link #XDP_FLAGS_DRV_MODE} or {@link #XDP_FLAGS_SKB_MODE}.
     * @param programFd the attached program.
     * @return 0 or a negative errno.
     */
    public static int bpfXdpDetachProgram(final int ifindex, final int modeFlags, final int programFd)
    {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined())
        {
            final MemorySegment opts = arena.allocate(XDP_ATTACH_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, XDP_ATTACH_OPTS_SIZE);
            opts.set(JAVA_INT, 8, programFd);
            return (int)BPF_XDP_DETACH.invokeExact(ifindex, modeFlags | XDP_FLAGS_REPLACE, opts);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }
}
