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
 * The libc calls of least privilege (io.xdpfeed.xdp.XdpPrivileges, the handler's AeronDirectoryPermissions): the
 * calling thread's capabilities ({@code capget}/{@code capset}), the memlock limit ({@code getrlimit}) and the
 * {@code umask}. Setup only, never on the hot path.
 */
public final class LibCapabilities
{
    /** {@code RLIMIT_MEMLOCK}: bytes of memory that may be locked (and of AF_XDP UMEM without CAP_IPC_LOCK). */
    public static final int RLIMIT_MEMLOCK = 8;
    /** {@code RLIM_INFINITY}: no limit. */
    public static final long RLIM_INFINITY = -1L;
    /** {@code _LINUX_CAPABILITY_VERSION_3}: 64-bit capability sets in two 32-bit words. */
    private static final int LINUX_CAPABILITY_VERSION_3 = 0x20080522;

    private static final MethodHandle GETRLIMIT = LibC.LIBC.downcall(
        "getrlimit", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), LibC.CAPTURE_ERRNO);
    private static final MethodHandle CAPGET = LibC.LIBC.downcall(
        "capget", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), LibC.CAPTURE_ERRNO);
    private static final MethodHandle CAPSET = LibC.LIBC.downcall(
        "capset", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), LibC.CAPTURE_ERRNO);
    private static final MethodHandle UMASK = LibC.LIBC.downcall("umask", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    /**
     * {@code getrlimit(2)}: the soft limit of a resource.
     *
     * @param resource e.g. {@link #RLIMIT_MEMLOCK}.
     * @return the soft limit in bytes ({@link #RLIM_INFINITY} for none), or {@link Long#MIN_VALUE} when it fails.
     */
    public static long getrlimitSoft(final int resource)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(LibC.CALL_STATE);
            final MemorySegment limit = arena.allocate(16, 8);
            final int result = (int)GETRLIMIT.invokeExact(callState, resource, limit);

            return 0 == result ? limit.get(JAVA_LONG, 0) : Long.MIN_VALUE;
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return Long.MIN_VALUE;
        }
    }

    /**
     * {@code capget(2)} of the calling thread (capabilities are per thread on Linux).
     *
     * @return {effective, permitted, inheritable} as 64-bit masks (bit n = capability n).
     */
    public static long[] capget()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(LibC.CALL_STATE);
            final MemorySegment header = capHeader(arena);
            final MemorySegment data = arena.allocate(24, 4);
            final int result = (int)CAPGET.invokeExact(callState, header, data);
            if (0 != result)
            {
                throw new IllegalStateException("capget failed: " + LibC.strerror(LibC.errno(callState)));
            }

            return new long[]{capWords(data, 0), capWords(data, 4), capWords(data, 8)};
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return new long[3];
        }
    }

    /**
     * {@code capset(2)} on the calling thread only. Lowering permitted or inheritable also lowers the ambient set
     * (an ambient capability must be both); threads started afterwards by this thread inherit the result.
     *
     * @param effective   new effective set, a subset of permitted.
     * @param permitted   new permitted set, a subset of the current one.
     * @param inheritable new inheritable set.
     * @return 0, or a negative errno ({@code -LibC.EPERM} when raising what is not permitted).
     */
    public static int capset(final long effective, final long permitted, final long inheritable)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment callState = arena.allocate(LibC.CALL_STATE);
            final MemorySegment header = capHeader(arena);
            final MemorySegment data = arena.allocate(24, 4);
            final long[] sets = {effective, permitted, inheritable};
            for (int i = 0; i < sets.length; i++)
            {
                data.set(JAVA_INT, 4L * i, (int)sets[i]);
                data.set(JAVA_INT, 12 + 4L * i, (int)(sets[i] >>> 32));
            }
            final int result = (int)CAPSET.invokeExact(callState, header, data);

            return 0 == result ? 0 : -LibC.errno(callState);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -LibC.EINVAL;
        }
    }

    /**
     * {@code umask(2)}: the mode bits removed from every file and directory this process creates from now on (the
     * mask is shared by all threads).
     *
     * @param mask e.g. {@code 0007}.
     * @return the previous mask.
     */
    public static int umask(final int mask)
    {
        try
        {
            return (int)UMASK.invokeExact(mask);
        }
        catch (final Throwable t)
        {
            LangUtil.rethrowUnchecked(t);
            return -1;
        }
    }

    private static MemorySegment capHeader(final Arena arena)
    {
        final MemorySegment header = arena.allocate(8, 4);
        header.set(JAVA_INT, 0, LINUX_CAPABILITY_VERSION_3);
        header.set(JAVA_INT, 4, 0);
        return header;
    }

    /**
     * struct __user_cap_data_struct[2]: {effective, permitted, inheritable} of bits 0..31, then of bits 32..63.
     */
    private static long capWords(final MemorySegment data, final int offset)
    {
        return Integer.toUnsignedLong(data.get(JAVA_INT, offset)) |
            Integer.toUnsignedLong(data.get(JAVA_INT, 12 + offset)) << 32;
    }

    private LibCapabilities()
    {
    }
}
