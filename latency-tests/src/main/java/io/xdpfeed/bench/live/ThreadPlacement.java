package io.xdpfeed.bench.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code bench-e2e --housekeeping-cpu C}: every thread of a process but the named ones moved to one CPU
 * ({@code taskset -p -c C TID}), so that the JIT compilers, the garbage collector, Aeron's driver and conductor, the
 * interval logger and the simulator's generator do not share the receive thread's CPU. Threads a moved thread starts
 * later (more compiler threads, GC workers) inherit its CPU. A machine with isolated cores gets the same from
 * {@code isolcpus=}; this is that layout on a VM without them.
 */
final class ThreadPlacement
{
    private ThreadPlacement()
    {
    }

    /**
     * The layout of one live run: every thread of the handler but the receive thread, and of this JVM but the
     * subscriber and the main threads, on {@code cpu} (the simulator is started there by the session).
     *
     * @param handlerPid the handler's process.
     * @param cpu        the housekeeping CPU.
     * @return a line saying what was moved.
     */
    static String housekeeping(final long handlerPid, final int cpu)
    {
        SchedTrace.awaitThread(ProcessHandle.current().pid(), TailTrace.SUBSCRIBER_THREAD);
        final List<String> handlerThreads = confine(handlerPid, cpu, Set.of(TailTrace.RECEIVE_THREAD));
        // this JVM's main threads ("java") and the child launcher stay: the next run's subscriber thread and
        // handler, started by them, inherit their CPUs and pin the subscriber and receive threads to CPU 1
        final List<String> benchThreads = confine(ProcessHandle.current().pid(), cpu,
            Set.of(TailTrace.SUBSCRIBER_THREAD, "java", "xdpfeed-child-l"));
        return "housekeeping on CPU " + cpu + ": " + handlerThreads.size() + " threads of the handler (all but the " +
            "receive thread), " + benchThreads.size() + " of this JVM (all but the subscriber, main and the child " +
            "launcher), the simulator's process";
    }

    /**
     * @param pid  the process.
     * @param cpu  where its threads go.
     * @param keep names of the threads (as the kernel keeps them, 15 characters) that stay where they are.
     * @return the threads moved, by name (with repeats).
     * @throws IllegalStateException when taskset fails.
     */
    static List<String> confine(final long pid, final int cpu, final Set<String> keep)
    {
        final List<String> moved = new ArrayList<>();
        final List<Path> tasks;
        try (var list = Files.list(Path.of("/proc", Long.toString(pid), "task")))
        {
            tasks = list.toList();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot list the threads of " + pid + ": " + ex, ex);
        }
        for (final Path task : tasks)
        {
            final String name;
            try
            {
                name = Files.readString(task.resolve("comm")).trim();
            }
            catch (final IOException ex)
            {
                continue;   // it ended
            }
            if (keep.contains(name))
            {
                continue;
            }
            final String tid = task.getFileName().toString();
            try
            {
                final Process taskset = new ProcessBuilder("taskset", "-p", "-c", Integer.toString(cpu), tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (taskset.waitFor() == 0)
                {
                    moved.add(name);
                }
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("taskset -p -c " + cpu + " " + tid + ": " + ex.getMessage(), ex);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while placing threads", ex);
            }
        }
        return moved;
    }
}
