package io.xdpfeed.nativeio;

import org.agrona.LangUtil;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.util.BitSet;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc functions the ingress needs: interface index, CPU affinity, memory locking, socket options and the
 * non-blocking wake-up calls of an AF_XDP socket.
 * <p>
 * Setup calls return a negative errno on failure (the convention of libbpf and libxdp) so that callers build one
 * error message; {@link #strerror(int)} names it. The wake-up calls ({@link #recvfromDontWait(int)},
 * {@link #sendtoDontWait(int)}) are critical downcalls without errno capture: they are on the receive path.
 */
public final class LibC
{
    /** {@code SOL_XDP}: socket option level of AF_XDP. */
    public static final int SOL_XDP = 283;
    /** {@code XDP_STATISTICS}: getsockopt name returning struct xdp_statistics. */
    public static final int XDP_STATISTICS = 7;
    /** {@code MSG_DONTWAIT}. */
    public static final int MSG_DONTWAIT = 0x40;
    /** {@code MCL_CURRENT}: lock the pages mapped now. */
    public static final int MCL_CURRENT = 1;
    /** {@code MCL_FUTURE}: lock the pages mapped later. */
    public static final int MCL_FUTURE = 2;
    /** {@code EPERM}. */
    public static final int EPERM = 1;
    /** {@code ENOENT}. */
    public static final int ENOENT = 2;
    /** {@code E2BIG}. */
    public static final int E2BIG = 7;
    /** {@code EEXIST}. */
    public static final int EEXIST = 17;
    /** {@code ENODEV}. */
    public static final int ENODEV = 19;
    /** {@code EINVAL}. */
    public static final int EINVAL = 22;
    /** {@code EOPNOTSUPP}. */
    public static final int EOPNOTSUPP = 95;
    /** {@code EBUSY}. */
    public static final int EBUSY = 16;
    /** {@code EINTR}: a blocking call interrupted by a signal. */
    public static final int EINTR = 4;
    /** {@code EAGAIN}: try again (a full ring or socket buffer). */
    public static final int EAGAIN = 11;
    /** {@code ENOBUFS}: the device had no buffer for the packet. */
    public static final int ENOBUFS = 105;

    /** {@code SCHED_OTHER}: the default time-sharing policy. */
    public static final int SCHED_OTHER = 0;
    /** {@code SCHED_FIFO}: real-time, runs until it blocks or a higher priority task is runnable. */
    public static final int SCHED_FIFO = 1;

    /** Bytes of a {@code cpu_set_t} (1024 CPUs). */
    public static final int CPU_SET_SIZE = 128;

    static final NativeLinking.Library LIBC = NativeLinking.libc();
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle IF_NAMETOINDEX = LIBC.downcall(
        "if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SCHED_SETAFFINITY = LIBC.downcall(
        "sched_setaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SCHED_GETAFFINITY = LIBC.downcall(
        "sched_getaffinity", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SCHED_SETSCHEDULER = LIBC.downcall(
        "sched_setscheduler", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle SETPRIORITY = LIBC.downcall(
        "setpriority", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle MLOCKALL = LIBC.downcall(
        "mlockall", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle GETSOCKOPT = LIBC.downcall(
        "getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle RECVFROM = LIBC.downcall(
        "recvfrom", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS),
        Linker.Option.critical(false));
    private static final MethodHandle SENDTO = LIBC.downcall(
        "sendto", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT),
        Linker.Option.critical(false));
    private static final MethodHandle GETPID = LIBC.downcall("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETTID = LIBC.downcall("gettid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEUID = LIBC.downcall("geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle STRERROR = LIBC.downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private LibC()
    {
    }

    /**
     * {@code if_nametoindex(3)}.
     *
     * @param interfaceName e.g. {@code eth0}.
     * @return the interface index, or a negative errno ({@code -ENODEV} when there is no such interface).
     */
    public static int ifNameToIndex(final String interfaceName)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final int index = (int)IF_NAMETOINDEX.invokeExact(callState, arena.allocateFrom(interfaceName));

            return 0 != index ? index : -errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -EINVAL;
        }
    }

    /**
     * {@code sched_setaffinity(2)} on the calling thread.
     *
     * @param cpus the CPUs the thread may run on (indices below 1024).
     * @return 0, or a negative errno ({@code -EINVAL} when no CPU of the set is online and allowed).
     */
    public static int schedSetAffinity(final BitSet cpus)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final MemorySegment mask = arena.allocate(CPU_SET_SIZE, 8);
            final long[] words = cpus.toLongArray();
            for (int i = 0; i < words.length && i < CPU_SET_SIZE / 8; i++)
            {
                mask.setAtIndex(JAVA_LONG, i, words[i]);
            }
            final int result = (int)SCHED_SETAFFINITY.invokeExact(callState, 0, (long)CPU_SET_SIZE, mask);

            return 0 == result ? 0 : -errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -EINVAL;
        }
    }

    /**
     * {@code sched_getaffinity(2)} of the calling thread.
     *
     * @return the CPUs the calling thread may run on.
     */
    public static BitSet schedGetAffinity()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final MemorySegment mask = arena.allocate(CPU_SET_SIZE, 8);
            final int result = (int)SCHED_GETAFFINITY.invokeExact(callState, 0, (long)CPU_SET_SIZE, mask);
            if (0 != result)
            {
                throw new IllegalStateException("sched_getaffinity failed: " + strerror(errno(callState)));
            }

            return BitSet.valueOf(mask.toArray(JAVA_LONG));
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return new BitSet();
        }
    }

    /**
     * {@code sched_setscheduler(2)} on the calling thread.
     *
     * @param policy   e.g. {@link #SCHED_FIFO}.
     * @param priority 1..99 for a real-time policy, 0 for {@link #SCHED_OTHER}.
     * @return 0, or a negative errno ({@code -EPERM} without CAP_SYS_NICE).
     */
    public static int schedSetScheduler(final int policy, final int priority)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final MemorySegment param = arena.allocate(JAVA_INT);
            param.set(JAVA_INT, 0, priority);
            final int result = (int)SCHED_SETSCHEDULER.invokeExact(callState, 0, policy, param);

            return 0 == result ? 0 : -errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -EINVAL;
        }
    }

    /**
     * {@code setpriority(PRIO_PROCESS, gettid(), nice)}: the nice value of the calling thread only (Linux).
     *
     * @param nice -20 (most favoured) to 19.
     * @return 0, or a negative errno ({@code -EACCES} lowering it without CAP_SYS_NICE).
     */
    public static int setThreadNice(final int nice)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final int result = (int)SETPRIORITY.invokeExact(callState, 0, gettid(), nice);

            return 0 == result ? 0 : -errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -EINVAL;
        }
    }

    /**
     * {@code mlockall(2)}.
     *
     * @param flags {@link #MCL_CURRENT} and/or {@link #MCL_FUTURE}.
     * @return 0, or a negative errno.
     */
    public static int mlockAll(final int flags)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final int result = (int)MLOCKALL.invokeExact(callState, flags);

            return 0 == result ? 0 : -errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -EINVAL;
        }
    }

    /**
     * {@code getsockopt(2)}.
     *
     * @param fd     socket.
     * @param level  e.g. {@link #SOL_XDP}.
     * @param name   e.g. {@link #XDP_STATISTICS}.
     * @param value  receiving the option.
     * @param length a 4-byte {@code socklen_t}: in, the size of value; out, the bytes written.
     * @return 0, or a negative errno.
     */
    public static int getsockopt(
        final int fd, final int level, final int name, final MemorySegment value, final MemorySegment length)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final int result = (int)GETSOCKOPT.invokeExact(callState, fd, level, name, value, length);

            return 0 == result ? 0 : -errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -EINVAL;
        }
    }

    /**
     * {@code recvfrom(fd, NULL, 0, MSG_DONTWAIT, NULL, NULL)}: asks the kernel to process an AF_XDP socket's fill
     * ring (the wake-up of {@code XDP_USE_NEED_WAKEUP}). Does not block.
     *
     * @param fd AF_XDP socket.
     * @return the syscall's result (-1 with EAGAIN is normal).
     */
    public static long recvfromDontWait(final int fd)
    {
        try
        {
            return (long)RECVFROM.invokeExact(
                fd, MemorySegment.NULL, 0L, MSG_DONTWAIT, MemorySegment.NULL, MemorySegment.NULL);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    /**
     * {@code sendto(fd, NULL, 0, MSG_DONTWAIT, NULL, 0)}: asks the kernel to transmit what is on an AF_XDP socket's
     * TX ring. Does not block.
     *
     * @param fd AF_XDP socket.
     * @return the syscall's result (-1 with EAGAIN or EBUSY is normal, retry on the next kick).
     */
    public static long sendtoDontWait(final int fd)
    {
        try
        {
            return (long)SENDTO.invokeExact(fd, MemorySegment.NULL, 0L, MSG_DONTWAIT, MemorySegment.NULL, 0);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    /**
     * {@code getpid(2)}.
     *
     * @return the process id.
     */
    public static int getpid()
    {
        try
        {
            return (int)GETPID.invokeExact();
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    /**
     * {@code gettid(2)}.
     *
     * @return the kernel id of the calling thread.
     */
    public static int gettid()
    {
        try
        {
            return (int)GETTID.invokeExact();
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    /**
     * {@code geteuid(2)}.
     *
     * @return the effective user id, 0 for root.
     */
    public static int geteuid()
    {
        try
        {
            return (int)GETEUID.invokeExact();
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    // ---- parent death: a child process of ours dies with its parent (prctl PR_SET_PDEATHSIG, getppid) ----

    /** {@code PR_SET_PDEATHSIG}: signal sent to this process when its parent thread dies. */
    public static final int PR_SET_PDEATHSIG = 1;
    /** {@code PR_GET_PDEATHSIG}: read the parent-death signal. */
    public static final int PR_GET_PDEATHSIG = 2;
    /** {@code SIGKILL}. */
    public static final int SIGKILL = 9;
    /** {@code SIGTERM}. */
    public static final int SIGTERM = 15;

    // prctl(2) is variadic in glibc (int prctl(int option, ...)): the arguments after the option are passed as such
    private static final MethodHandle PRCTL = LIBC.downcall(
        "prctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
        CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    private static final MethodHandle GETPPID = LIBC.downcall("getppid", FunctionDescriptor.of(JAVA_INT));

    /**
     * {@code prctl(PR_SET_PDEATHSIG, signal)}: the kernel sends {@code signal} to this process when the thread that
     * created it ends (with its process, or alone). Kept across execve(2) except of set-user-ID programs.
     *
     * @param signal e.g. {@link #SIGTERM}, 0 to clear.
     * @return 0, or a negative errno.
     */
    public static int setParentDeathSignal(final int signal)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final int result = (int)PRCTL.invokeExact(callState, PR_SET_PDEATHSIG, (long)signal, 0L, 0L, 0L);

            return 0 == result ? 0 : -errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -EINVAL;
        }
    }

    /**
     * {@code prctl(PR_GET_PDEATHSIG)}.
     *
     * @return the parent-death signal (0 for none), or a negative errno.
     */
    public static int parentDeathSignal()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final MemorySegment signal = arena.allocate(JAVA_INT);
            final int result = (int)PRCTL.invokeExact(callState, PR_GET_PDEATHSIG, signal.address(), 0L, 0L, 0L);

            return 0 == result ? signal.get(JAVA_INT, 0) : -errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -EINVAL;
        }
    }

    /**
     * {@code getppid(2)}.
     *
     * @return the process id of the parent: another one (1, or a subreaper) once the parent has died.
     */
    public static int getppid()
    {
        try
        {
            return (int)GETPPID.invokeExact();
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    // ---- end of parent death ----

    /**
     * {@code strerror(3)}, accepting a positive or negative errno.
     *
     * @param errno error number, either sign.
     * @return its description, e.g. "No such device".
     */
    public static String strerror(final int errno)
    {
        try
        {
            final MemorySegment message = (MemorySegment)STRERROR.invokeExact(Math.abs(errno));

            return message.reinterpret(Integer.MAX_VALUE).getString(0);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return "errno " + errno;
        }
    }

    static int errno(final MemorySegment callState)
    {
        return (int)ERRNO.get(callState, 0L);
    }

    // ---- The XDP ownership lock file (io.xdpfeed.xdp.XdpOwnerLock): open, flock, close. Kept in one block at the
    // end of the class, apart from the rest, to ease merging.

    /** {@code EWOULDBLOCK} ({@code EAGAIN}): {@link #flockExclusiveNonBlocking(int)} on a file locked elsewhere. */
    public static final int EWOULDBLOCK = 11;

    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0100;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final int LOCK_FILE_MODE = 0644;
    private static final int LOCK_EX = 2;
    private static final int LOCK_NB = 4;

    private static final MethodHandle OPEN = LIBC.downcall(
        "open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE_ERRNO,
        Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FLOCK = LIBC.downcall(
        "flock", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle CLOSE = LIBC.downcall(
        "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);

    /**
     * {@code open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644)}: a lock file, created when absent, not
     * inherited by child processes.
     *
     * @param path of the file.
     * @return the file descriptor, or a negative errno.
     */
    public static int openLockFile(final String path)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final int fd = (int)OPEN.invokeExact(callState, arena.allocateFrom(path),
                O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, LOCK_FILE_MODE);

            return fd >= 0 ? fd : -errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -EINVAL;
        }
    }

    /**
     * {@code flock(fd, LOCK_EX | LOCK_NB)}: the lock belongs to the open file description, so that closing another
     * descriptor of the same file (unlike an fcntl lock) does not release it; the kernel releases it when the last
     * descriptor closes, also when the process is killed.
     *
     * @param fd of the file.
     * @return 0, or a negative errno ({@code -EWOULDBLOCK} when locked elsewhere).
     */
    public static int flockExclusiveNonBlocking(final int fd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final int result = (int)FLOCK.invokeExact(callState, fd, LOCK_EX | LOCK_NB);

            return 0 == result ? 0 : -errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -EINVAL;
        }
    }

    /**
     * {@code close(2)}.
     *
     * @param fd to close.
     * @return 0, or a negative errno.
     */
    public static int close(final int fd)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(CALL_STATE);
            final int result = (int)CLOSE.invokeExact(callState, fd);

            return 0 == result ? 0 : -errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -EINVAL;
        }
    }
}
