package io.xdpfeed.ingress;

import io.xdpfeed.nativeio.LibC;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

/**
 * Pins the calling thread to one CPU with {@code sched_setaffinity}, for the receive agent's thread. Warns when the
 * CPU is not isolated ({@code /sys/devices/system/cpu/isolated}, from the {@code isolcpus=} boot parameter): other
 * tasks may then be scheduled on it and add jitter. Pairs with {@link #idleStrategy(boolean)}: busy-spin on a pinned
 * core, back off on a shared one.
 */
public final class ThreadAffinity
{
    /** Value meaning "do not pin". */
    public static final int NO_CPU = -1;

    private static final System.Logger LOGGER = System.getLogger(ThreadAffinity.class.getName());
    private static final Path ISOLATED = Path.of("/sys/devices/system/cpu/isolated");

    private ThreadAffinity()
    {
    }

    /**
     * Check, before anything is started, that a thread of this process may be pinned to a CPU.
     *
     * @param cpu index of the CPU, as in {@code taskset -c}.
     * @throws IngressException when the CPU does not exist or this process may not use it (its allowed CPUs named).
     */
    public static void checkUsable(final int cpu)
    {
        final BitSet allowed = LibC.schedGetAffinity();
        if (cpu < 0 || cpu >= LibC.CPU_SET_SIZE * 8 || !allowed.get(cpu))
        {
            throw new IngressException("CPU " + cpu + " out of range: this process may use CPUs " +
                formatCpuList(allowed) + " (see nproc, taskset -p " + ProcessHandle.current().pid() + ")");
        }
    }

    /**
     * Pin the calling thread to a CPU.
     *
     * @param cpu index of the CPU, as in {@code taskset -c}.
     * @return true when the CPU is isolated, false when it is shared with the scheduler (a warning is logged).
     * @throws IngressException when the CPU does not exist or this process may not use it.
     */
    public static boolean pinCurrentThread(final int cpu)
    {
        checkUsable(cpu);
        final BitSet cpus = new BitSet();
        cpus.set(cpu);
        final int result = LibC.schedSetAffinity(cpus);
        if (0 != result)
        {
            throw new IngressException("cannot pin thread to CPU " + cpu + ": " + LibC.strerror(result));
        }

        final BitSet isolated = isolatedCpus();
        if (!isolated.get(cpu))
        {
            LOGGER.log(System.Logger.Level.WARNING,
                "CPU {0,number,#} is not isolated (isolated: {1}): other tasks may run on it; boot with isolcpus=, " +
                "nohz_full= and rcu_nocbs= for stable latency", cpu, isolated.isEmpty() ? "none" :
                formatCpuList(isolated));
            return false;
        }
        LOGGER.log(System.Logger.Level.INFO, "thread {0,number,#} pinned to isolated CPU {1,number,#}", LibC.gettid(), cpu);
        return true;
    }

    /**
     * Give the calling thread a real-time priority ({@code SCHED_FIFO}), so that ordinary tasks scheduled on its CPU
     * cannot preempt it. Use only on a thread pinned to a CPU reserved for it: a busy-spinning real-time thread keeps
     * everything else off that CPU, up to the kernel's real-time throttling (kernel.sched_rt_runtime_us, 95% by
     * default, which leaves a 50 ms gap every second).
     *
     * @param priority 1 (lowest) to 99.
     * @throws IngressException without CAP_SYS_NICE or for a priority out of range.
     */
    public static void realtime(final int priority)
    {
        if (priority < 1 || priority > 99)
        {
            throw new IngressException("real-time priority " + priority + " out of range: use 1..99");
        }
        final int result = LibC.schedSetScheduler(LibC.SCHED_FIFO, priority);
        if (0 != result)
        {
            throw new IngressException("cannot make thread real-time (SCHED_FIFO " + priority + "): " +
                LibC.strerror(result) + (-LibC.EPERM == result ? ": run as root or grant CAP_SYS_NICE" : ""));
        }
        LOGGER.log(System.Logger.Level.INFO, "thread {0,number,#} runs SCHED_FIFO priority {1,number,#}", LibC.gettid(), priority);
    }

    /**
     * Favour the calling thread in the time-sharing scheduler: a nice value for this thread only. Unlike
     * {@link #realtime(int)} it is never throttled, and other tasks still get their share of the CPU.
     *
     * @param nice -20 (most favoured) to 19.
     * @throws IngressException when not permitted (lowering needs CAP_SYS_NICE) or out of range.
     */
    public static void nice(final int nice)
    {
        if (nice < -20 || nice > 19)
        {
            throw new IngressException("nice value " + nice + " out of range: use -20..19");
        }
        final int result = LibC.setThreadNice(nice);
        if (0 != result)
        {
            throw new IngressException("cannot set the thread's nice value to " + nice + ": " +
                LibC.strerror(result) + ": run as root or grant CAP_SYS_NICE");
        }
    }

    /**
     * The idle strategy for a receive loop.
     *
     * @param pinned whether the thread owns a CPU (pinned, ideally isolated).
     * @return busy-spin when pinned, a spin-yield-park backoff when sharing CPUs.
     */
    public static IdleStrategy idleStrategy(final boolean pinned)
    {
        return pinned ? new BusySpinIdleStrategy() : new BackoffIdleStrategy();
    }

    /**
     * The isolated CPUs of this machine.
     *
     * @return the set, empty when none or unreadable.
     */
    public static BitSet isolatedCpus()
    {
        try
        {
            return Files.exists(ISOLATED) ? parseCpuList(Files.readString(ISOLATED)) : new BitSet();
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return new BitSet();
        }
    }

    /**
     * Parse a kernel CPU list such as {@code 1-3,5}.
     *
     * @param list the text, may be blank.
     * @return the CPUs.
     */
    public static BitSet parseCpuList(final String list)
    {
        final BitSet cpus = new BitSet();
        for (final String part : list.trim().split(","))
        {
            if (part.isBlank())
            {
                continue;
            }
            final int dash = part.indexOf('-');
            try
            {
                if (dash < 0)
                {
                    cpus.set(Integer.parseInt(part.trim()));
                }
                else
                {
                    cpus.set(Integer.parseInt(part.substring(0, dash).trim()),
                        Integer.parseInt(part.substring(dash + 1).trim()) + 1);
                }
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("not a CPU list: " + list, ex);
            }
        }
        return cpus;
    }

    /**
     * Format CPUs as a kernel CPU list.
     *
     * @param cpus the set.
     * @return e.g. {@code 0-1,4}.
     */
    public static String formatCpuList(final BitSet cpus)
    {
        final StringBuilder builder = new StringBuilder();
        int start = cpus.nextSetBit(0);
        while (start >= 0)
        {
            final int end = cpus.nextClearBit(start) - 1;
            if (!builder.isEmpty())
            {
                builder.append(',');
            }
            builder.append(start);
            if (end > start)
            {
                builder.append('-').append(end);
            }
            start = cpus.nextSetBit(end + 1);
        }
        return builder.toString();
    }
}
