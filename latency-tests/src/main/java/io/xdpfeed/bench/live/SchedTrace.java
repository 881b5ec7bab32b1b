package io.xdpfeed.bench.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A private tracefs instance ({@code <tracefs>/instances/<name>}) recording the scheduler on the receive thread's CPU
 * (every CPU when it is not pinned) while the live path runs: {@code sched_switch} (all but the receive thread and
 * the subscriber handing the CPU to each other by yielding, which on a quiet machine are 99% of the switches and
 * would fill the buffer), {@code sched_wakeup} onto that CPU, and its softirqs and {@code napi_poll}s. The clock is
 * {@code mono} (CLOCK_MONOTONIC: the clock of {@code System.nanoTime()} and of the XDP program's stamp); the thread
 * group id of each event's task is recorded ({@code record-tgid}) so threads can be told apart by process. Nothing is
 * read while it records; {@link #copyTo(Path)} copies the text afterwards, and {@link #close()} removes the instance.
 */
public final class SchedTrace implements AutoCloseable
{
    /** Buffer per CPU: enough for a 20 s run with the yield handoffs filtered out. */
    static final int BUFFER_KB = 65_536;

    private final Path instance;
    private boolean removed;

    private SchedTrace(final Path instance)
    {
        this.instance = instance;
    }

    /**
     * Where tracefs is mounted.
     *
     * @return the mount point ({@code /sys/kernel/tracing} first), or null when tracefs is not mounted.
     */
    static Path tracefs()
    {
        try
        {
            Path found = null;
            for (final String line : Files.readAllLines(Path.of("/proc/mounts")))
            {
                final String[] fields = line.split(" ");
                if (fields.length > 2 && "tracefs".equals(fields[2]))
                {
                    final Path mount = Path.of(fields[1]);
                    if (found == null || mount.equals(Path.of("/sys/kernel/tracing")))
                    {
                        found = mount;
                    }
                }
            }
            return found;
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /**
     * @return why tracing cannot run here, or null when it can.
     */
    public static String unavailableReason()
    {
        final Path tracefs = tracefs();
        if (tracefs == null)
        {
            return "--trace-sched: tracefs is not mounted (mount -t tracefs nodev /sys/kernel/tracing)";
        }
        if (!Files.isWritable(tracefs.resolve("instances")))
        {
            return "--trace-sched: cannot create a trace instance in " + tracefs.resolve("instances") + " (needs root)";
        }
        return null;
    }

    /**
     * Create the instance and start recording.
     *
     * @param name          of the instance: unique (the bench's pid and the run).
     * @param receiveTid    the handler's receive thread.
     * @param subscriberTid the subscriber's polling thread.
     * @param cpu           the receive thread's CPU (the only one recorded), -1 for every CPU.
     * @return the recording trace; close it to remove the instance.
     * @throws IllegalStateException when tracefs refuses a setting.
     */
    public static SchedTrace start(final String name, final long receiveTid, final long subscriberTid, final int cpu)
    {
        final Path tracefs = tracefs();
        if (tracefs == null)
        {
            throw new IllegalStateException(unavailableReason());
        }
        final Path instance = tracefs.resolve("instances").resolve(name);
        try
        {
            Files.createDirectory(instance);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create the trace instance " + instance + ": " + ex, ex);
        }
        final SchedTrace trace = new SchedTrace(instance);
        try
        {
            final String onCpu = cpu >= 0 ? "CPU == " + cpu : "";
            trace.write("tracing_on", "0");
            trace.write("trace_clock", "mono");
            trace.write("buffer_size_kb", Integer.toString(BUFFER_KB));
            trace.write("options/record-tgid", "1");
            // a yield that hands the CPU between the two pollers (prev_state 0: still runnable) is left out
            trace.event("sched/sched_switch", (onCpu.isEmpty() ? "" : onCpu + " && ") + "(!((prev_pid == " +
                receiveTid + " && next_pid == " + subscriberTid + ") || (prev_pid == " + subscriberTid +
                " && next_pid == " + receiveTid + ")) || prev_state != 0)");
            trace.event("sched/sched_wakeup", cpu >= 0 ? "target_cpu == " + cpu : "");
            trace.event("irq/softirq_entry", onCpu);
            trace.event("irq/softirq_exit", onCpu);
            trace.event("napi/napi_poll", onCpu);
            trace.write("tracing_on", "1");
            return trace;
        }
        catch (final RuntimeException ex)
        {
            trace.close();
            throw ex;
        }
    }

    private void event(final String event, final String filter)
    {
        if (!filter.isEmpty())
        {
            write("events/" + event + "/filter", filter);
        }
        write("events/" + event + "/enable", "1");
    }

    private void write(final String file, final String value)
    {
        try
        {
            Files.writeString(instance.resolve(file), value + "\n");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("tracefs refused " + value + " in " + instance.resolve(file) + ": " + ex,
                ex);
        }
    }

    /**
     * Stop recording (what was recorded stays readable).
     */
    public void stop()
    {
        write("tracing_on", "0");
    }

    /**
     * Copy the recorded events, as text, to a file.
     *
     * @param file to write.
     * @return events lost because the buffer was full: the oldest, overwritten ({@code overrun} of every CPU).
     * @throws IllegalStateException when it cannot be read or written.
     */
    public long copyTo(final Path file)
    {
        try
        {
            Files.copy(instance.resolve("trace"), file, StandardCopyOption.REPLACE_EXISTING);
            long dropped = 0;
            try (var cpus = Files.list(instance.resolve("per_cpu")))
            {
                for (final Path cpu : cpus.toList())
                {
                    for (final String line : Files.readAllLines(cpu.resolve("stats")))
                    {
                        if (line.startsWith("overrun:"))
                        {
                            dropped += Long.parseLong(line.substring("overrun:".length()).trim());
                        }
                    }
                }
            }
            return dropped;
        }
        catch (final IOException | NumberFormatException ex)
        {
            throw new IllegalStateException("cannot copy the trace of " + instance + " to " + file + ": " + ex, ex);
        }
    }

    /**
     * @return the instance's folder.
     */
    public Path instance()
    {
        return instance;
    }

    /**
     * Stop recording and remove the instance (its buffers are freed with it).
     */
    public void close()
    {
        if (removed)
        {
            return;
        }
        removed = true;
        try
        {
            Files.writeString(instance.resolve("tracing_on"), "0\n");
        }
        catch (final IOException ignored)
        {
            // removing it stops it as well
        }
        try
        {
            Files.deleteIfExists(instance);
        }
        catch (final IOException ex)
        {
            System.err.println("bench-e2e: cannot remove the trace instance " + instance + ": " + ex);
        }
    }

    /**
     * {@link #threadNamed(long, String)}, waiting up to 5 s: a thread takes its name once it runs.
     *
     * @param pid  process.
     * @param comm the thread's name as the kernel keeps it.
     * @return its tid, or -1 when there is none.
     */
    public static long awaitThread(final long pid, final String comm)
    {
        final long deadlineMs = System.currentTimeMillis() + 5_000;
        long tid = threadNamed(pid, comm);
        while (tid < 0 && System.currentTimeMillis() < deadlineMs)
        {
            ChildProcess.sleep(20);
            tid = threadNamed(pid, comm);
        }
        return tid;
    }

    /**
     * The thread of a process with a given name ({@code /proc/PID/task/TID/comm}, 15 characters at most).
     *
     * @param pid  process.
     * @param comm the thread's name as the kernel keeps it.
     * @return its tid, or -1 when there is none.
     */
    public static long threadNamed(final long pid, final String comm)
    {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task")))
        {
            for (final Path task : tasks.toList())
            {
                try
                {
                    final List<String> name = Files.readAllLines(task.resolve("comm"));
                    if (!name.isEmpty() && name.get(0).equals(comm))
                    {
                        return Long.parseLong(task.getFileName().toString());
                    }
                }
                catch (final IOException ignored)
                {
                    // the thread ended while listed
                }
            }
        }
        catch (final IOException ex)
        {
            return -1;
        }
        return -1;
    }
}
