package io.xdpfeed.bench.live;

import io.xdpfeed.nativeio.ParentDeath;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program of ours started as a separate process (a JVM, usually inside a lab namespace through
 * {@code ip netns exec}), its output in a log file. {@link #close()} stops it with SIGTERM, so that it shuts down
 * cleanly (the handler detaches its XDP program and removes its media driver's directory), and kills it when it does
 * not end within a few seconds. A JVM shutdown hook stops it too, and when this JVM is killed outright
 * ({@code kill -9}) the child gets SIGTERM from the kernel ({@link ParentDeath}).
 */
public final class ChildProcess implements AutoCloseable
{
    /** Flags every JVM of ours needs (as scripts/java-common). */
    public static final List<String> JVM_FLAGS = List.of(
        "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
        "-XX:+UseParallelGC", "-XX:+UseTransparentHugePages");

    private static final long STOP_TIMEOUT_MS = 10_000;
    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();
    /**
     * Every child is started from this one thread. The kernel's parent-death signal (which the child arms, see
     * {@link ParentDeath}) fires when the THREAD that created the child ends, not the process: a child started from
     * a short-lived thread (a test's timeout thread, a pool worker, a thread of a session) would be killed when that
     * thread ends. This daemon thread is never ended and never replaced (submit() keeps a task's exception from
     * killing the worker), so it lives exactly as long as this JVM.
     */
    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(runnable ->
    {
        final Thread thread = new Thread(runnable, "xdpfeed-child-launcher");
        thread.setDaemon(true);
        return thread;
    });

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread shutdownHook;

    private ChildProcess(final String name, final Process process, final Path log)
    {
        this.name = name;
        this.process = process;
        this.log = log;
        shutdownHook = new Thread(this::stop, "xdpfeed-stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        RUNNING.add(this);
    }

    /**
     * Stop every child process still running (before the lab they run in goes down).
     */
    public static void stopAll()
    {
        for (final ChildProcess child : RUNNING)
        {
            child.stop();
        }
    }

    /**
     * Start a process.
     *
     * @param name    for messages.
     * @param command the command line.
     * @param log     file receiving its standard output and error.
     * @return the running process.
     */
    public static ChildProcess start(final String name, final List<String> command, final Path log)
    {
        try
        {
            Files.createDirectories(log.toAbsolutePath().getParent());
            final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
            // the child dies with this process: it arms PR_SET_PDEATHSIG and checks that its parent is this pid
            // (a prefix such as ip netns exec, taskset or nice exec()s, so this JVM stays the parent)
            builder.environment().put(ParentDeath.PARENT_PID_ENV, Long.toString(ProcessHandle.current().pid()));
            final Process process = LAUNCHER.submit(builder::start).get();
            return new ChildProcess(name, process, log);
        }
        catch (final IOException | ExecutionException ex)
        {
            final Throwable cause = ex instanceof ExecutionException ? ex.getCause() : ex;
            throw new IllegalStateException("cannot start " + name + " (" + String.join(" ", command) + "): " +
                cause.getMessage(), cause);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + name, ex);
        }
    }

    /**
     * The command line of a Java program on this JVM's class path.
     *
     * @param prefix    e.g. {@code ip netns exec NS} or {@code taskset -c 0}, may be empty.
     * @param jvmArgs   extra JVM arguments (system properties).
     * @param mainClass the program.
     * @param args      its arguments.
     * @return the command.
     */
    public static List<String> java(
        final List<String> prefix, final List<String> jvmArgs, final String mainClass, final List<String> args)
    {
        final List<String> command = new ArrayList<>(prefix);
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(JVM_FLAGS);
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * Wait until the log holds a line containing {@code text}.
     *
     * @param text      to look for.
     * @param timeoutMs how long to wait.
     * @return the first line that contains it.
     * @throws IllegalStateException when the process ends first or the time is up, with the log's tail.
     */
    public String awaitLine(final String text, final long timeoutMs)
    {
        return awaitLine(line -> line.contains(text), "'" + text + "'", timeoutMs);
    }

    /**
     * Wait until the log holds a matching line.
     *
     * @param matcher     of the line.
     * @param description for the message.
     * @param timeoutMs   how long to wait.
     * @return the first matching line.
     * @throws IllegalStateException when the process ends first or the time is up, with the log's tail.
     */
    public String awaitLine(final Predicate<String> matcher, final String description, final long timeoutMs)
    {
        final long deadlineMs = System.currentTimeMillis() + timeoutMs;
        while (true)
        {
            for (final String line : lines())
            {
                if (matcher.test(line))
                {
                    return line;
                }
            }
            if (!process.isAlive())
            {
                throw new IllegalStateException(name + " ended (exit " + process.exitValue() + ") before " +
                    description + ":\n" + tail(30));
            }
            if (System.currentTimeMillis() > deadlineMs)
            {
                throw new IllegalStateException(name + " did not print " + description + " within " + timeoutMs +
                    " ms:\n" + tail(30));
            }
            sleep(50);
        }
    }

    /**
     * Wait for the process to end by itself.
     *
     * @param timeoutMs how long to wait.
     * @return its exit code.
     * @throws IllegalStateException when it is still running after the time, with the log's tail (it is stopped).
     */
    public int awaitExit(final long timeoutMs)
    {
        try
        {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
            {
                stop();
                throw new IllegalStateException(name + " still running after " + timeoutMs + " ms:\n" + tail(30));
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            stop();
            throw new IllegalStateException("interrupted while waiting for " + name, ex);
        }
    }

    /**
     * @return true while running.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * @return the process id.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * @return the log file.
     */
    public Path log()
    {
        return log;
    }

    /**
     * @return every line of the log so far.
     */
    public List<String> lines()
    {
        try
        {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    /**
     * @param count lines.
     * @return the last lines of the log, joined.
     */
    public String tail(final int count)
    {
        final List<String> lines = lines();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    /**
     * Stop the process (SIGTERM, then SIGKILL after 10 s) and wait for it.
     */
    public void close()
    {
        stop();
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ignore)
        {
            // shutting down: the hook runs stop() too
        }
    }

    /**
     * @return the exit code, or -1 while running.
     */
    public int exitValue()
    {
        return process.isAlive() ? -1 : process.exitValue();
    }

    private void stop()
    {
        RUNNING.remove(this);
        if (!process.isAlive())
        {
            return;
        }
        process.destroy();
        try
        {
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(final long ms)
    {
        try
        {
            Thread.sleep(ms);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
