package io.xdpfeed.nativeio;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Routes the messages of libxdp and libbpf (which otherwise print to stderr) into {@link System.Logger}s named
 * {@code io.xdpfeed.nativeio.libxdp} and {@code io.xdpfeed.nativeio.libbpf}: their warnings as WARNING, their
 * information and debug lines as DEBUG (libbpf is chatty about ELF sections it does not know).
 * <p>
 * The print callbacks receive a {@code va_list}; it is formatted with {@code vsnprintf}, to which it is passed as a
 * pointer (how both the x86-64 and AArch64 ABIs pass a {@code va_list} argument).
 */
public final class NativeLog
{
    private static final System.Logger LIBXDP_LOGGER = System.getLogger("io.xdpfeed.nativeio.libxdp");
    private static final System.Logger LIBBPF_LOGGER = System.getLogger("io.xdpfeed.nativeio.libbpf");
    private static final int LINE_LENGTH = 1024;
    private static final int LEVEL_WARN = 0;
    private static final FunctionDescriptor PRINT_FN = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle VSNPRINTF = NativeLinking.libc().downcall(
        "vsnprintf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    private static boolean installed;

    private NativeLog()
    {
    }

    /**
     * Install the callbacks once per process; later calls do nothing. A library that is not installed is skipped.
     */
    public static synchronized void install()
    {
        if (installed)
        {
            return;
        }
        installed = true;

        try
        {
            final MethodType type = MethodType.methodType(
                int.class, int.class, MemorySegment.class, MemorySegment.class);
            final MethodHandle libxdp = MethodHandles.lookup().findStatic(NativeLog.class, "printLibxdp", type);
            final MethodHandle libbpf = MethodHandles.lookup().findStatic(NativeLog.class, "printLibbpf", type);
            if (null == LibXdp.unavailableReason())
            {
                LibXdp.libxdpSetPrint(NativeLinking.LINKER.upcallStub(libxdp, PRINT_FN, Arena.global()));
            }
            if (null == LibBpf.unavailableReason())
            {
                LibBpf.libbpfSetPrint(NativeLinking.LINKER.upcallStub(libbpf, PRINT_FN, Arena.global()));
            }
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static int printLibxdp(final int level, final MemorySegment format, final MemorySegment args)
    {
        return print(LIBXDP_LOGGER, level, format, args);
    }

    private static int printLibbpf(final int level, final MemorySegment format, final MemorySegment args)
    {
        return print(LIBBPF_LOGGER, level, format, args);
    }

    private static int print(
        final System.Logger logger, final int level, final MemorySegment format, final MemorySegment args)
    {
        // an exception escaping an upcall ends the JVM: nothing leaves this method
        try
        {
            final System.Logger.Level javaLevel = LEVEL_WARN == level ?
                System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
            if (!logger.isLoggable(javaLevel))
            {
                return 0;
            }
            try (Arena arena = Arena.ofConfined())
            {
                final MemorySegment line = arena.allocate(LINE_LENGTH);
                final int length = (int)VSNPRINTF.invokeExact(line, (long)LINE_LENGTH, format, args);
                if (length > 0)
                {
                    logger.log(javaLevel, line.getString(0).stripTrailing());
                }

                return length;
            }
        }
        catch (final Throwable ignore)
        {
            return 0;
        }
    }
}
