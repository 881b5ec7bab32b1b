package io.xdpfeed.handler.engine;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Subscription;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.FeedType;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.handler.protocol.Protocols;
import io.xdpfeed.handler.protocol.SyntheticPackets;
import io.xdpfeed.handler.publish.ImageSkip;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.stats.HandlerLatency;
import io.xdpfeed.handler.stats.PacketTimer;
import io.xdpfeed.handler.stats.TimedChannelListener;
import io.xdpfeed.handler.stats.TimedDatagramHandler;
import io.xdpfeed.ingress.DatagramHandler;
import org.agrona.CloseHelper;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

/**
 * Drives the real hot path with synthetic packets on a scratch engine before the live lines are joined, so that the
 * first live packets do not run interpreted while C2 compiles the path (the cold start measured by
 * {@code scripts/bench-warmup}).
 * <pre>
 *   synthetic packets (WarmUpPackets, round-robin over the subscribed channels, on their lines A and B)
 *     -> [TimedDatagramHandler] -> scratch FeedEngine (same LineMap, ChannelOptions, ChannelPipeline)
 *     -> [TimedChannelListener] -> scratch MarketDataProxy -> scratch Aeron IPC publication (stream {@link #STREAM_ID})
 * </pre>
 * The packets are the live protocol's: {@link WarmUpPackets} for MDP 3.0, the protocol's own
 * {@link Protocol#warmUpPackets} for another (ITCH: system events, stock directory, order flow over MoldUDP64); a
 * protocol without them is not warmed up ({@link #supports}).
 * The scratch engine is composed with the same classes as the live one (FeedEngine, MarketDataProxy over an
 * ExclusivePublication, the timing wrappers when the latency tiers are on), so that the JIT's type profiles are the
 * live path's and nothing compiled now is deoptimized by the first live packet. Nothing is shared with the live engine
 * but the immutable configured {@link LineMap}: the live books, counters and the market-data stream are untouched.
 * The scratch publication, its subscription and the engine are closed or dropped before {@link #run} returns; no
 * thread is started. An unconfigured line map (lines learnt from traffic) is not touched: the warm-up then uses a
 * private one-channel map.
 */
public final class WarmUp
{
    /** Stream id of the scratch publication ("warm"), on the IPC channel {@link #CHANNEL}. */
    public static final int STREAM_ID = 0x7761726D;
    /**
     * The scratch publication's channel: IPC, its records skipped, never read; a 16 MB term so that a driver thread
     * late to move the publisher's limit on a loaded machine rarely back-pressures the warm-up.
     */
    public static final String CHANNEL = "aeron:ipc?term-length=16m";

    private static final int BATCH = 64;
    private static final int ROUNDS = 5;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final long SETTLED_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long SETTLE_POLL_NS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long SETTLE_LIMIT_NS = TimeUnit.SECONDS.toNanos(2);

    /**
     * What a warm-up did, from the scratch engine's counts.
     *
     * @param datagrams datagrams driven (both lines).
     * @param packets   packets the scratch engine sequenced and applied (not duplicates).
     * @param published normalized records the scratch publisher committed.
     * @param dropped   records it could not commit (back-pressure on the scratch stream).
     * @param elapsedNs how long it took, the wait for the compiler threads included.
     */
    public record Result(long datagrams, long packets, long published, long dropped, long elapsedNs)
    {
        /**
         * @return one line for the start-up log.
         */
        public String describe()
        {
            return "warm-up: " + datagrams + " datagrams, " + packets + " packets applied, " + published +
                " records encoded on a scratch stream (" + dropped + " dropped) in " +
                TimeUnit.NANOSECONDS.toMillis(elapsedNs) + " ms";
        }
    }

    private WarmUp()
    {
    }

    /**
     * @param protocol name of the live protocol ({@code xdpfeed.protocol}).
     * @return true when the warm-up has packets of that protocol to drive.
     */
    public static boolean supports(final String protocol)
    {
        return Protocols.MDP3.equals(protocol) || Protocols.forName(protocol).warmUpPackets(1) != null;
    }

    /**
     * Drive {@code packets} synthetic packets, round-robin over the subscribed channels, each on the channel's A and B
     * incremental lines, through a scratch engine and drop it.
     *
     * @param aeron        client whose driver hosts the scratch IPC publication.
     * @param protocol     name of the live protocol ({@code xdpfeed.protocol}; {@link #supports} it).
     * @param lineMap      the live line map (used read-only when configured).
     * @param options      the live channel settings, receive time offset included.
     * @param snapshotFeed the live snapshot feed.
     * @param subscribed   the live subscribed channels.
     * @param mbo          the live MBO channels.
     * @param epochClock   the live publisher's clock.
     * @param latency      true when the live handler records the latency tiers (the timing wrappers are warmed too).
     * @param packets      packets in all, each sent on the A and the B line of its channel; 0 does nothing.
     * @return what was done.
     */
    public static Result run(
        final Aeron aeron,
        final String protocol,
        final LineMap lineMap,
        final ChannelOptions options,
        final Feed snapshotFeed,
        final IntPredicate subscribed,
        final IntPredicate mbo,
        final EpochNanoClock epochClock,
        final boolean latency,
        final int packets)
    {
        if (packets <= 0)
        {
            return new Result(0, 0, 0, 0, 0);
        }
        final long startNs = System.nanoTime();
        final Protocol liveProtocol = Protocols.forName(protocol);
        final boolean own = !lineMap.isConfigured() || incrementalLines(lineMap, subscribed).isEmpty();
        final LineMap map = own ?
            CmeConfigParser.privateChannel("warm-up", "239.77.250.1", "239.77.250.2") : lineMap;
        final IntPredicate channels = own ? id -> true : subscribed;
        final IntPredicate mboChannels = own ? id -> false : mbo;
        final ExclusivePublication publication = aeron.addExclusivePublication(CHANNEL, STREAM_ID);
        final Subscription subscription = aeron.addSubscription(CHANNEL, STREAM_ID);
        try
        {
            final Image image = awaitImage(publication, subscription);
            final MarketDataProxy proxy = new MarketDataProxy(publication, epochClock);
            final HandlerLatency tiers = latency ? new HandlerLatency() : null;
            final PacketTimer timer = tiers == null ? null :
                new PacketTimer(tiers, SystemNanoClock.INSTANCE, options.receiveTimeOffsetNs(), true);
            final ChannelListener listener = timer == null ? proxy : new TimedChannelListener(proxy, timer, epochClock);
            final List<Line> lines = incrementalLines(map, channels);
            long datagrams = 0;
            long applied = 0;
            // several fresh engines: the first packets of an engine take branches (a line not yet routed, a new
            // instrument, its first RptSeq) that a single engine runs only before the JIT profiles them; compiled
            // without them, the live engine's first packets would deoptimize the path (uncommon traps)
            for (int round = 0; round < ROUNDS; round++)
            {
                final FeedEngine engine = new FeedEngine(liveProtocol, map, options, snapshotFeed, channels,
                    mboChannels, listener, proxy, HandlerCounters.onHeap());
                final DatagramHandler handler = timer == null ? engine : new TimedDatagramHandler(engine, timer);
                final int roundPackets = packets / ROUNDS + (round < packets % ROUNDS ? 1 : 0);
                final SyntheticPackets[] generators = new SyntheticPackets[lines.size() / 2];
                for (int i = 0; i < generators.length; i++)
                {
                    final SyntheticPackets protocolPackets = liveProtocol.warmUpPackets(i + 1);
                    generators[i] = protocolPackets != null ? protocolPackets : new WarmUpPackets(i + 1);
                }
                drive(handler, engine, lines, generators, options.receiveTimeOffsetNs(), roundPackets, publication,
                    image);
                datagrams += engine.datagrams();
                applied += engine.packets() - engine.duplicates();
            }
            awaitCompilation();
            return new Result(datagrams, applied, proxy.published(), proxy.dropped(), System.nanoTime() - startNs);
        }
        finally
        {
            CloseHelper.closeAll(subscription, publication);
        }
    }

    private static void drive(
        final DatagramHandler handler,
        final FeedEngine engine,
        final List<Line> lines,
        final SyntheticPackets[] generators,
        final long receiveTimeOffsetNs,
        final int packets,
        final ExclusivePublication publication,
        final Image image)
    {
        final int channelCount = generators.length;
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[SyntheticPackets.MAX_LENGTH]);
        // round-robin over the channels: the JIT counts invocations of the path, not per channel
        for (int n = 0; n < packets; n++)
        {
            final int c = n % channelCount;
            final long receiveTimeNs = System.nanoTime();
            final int length = generators[c].next(buffer, sendingTimeNs(n, receiveTimeNs + receiveTimeOffsetNs));
            final Line a = lines.get(2 * c);
            final Line b = lines.get(2 * c + 1);
            handler.onDatagram(a.groupAddress(), a.port(), buffer, 0, length, receiveTimeNs);
            if (b != null)
            {
                handler.onDatagram(b.groupAddress(), b.port(), buffer, 0, length, System.nanoTime());
            }
            if (n % BATCH == BATCH - 1)
            {
                engine.onTimer(System.nanoTime(), true);
                ImageSkip.upTo(publication, image);
            }
        }
        engine.flush(System.nanoTime());
        ImageSkip.upTo(publication, image);
    }

    /**
     * The SendingTime of the warm-up's packet {@code n}: 20 us before it is received, and now and then one ahead of
     * the receive time or more than the latency histograms' range behind it, so that the wire tier's clamping (clocks
     * that disagree) is compiled too, not met first by the live engine.
     */
    static long sendingTimeNs(final int n, final long receiveEpochNs)
    {
        return switch (n & 63)
        {
            case 31 -> receiveEpochNs + 1_000_000;
            case 63 -> receiveEpochNs - 3_600_000_000_000L;
            default -> receiveEpochNs - 20_000;
        };
    }

    /**
     * @return per subscribed channel with an incremental line: its A line then its B line (null when it has one).
     */
    private static List<Line> incrementalLines(final LineMap lineMap, final IntPredicate subscribed)
    {
        final List<Line> lines = new ArrayList<>();
        for (int channelIndex = 0; channelIndex < lineMap.channelCount(); channelIndex++)
        {
            if (!subscribed.test(lineMap.channelId(channelIndex)))
            {
                continue;
            }
            Line a = null;
            Line b = null;
            for (final Line line : lineMap.lines())
            {
                if (line.channelIndex() == channelIndex && line.feedType() == FeedType.INCREMENTAL)
                {
                    if (line.feed() == Feed.B)
                    {
                        b = line;
                    }
                    else
                    {
                        a = line;
                    }
                }
            }
            if (a == null && b != null)
            {
                a = b;
                b = null;
            }
            if (a != null)
            {
                lines.add(a);
                lines.add(b);
            }
        }
        return lines;
    }

    /**
     * The compiler threads work behind the packets: on a loaded machine C2 may still be compiling the path when the
     * last warm-up packet is done. Wait until the JVM's total compilation time stops growing (unchanged for
     * {@link #SETTLED_NS}), at most {@link #SETTLE_LIMIT_NS}; a JVM without the compilation bean does not wait.
     */
    private static void awaitCompilation()
    {
        final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        if (compiler == null || !compiler.isCompilationTimeMonitoringSupported())
        {
            return;
        }
        final long limitNs = System.nanoTime() + SETTLE_LIMIT_NS;
        long lastMs = compiler.getTotalCompilationTime();
        long unchangedSinceNs = System.nanoTime();
        while (System.nanoTime() - limitNs < 0 && System.nanoTime() - unchangedSinceNs < SETTLED_NS)
        {
            LockSupport.parkNanos(SETTLE_POLL_NS);
            final long nowMs = compiler.getTotalCompilationTime();
            if (nowMs != lastMs)
            {
                lastMs = nowMs;
                unchangedSinceNs = System.nanoTime();
            }
        }
    }

    private static Image awaitImage(final ExclusivePublication publication, final Subscription subscription)
    {
        final long deadlineNs = System.nanoTime() + CONNECT_TIMEOUT_NS;
        while (!publication.isConnected() || subscription.imageCount() == 0)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                return null;
            }
            Thread.onSpinWait();
        }
        return subscription.imageAtIndex(0);
    }
}
