package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.publish.SnapshotRequestAdapter;
import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.ingress.ThreadAffinity;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;

/**
 * The critical path, run to completion on one thread: {@code PacketSource.poll -> FeedEngine -> ChannelState ->
 * MarketDataProxy}. Between polls it reads late-join requests, fires the channels' gap timers, and every
 * millisecond does its housekeeping: heartbeat, periodic snapshots, the epoch offset. The stages write their counters
 * in place as they go (nothing to copy here). Allocates nothing in steady state.
 */
public final class ReceiveAgent implements Agent
{
    private static final long HOUSEKEEPING_INTERVAL_NS = 1_000_000L;
    private static final long CLOCK_SAMPLE_INTERVAL_NS = 1_000_000_000L;
    private static final int CONTROL_FRAGMENT_LIMIT = 4;

    private final PacketSource source;
    private final FeedEngine engine;
    private final DatagramHandler handler;
    private final SnapshotRequestAdapter control;
    private final NanoClock clock;
    private final int pollLimit;
    private final long heartbeatIntervalNs;
    private final long snapshotIntervalNs;
    private EpochNanoClock epochClock;
    private int cpu = ThreadAffinity.NO_CPU;
    private long nextClockSampleNs;
    private long nextHousekeepingNs;
    private long nextHeartbeatNs;
    private long nextSnapshotNs;
    private boolean started;

    /**
     * @param source              packets.
     * @param engine              the books and publication.
     * @param control             late-join requests, may wrap a null subscription.
     * @param clock               the source's clock (System.nanoTime).
     * @param pollLimit           most datagrams per poll.
     * @param heartbeatIntervalNs a Heartbeat after this long without a record, 0 for none.
     * @param snapshotIntervalNs  unsolicited BookSnapshots this often, 0 for none.
     */
    public ReceiveAgent(
        final PacketSource source,
        final FeedEngine engine,
        final SnapshotRequestAdapter control,
        final NanoClock clock,
        final int pollLimit,
        final long heartbeatIntervalNs,
        final long snapshotIntervalNs)
    {
        this(source, engine, engine, control, clock, pollLimit, heartbeatIntervalNs, snapshotIntervalNs);
    }

    /**
     * @param source              packets.
     * @param engine              the books and publication.
     * @param handler             what the source delivers to: the engine, or a wrapper around it (latency timing).
     * @param control             late-join requests, may wrap a null subscription.
     * @param clock               the source's clock (System.nanoTime).
     * @param pollLimit           most datagrams per poll.
     * @param heartbeatIntervalNs a Heartbeat after this long without a record, 0 for none.
     * @param snapshotIntervalNs  unsolicited BookSnapshots this often, 0 for none.
     */
    public ReceiveAgent(
        final PacketSource source,
        final FeedEngine engine,
        final DatagramHandler handler,
        final SnapshotRequestAdapter control,
        final NanoClock clock,
        final int pollLimit,
        final long heartbeatIntervalNs,
        final long snapshotIntervalNs)
    {
        this.source = source;
        this.engine = engine;
        this.handler = handler;
        this.control = control;
        this.clock = clock;
        this.pollLimit = pollLimit;
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        this.snapshotIntervalNs = snapshotIntervalNs;
    }

    /**
     * {@inheritDoc}
     */
    public void onStart()
    {
        if (cpu != ThreadAffinity.NO_CPU)
        {
            ThreadAffinity.pinCurrentThread(cpu);
        }
        start();
    }

    private void start()
    {
        if (!started)
        {
            started = true;
            engine.start();
            final long nowNs = clock.nanoTime();
            nextHousekeepingNs = nowNs;
            nextHeartbeatNs = nowNs + heartbeatIntervalNs;
            nextSnapshotNs = nowNs + snapshotIntervalNs;
        }
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        final int polled = source.poll(handler, pollLimit);
        int work = polled + control.poll(CONTROL_FRAGMENT_LIMIT);
        final long nowNs = clock.nanoTime();
        work += engine.onTimer(nowNs, polled < pollLimit);
        if (nowNs - nextHousekeepingNs >= 0)
        {
            work += housekeeping(nowNs);
        }
        return work;
    }

    private int housekeeping(final long nowNs)
    {
        nextHousekeepingNs = nowNs + HOUSEKEEPING_INTERVAL_NS;
        int work = 0;
        if (heartbeatIntervalNs > 0 && nowNs - nextHeartbeatNs >= 0)
        {
            nextHeartbeatNs = nowNs + heartbeatIntervalNs;
            work += engine.answers().heartbeatIfIdle();
        }
        if (snapshotIntervalNs > 0 && nowNs - nextSnapshotNs >= 0)
        {
            nextSnapshotNs = nowNs + snapshotIntervalNs;
            work += engine.answers().publishSnapshots();
        }
        if (epochClock != null && nowNs - nextClockSampleNs >= 0)
        {
            nextClockSampleNs = nowNs + CLOCK_SAMPLE_INTERVAL_NS;
            engine.receiveTimeOffsetNs(epochClock.nanoTime() - System.nanoTime());
        }
        return work;
    }

    /**
     * Pin the agent's thread to a CPU when it starts (DEDICATED threading mode).
     *
     * @param cpu CPU index, or {@link ThreadAffinity#NO_CPU}.
     * @return this.
     */
    public ReceiveAgent pinTo(final int cpu)
    {
        this.cpu = cpu;
        return this;
    }

    /**
     * Follow the epoch clock: once a second re-sample the offset that turns the source's monotonic receive times
     * into epoch ns (CLOCK_REALTIME is slewed by NTP, CLOCK_MONOTONIC is not). Not for capture sources.
     *
     * @param epochClock the clock of publishTimeNs, or null to keep the offset fixed.
     * @return this.
     */
    public ReceiveAgent followEpochClock(final EpochNanoClock epochClock)
    {
        this.epochClock = epochClock;
        return this;
    }

    /**
     * Run the duty cycle on the caller's thread (tests, benchmarks, single-threaded tools).
     *
     * @return work done.
     */
    public int doWorkOnCallerThread()
    {
        start();
        return doWork();
    }

    /**
     * @return the engine.
     */
    public FeedEngine engine()
    {
        return engine;
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "xdpfeed-receiver";
    }
}
