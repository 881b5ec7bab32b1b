package io.xdpfeed.nativeio;

import org.agrona.LangUtil;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Bindings to libbpf 1.x ({@code libbpf.so.1}): map lookup by name in a loaded object, map updates, and the netlink
 * XDP query and detach (which need CAP_NET_ADMIN only, where libxdp's own detach also needs CAP_SYS_ADMIN to open
 * the attached program by id). Functions return 0 (or a file descriptor) on success and a negative errno on failure.
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
    private static final MethodHandle BPF_MAP_LOOKUP_ELEM = LIBBPF.downcall(
        "bpf_map_lookup_elem", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_OBJECT_OPEN_FILE = LIBBPF.downcall(
        "bpf_object__open_file", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_OBJECT_LOAD = LIBBPF.downcall(
        "bpf_object__load", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_OBJECT_CLOSE = LIBBPF.downcall(
        "bpf_object__close", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle BPF_OBJECT_FIND_PROGRAM_BY_NAME = LIBBPF.downcall(
        "bpf_object__find_program_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle BPF_PROGRAM_FD = LIBBPF.downcall(
        "bpf_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_PROG_TEST_RUN_OPTS = LIBBPF.downcall(
        "bpf_prog_test_run_opts", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    /**
     * Bytes of {@code struct bpf_test_run_opts} (libbpf 1.x):
     * <pre>
     *   0 size_t sz | 8 data_in | 16 data_out | 24 u32 data_size_in | 28 u32 data_size_out | 32 ctx_in | 40 ctx_out
     *   48 u32 ctx_size_in | 52 u32 ctx_size_out | 56 u32 retval | 60 int repeat | 64 u32 duration | 68 u32 flags
     *   72 u32 cpu | 76 u32 batch_size
     * </pre>
     */
    public static final long TEST_RUN_OPTS_SIZE = 80;
    /** Offset of {@code data_in} in {@code struct bpf_test_run_opts}. */
    public static final long TEST_RUN_DATA_IN = 8;
    /** Offset of {@code data_out}. */
    public static final long TEST_RUN_DATA_OUT = 16;
    /** Offset of {@code data_size_in}. */
    public static final long TEST_RUN_DATA_SIZE_IN = 24;
    /** Offset of {@code data_size_out}. */
    public static final long TEST_RUN_DATA_SIZE_OUT = 28;
    /** Offset of {@code retval}. */
    public static final long TEST_RUN_RETVAL = 56;
    /** Offset of {@code repeat}. */
    public static final long TEST_RUN_REPEAT = 60;

    /** {@code XDP_FLAGS_SKB_MODE}. */
    public static final int XDP_FLAGS_SKB_MODE = 1 << 1;
    /** {@code XDP_FLAGS_DRV_MODE}. */
    public static final int XDP_FLAGS_DRV_MODE = 1 << 2;
    /** {@code XDP_FLAGS_REPLACE}: act only when the attached program is {@code old_prog_fd}. */
    public static final int XDP_FLAGS_REPLACE = 1 << 4;

    // struct bpf_xdp_attach_opts { size_t sz; int old_prog_fd; }: 16 bytes with the tail padding
    private static final long XDP_ATTACH_OPTS_SIZE = 16;
    private static final MethodHandle BPF_XDP_DETACH = LIBBPF.downcall(
        "bpf_xdp_detach", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle BPF_XDP_QUERY_ID = LIBBPF.downcall(
        "bpf_xdp_query_id", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));

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

    /**
     * {@code bpf_map_lookup_elem}.
     *
     * @param mapFd map.
     * @param key   of the map's key size.
     * @param value receives the value, of the map's value size.
     * @return 0 or a negative errno (-ENOENT when absent).
     */
    public static int bpfMapLookupElem(final int mapFd, final MemorySegment key, final MemorySegment value)
    {
        try
        {
            return (int)BPF_MAP_LOOKUP_ELEM.invokeExact(mapFd, key, value);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code bpf_object__open_file} with no options.
     *
     * @param path of the object file, NUL-terminated.
     * @return the object, or NULL (libbpf sets errno).
     */
    public static MemorySegment bpfObjectOpenFile(final MemorySegment path)
    {
        try
        {
            return (MemorySegment)BPF_OBJECT_OPEN_FILE.invokeExact(path, MemorySegment.NULL);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return MemorySegment.NULL;
        }
    }

    /**
     * {@code bpf_object__load}: create the maps and load (verify) the programs.
     *
     * @param bpfObject opened object.
     * @return 0 or a negative errno.
     */
    public static int bpfObjectLoad(final MemorySegment bpfObject)
    {
        try
        {
            return (int)BPF_OBJECT_LOAD.invokeExact(bpfObject);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code bpf_object__close}: unload the programs and close the maps this object holds.
     *
     * @param bpfObject object, or NULL.
     */
    public static void bpfObjectClose(final MemorySegment bpfObject)
    {
        try
        {
            BPF_OBJECT_CLOSE.invokeExact(bpfObject);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
        }
    }

    /**
     * {@code bpf_object__find_program_by_name} then {@code bpf_program__fd}.
     *
     * @param bpfObject loaded object.
     * @param name      of the program function, NUL-terminated.
     * @return the program's file descriptor, or a negative errno.
     */
    public static int bpfObjectProgramFd(final MemorySegment bpfObject, final MemorySegment name)
    {
        try
        {
            final MemorySegment program = (MemorySegment)BPF_OBJECT_FIND_PROGRAM_BY_NAME.invokeExact(bpfObject, name);
            if (MemorySegment.NULL.equals(program))
            {
                return -LibC.ENOENT;
            }
            return (int)BPF_PROGRAM_FD.invokeExact(program);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code bpf_prog_test_run_opts} ({@code BPF_PROG_TEST_RUN}): run a loaded program once over a given packet.
     *
     * @param programFd of the loaded program.
     * @param opts      {@code struct bpf_test_run_opts} of {@link #TEST_RUN_OPTS_SIZE} bytes; retval comes back in it.
     * @return 0 or a negative errno.
     */
    public static int bpfProgTestRunOpts(final int programFd, final MemorySegment opts)
    {
        try
        {
            return (int)BPF_PROG_TEST_RUN_OPTS.invokeExact(programFd, opts);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code bpf_xdp_detach} with {@code XDP_FLAGS_REPLACE}: detaches the program of an interface only when it is
     * the one given, so that a program someone else attached meanwhile is left alone.
     *
     * @param ifindex   of the interface.
     * @param modeFlags {@link #XDP_FLAGS_DRV_MODE} or {@link #XDP_FLAGS_SKB_MODE}.
     * @param programFd of the program expected to be attached.
     * @return 0 or a negative errno (-EEXIST when another program is attached).
     */
    public static int bpfXdpDetachExpected(final int ifindex, final int modeFlags, final int programFd)
    {
        try (Arena arena = Arena.ofConfined())
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

    /**
     * {@code bpf_xdp_detach} without a check of what is attached: for a program known to be ours by its id (see
     * {@link #bpfXdpQueryId(int, int)}) when it cannot be opened by id (no CAP_SYS_ADMIN).
     *
     * @param ifindex   of the interface.
     * @param modeFlags {@link #XDP_FLAGS_DRV_MODE} or {@link #XDP_FLAGS_SKB_MODE}.
     * @return 0 or a negative errno.
     */
    public static int bpfXdpDetach(final int ifindex, final int modeFlags)
    {
        try
        {
            return (int)BPF_XDP_DETACH.invokeExact(ifindex, modeFlags, MemorySegment.NULL);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code bpf_xdp_query_id}: the id of the program attached to an interface in one mode (netlink).
     *
     * @param ifindex   of the interface.
     * @param modeFlags {@link #XDP_FLAGS_DRV_MODE} or {@link #XDP_FLAGS_SKB_MODE}.
     * @return the program id, 0 when none, or a negative errno.
     */
    public static int bpfXdpQueryId(final int ifindex, final int modeFlags)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment id = arena.allocate(JAVA_INT);
            final int result = (int)BPF_XDP_QUERY_ID.invokeExact(ifindex, modeFlags, id);
            return 0 == result ? id.get(JAVA_INT, 0) : result;
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }
}
