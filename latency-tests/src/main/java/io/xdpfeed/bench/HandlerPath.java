package io.xdpfeed.bench;

import java.util.List;

import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.handler.protocol.Protocols;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.stats.CalibratedEpochClock;
import io.xdpfeed.handler.stats.HandlerLatency;
import io.xdpfeed.handler.stats.PacketTimer;
import io.xdpfeed.handler.stats.TimedChannelListener;
import io.xdpfeed.handler.stats.TimedDatagramHandler;
import io.xdpfeed.ingress.DatagramHandler;
import org.agrona.concurrent.SystemNanoClock;

/**
 * The handler's critical path assembled as the feed handler assembles it, up to a given stage:
 * <ul>
 *   <li>{@code book}: line lookup, framing validation, A/B sequencing, SBE decode, RptSeq checks and the MBP books,
 *       with a listener that does nothing (the peer-comparison path: decode + book);</li>
 *   <li>{@code publish}: the same, then every normalized record sized and encoded, and each datagram's records
 *       published as one RecordBatch message on an Aeron IPC publication (the whole hot path);</li>
 *   <li>{@code timed}: the whole hot path with the wire/decode/publish latency tiers recorded.</li>
 * </ul>
 * publishTimeNs comes from the handler's default clock, {@link CalibratedEpochClock}.
 */
public final class HandlerPath
{
    private final FeedEngine engine;
    private final MarketDataProxy proxy;
    private final HandlerLatency latency;
    /** The stages, in the order of the path: decode + book, + publication, + the latency tiers. */
    public static final List<String> STAGES = List.of("book", "publish", "timed");

    private final DatagramHandler handler;

    /**
     * @param lineMap the dataset's lines.
     * @param stage   {@code book}, {@code publish} or {@code timed}.
     * @param stream  the IPC publication for {@code publish} and {@code timed}, else null.
     */
    public HandlerPath(final LineMap lineMap, final String stage, final IpcStream stream)
    {
        this(Protocols.forName(Protocols.MDP3), lineMap, stage, stream);
    }

    /**
     * @param protocol of the dataset's packets.
     * @param lineMap  the dataset's lines.
     * @param stage    {@code book}, {@code publish} or {@code timed}.
     * @param stream   the IPC publication for {@code publish} and {@code timed}, else null.
     */
    public HandlerPath(final Protocol protocol, final LineMap lineMap, final String stage, final IpcStream stream)
    {
        final CalibratedEpochClock clock = CalibratedEpochClock.calibrate();
        final long offsetNs = clock.offsetNs();
        final ChannelOptions options = ChannelOptions.defaults().withReceiveTimeOffsetNs(offsetNs);
        switch (stage)
        {
            case "book" ->
            {
                proxy = null;
                latency = null;
                engine = new FeedEngine(protocol, lineMap, options, Feed.A, (id) -> true, (id) -> false,
                    new ChannelListener()
                    {
                    }, null, HandlerCounters.onHeap());
                handler = engine;
            }
            case "publish" ->
            {
                proxy = new MarketDataProxy(stream.publication(), clock);
                latency = null;
                engine = new FeedEngine(protocol, lineMap, options, Feed.A, (id) -> true, (id) -> false, proxy, proxy,
                    HandlerCounters.onHeap());
                handler = engine;
            }
            case "timed" ->
            {
                proxy = new MarketDataProxy(stream.publication(), clock);
                latency = new HandlerLatency();
                final PacketTimer timer = new PacketTimer(latency, SystemNanoClock.INSTANCE, offsetNs, true);
                engine = new FeedEngine(protocol, lineMap, options, Feed.A, (id) -> true, (id) -> false,
                    new TimedChannelListener(proxy, timer, clock), proxy, HandlerCounters.onHeap());
                handler = new TimedDatagramHandler(engine, timer);
            }
            default -> throw new IllegalArgumentException("stage " + stage + " is not one of book, publish, timed");
        }
    }

    /**
     * @param stage a stage name.
     * @return true when the stage publishes on Aeron.
     */
    public static boolean publishes(final String stage)
    {
        return !"book".equals(stage);
    }

    /**
     * @return what the packets are delivered to.
     */
    public DatagramHandler handler()
    {
        return handler;
    }

    /**
     * @return the engine.
     */
    public FeedEngine engine()
    {
        return engine;
    }

    /**
     * @return the publisher, or null.
     */
    public MarketDataProxy proxy()
    {
        return proxy;
    }

    /**
     * @return the latency tiers, or null.
     */
    public HandlerLatency latency()
    {
        return latency;
    }

    /**
     * @return a one-line account of the engine's counters, to check the run stayed on the steady path.
     */
    public String counters()
    {
        return "packets=" + engine.packets() + " duplicates=" + engine.duplicates() + " gaps=" + engine.gaps() +
            " rptSeqGaps=" + engine.rptSeqGaps() + " recoveries=" + engine.recoveries() + " malformed=" +
            engine.malformed() + " staleInstruments=" + engine.staleInstruments() + " queueOverflows=" +
            engine.queueOverflows() + (proxy == null ? "" : " published=" + proxy.published() + " dropped=" +
            proxy.dropped());
    }

    /**
     * @throws IllegalStateException when the run left the steady path (gaps, recovery, malformed, drops).
     */
    public void checkSteady()
    {
        if (engine.gaps() != 0 || engine.rptSeqGaps() != 0 || engine.recoveries() != 0 || engine.malformed() != 0 ||
            engine.staleInstruments() != 0 || (proxy != null && proxy.dropped() != 0))
        {
            throw new IllegalStateException("the benchmark left the steady path: " + counters());
        }
    }
}
