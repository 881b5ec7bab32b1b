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
 * During a {@link #capture()} on the calling thread (attaching or detaching the XDP program) the lines are kept, not
 * printed: libbpf prints a whole verifier log (dozens of lines) when a load fails, even one that libxdp then works
 * around, so the caller reports one line ({@link Capture#summary()}) and the lines go to DEBUG. System property
 * {@value #LOG_PROPERTY}{@code =full} prints every line at its level instead, as outside a capture.
 * <p>
 * The print callbacks receive a {@code va_list}; it is formatted with {@code vsnprintf}, to which it is passed as a
 * pointer (how both the x86-64 and AArch64 ABIs pass a {@code va_list} argument).
 */
public final class NativeLog
{
    /** System property: {@code full} prints every native line, {@code short} (the default) collapses captures. */
    public static final String LOG_PROPERTY = "xdpfeed.native.log";

    private static final System.Logger LIBXDP_LOGGER = System.getLogger("io.xdpfeed.nativeio.libxdp");
    private static final System.Logger LIBBPF_LOGGER = System.getLogger("io.xdpfeed.nativeio.libbpf");
    private static final int LINE_LENGTH = 1024;
    private static final int LEVEL_WARN = 0;
    private static final FunctionDescriptor PRINT_FN = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle VSNPRINTF = NativeLinking.libc().downcall(
        "vsnprintf", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    private static final boolean FULL_LOG = "full".equalsIgnoreCase(System.getProperty(LOG_PROPERTY, "short"));
    private static final ThreadLocal<Capture> CAPTURE = new ThreadLocal<>();

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

    /**
     * Keep the native lines printed by this thread until the capture is closed (set-up and tear-down only).
     *
     * @return the capture, to close in a finally block.
     */
    public static Capture capture()
    {
        final Capture capture = new Capture(CAPTURE.get());
        CAPTURE.set(capture);
        return capture;
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
            final Capture capture = FULL_LOG ? null : CAPTURE.get();
            final System.Logger.Level javaLevel = LEVEL_WARN == level && null == capture ?
                System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
            if (null == capture && !logger.isLoggable(javaLevel))
            {
                return 0;
            }
            try (Arena arena = Arena.ofConfined())
            {
                final MemorySegment line = arena.allocate(LINE_LENGTH);
                final int length = (int)VSNPRINTF.invokeExact(line, (long)LINE_LENGTH, format, args);
                if (length > 0)
                {
                    final String text = line.getString(0).stripTrailing();
                    if (null != capture)
                    {
                        capture.add(LEVEL_WARN == level, text);
                    }
                    if (logger.isLoggable(javaLevel))
                    {
                        logger.log(javaLevel, text);
                    }
                }

                return length;
            }
        }
        catch (final Throwable ignore)
        {
            return 0;
        }
    }

    /**
     * The native lines printed by one thread between {@link #capture()} and {@link #close()}.
     */
    public static final class Capture implements AutoCloseable
    {
        private static final java.util.regex.Pattern FAILURE = java.util.regex.Pattern.compile(
            "(?i)fail|error|denied|not permitted|invalid");

        private final Capture outer;
        private String firstWarning;
        private String firstFailure;
        private int warnings;
        private int lines;

        private Capture(final Capture outer)
        {
            this.outer = outer;
        }

        private void add(final boolean warning, final String text)
        {
            lines++;
            if (warning && !text.isEmpty())
            {
                warnings++;
                if (null == firstWarning)
                {
                    firstWarning = text;
                }
                if (null == firstFailure && FAILURE.matcher(text).find())
                {
                    firstFailure = text;
                }
            }
        }

        /**
         * Warnings printed (a verifier log counts one per line).
         *
         * @return the number of warning lines.
         */
        public int warnings()
        {
            return warnings;
        }

        /**
         * The first warning saying what failed (else the first warning) and how many lines there were, as one line.
         *
         * @return e.g. {@code libbpf: prog 'x': BPF program load failed: Permission denied (61 warning lines of
         *     230, -Dxdpfeed.native.log=full prints them)}, or null when no warning was printed.
         */
        public String summary()
        {
            if (0 == warnings)
            {
                return null;
            }
            final String first = null != firstFailure ? firstFailure : firstWarning;
            return first + (lines > 1 ? " (" + warnings + " warning lines of " + lines + ", -D" + LOG_PROPERTY +
                "=full prints them)" : "");
        }

        /**
         * Stop capturing on this thread (an enclosing capture, if any, resumes).
         */
        @Override
        public void close()
        {
            if (null == outer)
            {
                CAPTURE.remove();
            }
            else
            {
                CAPTURE.set(outer);
            }
        }
    }
}
