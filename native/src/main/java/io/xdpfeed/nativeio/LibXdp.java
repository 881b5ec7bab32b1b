package io.xdpfeed.nativeio;

import org.agrona.LangUtil;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Bindings to libxdp 1.3 ({@code libxdp.so.1}): XDP program load/attach/detach, the view of what is attached to an
 * interface, and AF_XDP UMEM and socket setup. Only setup and teardown go through here; the rings are driven from
 * Java over the mmapped memory (a downcall costs ~45 ns, more than the whole per-packet budget of the ring).
 * <p>
 * Functions returning {@code int} return 0 or a negative errno. Functions returning a pointer may return an error
 * encoded in the pointer: check it with {@link #libxdpGetError(MemorySegment)}.
 */
public final class LibXdp
{
    /** {@code XDP_MODE_UNSPEC}: let libxdp choose. */
    public static final int XDP_MODE_UNSPEC = 0;
    /** {@code XDP_MODE_NATIVE}: in the driver, before an skb exists. */
    public static final int XDP_MODE_NATIVE = 1;
    /** {@code XDP_MODE_SKB}: generic XDP, after the skb is built; works on every driver. */
    public static final int XDP_MODE_SKB = 2;
    /** {@code XDP_MODE_HW}: offloaded to the NIC. */
    public static final int XDP_MODE_HW = 3;

    /** {@code XSK_LIBXDP_FLAGS__INHIBIT_PROG_LOAD}: create a socket without libxdp's default program. */
    public static final int XSK_LIBXDP_FLAGS_INHIBIT_PROG_LOAD = 1;
    /** {@code XDP_COPY} bind flag: force copy mode. */
    public static final short XDP_COPY = 1 << 1;
    /** {@code XDP_ZEROCOPY} bind flag: force zero-copy mode, fail when the driver does not offer it. */
    public static final short XDP_ZEROCOPY = 1 << 2;
    /** {@code XDP_USE_NEED_WAKEUP} bind flag: the kernel says through the ring flags when it needs a syscall. */
    public static final short XDP_USE_NEED_WAKEUP = 1 << 3;
    /** {@code XDP_RING_NEED_WAKEUP}: bit of a ring's flags word. */
    public static final int XDP_RING_NEED_WAKEUP = 1;

    private static final NativeLinking.Library LIBXDP = NativeLinking.load(
        "libxdp.so.1", "apt-get install libxdp1 libbpf1");

    private static final MethodHandle LIBXDP_GET_ERROR = LIBXDP.downcall(
        "libxdp_get_error", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    private static final MethodHandle LIBXDP_STRERROR = LIBXDP.downcall(
        "libxdp_strerror", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle LIBXDP_SET_PRINT = LIBXDP.downcall(
        "libxdp_set_print", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle XDP_PROGRAM_OPEN_FILE = LIBXDP.downcall(
        "xdp_program__open_file", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle XDP_PROGRAM_ATTACH = LIBXDP.downcall(
        "xdp_program__attach", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle XDP_PROGRAM_DETACH = LIBXDP.downcall(
        "xdp_program__detach", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle XDP_PROGRAM_CLOSE = LIBXDP.downcall(
        "xdp_program__close", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle XDP_PROGRAM_BPF_OBJ = LIBXDP.downcall(
        "xdp_program__bpf_obj", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle XDP_PROGRAM_NAME = LIBXDP.downcall(
        "xdp_program__name", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle XDP_PROGRAM_ID = LIBXDP.downcall(
        "xdp_program__id", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle XDP_MULTIPROG_GET_FROM_IFINDEX = LIBXDP.downcall(
        "xdp_multiprog__get_from_ifindex", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle XDP_MULTIPROG_NEXT_PROG = LIBXDP.downcall(
        "xdp_multiprog__next_prog", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle XDP_MULTIPROG_MAIN_PROG = LIBXDP.downcall(
        "xdp_multiprog__main_prog", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle XDP_MULTIPROG_IS_LEGACY = LIBXDP.downcall(
        "xdp_multiprog__is_legacy", FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));
    private static final MethodHandle XDP_MULTIPROG_ATTACH_MODE = LIBXDP.downcall(
        "xdp_multiprog__attach_mode", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle XDP_MULTIPROG_DETACH = LIBXDP.downcall(
        "xdp_multiprog__detach", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle XDP_MULTIPROG_CLOSE = LIBXDP.downcall(
        "xdp_multiprog__close", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle XSK_UMEM_CREATE = LIBXDP.downcall(
        "xsk_umem__create", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle XSK_UMEM_DELETE = LIBXDP.downcall(
        "xsk_umem__delete", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle XSK_SOCKET_CREATE = LIBXDP.downcall(
        "xsk_socket__create",
        FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle XSK_SOCKET_DELETE = LIBXDP.downcall(
        "xsk_socket__delete", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle XSK_SOCKET_FD = LIBXDP.downcall(
        "xsk_socket__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle XSK_SOCKET_UPDATE_XSKMAP = LIBXDP.downcall(
        "xsk_socket__update_xskmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    private LibXdp()
    {
    }

    /**
     * Why libxdp cannot be used, as one line saying what to install.
     *
     * @return the reason, or null when libxdp is loaded.
     */
    public static String unavailableReason()
    {
        return LIBXDP.unavailableReason();
    }

    /**
     * {@code libxdp_get_error}: the error encoded in a returned pointer.
     *
     * @param pointer returned by libxdp.
     * @return 0 for a valid pointer, else a negative errno.
     */
    public static int libxdpGetError(final MemorySegment pointer)
    {
        try
        {
            return (int)(long)LIBXDP_GET_ERROR.invokeExact(pointer);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code libxdp_strerror}: libxdp's own error numbers (beyond errno) and errno otherwise.
     *
     * @param error negative or positive error number.
     * @return its description.
     */
    public static String libxdpStrerror(final int error)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment buffer = arena.allocate(256);
            final int result = (int)LIBXDP_STRERROR.invokeExact(error, buffer, buffer.byteSize());

            return 0 == result ? buffer.getString(0) : LibC.strerror(error);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return LibC.strerror(error);
        }
    }

    /**
     * {@code libxdp_set_print}.
     *
     * @param printFunction {@code libxdp_print_fn_t}, or NULL to silence libxdp.
     * @return the previous function.
     */
    public static MemorySegment libxdpSetPrint(final MemorySegment printFunction)
    {
        try
        {
            return (MemorySegment)LIBXDP_SET_PRINT.invokeExact(printFunction);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return MemorySegment.NULL;
        }
    }

    /**
     * {@code xdp_program__open_file}.
     *
     * @param path        of the BPF object, NUL-terminated.
     * @param sectionName of the program, NUL-terminated, or NULL for the first program.
     * @return {@code struct xdp_program *}, check with {@link #libxdpGetError(MemorySegment)}.
     */
    public static MemorySegment xdpProgramOpenFile(final MemorySegment path, final MemorySegment sectionName)
    {
        try
        {
            return (MemorySegment)XDP_PROGRAM_OPEN_FILE.invokeExact(path, sectionName, MemorySegment.NULL);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return MemorySegment.NULL;
        }
    }

    /**
     * {@code xdp_program__attach}.
     *
     * @param program to attach.
     * @param ifindex of the interface.
     * @param mode    {@code enum xdp_attach_mode}, e.g. {@link #XDP_MODE_NATIVE} (not the XDP_FLAGS_* bits).
     * @param flags   0.
     * @return 0 or a negative error (see {@link #libxdpStrerror(int)}).
     */
    public static int xdpProgramAttach(final MemorySegment program, final int ifindex, final int mode, final int flags)
    {
        try
        {
            return (int)XDP_PROGRAM_ATTACH.invokeExact(program, ifindex, mode, flags);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code xdp_program__detach}.
     *
     * @param program attached before.
     * @param ifindex of the interface.
     * @param mode    it was attached in.
     * @param flags   0.
     * @return 0 or a negative error.
     */
    public static int xdpProgramDetach(final MemorySegment program, final int ifindex, final int mode, final int flags)
    {
        try
        {
            return (int)XDP_PROGRAM_DETACH.invokeExact(program, ifindex, mode, flags);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code xdp_program__close}: frees the program object (does not detach).
     *
     * @param program to free.
     */
    public static void xdpProgramClose(final MemorySegment program)
    {
        try
        {
            XDP_PROGRAM_CLOSE.invokeExact(program);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
        }
    }

    /**
     * {@code xdp_program__bpf_obj}.
     *
     * @param program opened from a file.
     * @return {@code struct bpf_object *} owned by the program.
     */
    public static MemorySegment xdpProgramBpfObj(final MemorySegment program)
    {
        try
        {
            return (MemorySegment)XDP_PROGRAM_BPF_OBJ.invokeExact(program);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return MemorySegment.NULL;
        }
    }

    /**
     * {@code xdp_program__name}.
     *
     * @param program any program object.
     * @return its name (the kernel keeps at most 15 characters).
     */
    public static String xdpProgramName(final MemorySegment program)
    {
        try
        {
            final MemorySegment name = (MemorySegment)XDP_PROGRAM_NAME.invokeExact(program);

            return MemorySegment.NULL.equals(name) ? "" : name.reinterpret(Integer.MAX_VALUE).getString(0);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return "";
        }
    }

    /**
     * {@code xdp_program__id}.
     *
     * @param program any program object.
     * @return the kernel's program id, 0 when not loaded.
     */
    public static int xdpProgramId(final MemorySegment program)
    {
        try
        {
            return (int)XDP_PROGRAM_ID.invokeExact(program);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return 0;
        }
    }

    /**
     * {@code xdp_multiprog__get_from_ifindex}: what is attached to an interface.
     *
     * @param ifindex of the interface.
     * @return {@code struct xdp_multiprog *}, check with {@link #libxdpGetError(MemorySegment)} (-ENOENT: none).
     */
    public static MemorySegment xdpMultiprogGetFromIfindex(final int ifindex)
    {
        try
        {
            return (MemorySegment)XDP_MULTIPROG_GET_FROM_IFINDEX.invokeExact(ifindex);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return MemorySegment.NULL;
        }
    }

    /**
     * {@code xdp_multiprog__next_prog}: iterate the programs behind a dispatcher.
     *
     * @param previous program, or NULL for the first.
     * @param multiprog of the interface.
     * @return the next program, or NULL.
     */
    public static MemorySegment xdpMultiprogNextProg(final MemorySegment previous, final MemorySegment multiprog)
    {
        try
        {
            return (MemorySegment)XDP_MULTIPROG_NEXT_PROG.invokeExact(previous, multiprog);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return MemorySegment.NULL;
        }
    }

    /**
     * {@code xdp_multiprog__main_prog}: the program the kernel runs (the dispatcher, or the single program).
     *
     * @param multiprog of the interface.
     * @return the program, or NULL.
     */
    public static MemorySegment xdpMultiprogMainProg(final MemorySegment multiprog)
    {
        try
        {
            return (MemorySegment)XDP_MULTIPROG_MAIN_PROG.invokeExact(multiprog);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return MemorySegment.NULL;
        }
    }

    /**
     * {@code xdp_multiprog__is_legacy}: a single program without libxdp's dispatcher.
     *
     * @param multiprog of the interface.
     * @return true when legacy.
     */
    public static boolean xdpMultiprogIsLegacy(final MemorySegment multiprog)
    {
        try
        {
            return (boolean)XDP_MULTIPROG_IS_LEGACY.invokeExact(multiprog);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return false;
        }
    }

    /**
     * {@code xdp_multiprog__attach_mode}.
     *
     * @param multiprog of the interface.
     * @return {@code enum xdp_attach_mode}.
     */
    public static int xdpMultiprogAttachMode(final MemorySegment multiprog)
    {
        try
        {
            return (int)XDP_MULTIPROG_ATTACH_MODE.invokeExact(multiprog);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return XDP_MODE_UNSPEC;
        }
    }

    /**
     * {@code xdp_multiprog__detach}: detach everything attached to the interface in that mode.
     *
     * @param multiprog of the interface.
     * @return 0 or a negative error.
     */
    public static int xdpMultiprogDetach(final MemorySegment multiprog)
    {
        try
        {
            return (int)XDP_MULTIPROG_DETACH.invokeExact(multiprog);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code xdp_multiprog__close}.
     *
     * @param multiprog to free.
     */
    public static void xdpMultiprogClose(final MemorySegment multiprog)
    {
        try
        {
            XDP_MULTIPROG_CLOSE.invokeExact(multiprog);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
        }
    }

    /**
     * {@code xsk_umem__create}.
     *
     * @param umemOut        receiving the {@code struct xsk_umem *}.
     * @param area           page-aligned packet memory.
     * @param size           of the area in bytes.
     * @param fillRing       {@code struct xsk_ring_prod} that libxdp fills in and keeps a pointer to.
     * @param completionRing {@code struct xsk_ring_cons} that libxdp fills in and keeps a pointer to.
     * @param config         {@code struct xsk_umem_config}.
     * @return 0 or a negative errno.
     */
    public static int xskUmemCreate(
        final MemorySegment umemOut,
        final MemorySegment area,
        final long size,
        final MemorySegment fillRing,
        final MemorySegment completionRing,
        final MemorySegment config)
    {
        try
        {
            return (int)XSK_UMEM_CREATE.invokeExact(umemOut, area, size, fillRing, completionRing, config);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code xsk_umem__delete}.
     *
     * @param umem to delete.
     * @return 0, or -EBUSY while a socket still uses it.
     */
    public static int xskUmemDelete(final MemorySegment umem)
    {
        try
        {
            return (int)XSK_UMEM_DELETE.invokeExact(umem);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code xsk_socket__create}.
     *
     * @param socketOut     receiving the {@code struct xsk_socket *}.
     * @param interfaceName NUL-terminated.
     * @param queueId       RX queue to bind.
     * @param umem          owning the frames.
     * @param rxRing        {@code struct xsk_ring_cons}, or NULL for no RX.
     * @param txRing        {@code struct xsk_ring_prod}, or NULL for no TX.
     * @param config        {@code struct xsk_socket_config}.
     * @return 0 or a negative errno.
     */
    public static int xskSocketCreate(
        final MemorySegment socketOut,
        final MemorySegment interfaceName,
        final int queueId,
        final MemorySegment umem,
        final MemorySegment rxRing,
        final MemorySegment txRing,
        final MemorySegment config)
    {
        try
        {
            return (int)XSK_SOCKET_CREATE.invokeExact(socketOut, interfaceName, queueId, umem, rxRing, txRing, config);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code xsk_socket__delete}: closes the socket and unmaps its rings.
     *
     * @param socket to delete.
     */
    public static void xskSocketDelete(final MemorySegment socket)
    {
        try
        {
            XSK_SOCKET_DELETE.invokeExact(socket);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
        }
    }

    /**
     * {@code xsk_socket__fd}.
     *
     * @param socket AF_XDP socket.
     * @return its file descriptor.
     */
    public static int xskSocketFd(final MemorySegment socket)
    {
        try
        {
            return (int)XSK_SOCKET_FD.invokeExact(socket);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    /**
     * {@code xsk_socket__update_xskmap}: put the socket in the XSKMAP slot of its queue.
     *
     * @param socket   AF_XDP socket.
     * @param xskMapFd file descriptor of the program's XSKMAP.
     * @return 0 or a negative errno.
     */
    public static int xskSocketUpdateXskmap(final MemorySegment socket, final int xskMapFd)
    {
        try
        {
            return (int)XSK_SOCKET_UPDATE_XSKMAP.invokeExact(socket, xskMapFd);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    // ---- least privilege: the program's descriptor, for LibBpf#bpfXdpDetachProgram ----

    private static final MethodHandle XDP_PROGRAM_FD = LIBXDP.downcall(
        "xdp_program__fd", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /**
     * {@code xdp_program__fd}.
     *
     * @param program a loaded program.
     * @return its file descriptor, or a negative errno when not loaded.
     */
    public static int xdpProgramFd(final MemorySegment program)
    {
        try
        {
            return (int)XDP_PROGRAM_FD.invokeExact(program);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }
}
