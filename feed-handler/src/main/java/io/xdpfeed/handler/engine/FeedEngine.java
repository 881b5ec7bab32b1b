package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.ChannelPipeline;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.channel.FeedControl;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.FeedType;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.handler.protocol.Protocols;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.publish.SnapshotRequestListener;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.ingress.DatagramHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.ToLongFunction;

/**
 * The handler's critical path behind a {@link io.xdpfeed.ingress.PacketSource}: every datagram is looked up in the
 * line map and handed to its channel's {@link ChannelState}, which sequences, applies and publishes it through the
 * {@link ChannelListener} (a {@link MarketDataProxy} live, anything in tests and replays).
 * <pre>
 *   (group, port) -> LineMap -> line -> route:
 *       incremental A/B          -> ChannelState.onIncrementalPacket
 *       snapshot S (chosen feed) -> ChannelState.onSnapshotPacket    (used only while the channel recovers)
 *       definitions N (chosen)   -> ChannelState.onDefinitionPacket  (used until one whole loop was seen)
 *       anything else            -> ignored
 * </pre>
 * Also answers late-join {@code SnapshotRequest}s from the books it owns, and records which recovery lines each
 * channel wants so that a conductor can join and leave them ({@link #desiredFeeds(int)}).
 * <p>
 * Line silence ({@link LineSilence}): every incremental datagram bumps its line's count with an opaque store (no
 * fence, no clock read, no syscall); the conductor compares the counts with its own clock
 * ({@link #incrementalDatagrams(int, int)}), and
 * writes the lines it finds silent back ({@link #silentLines(int, int)}, {@link #publishSilence()}); the receive
 * thread applies a change at its timers ({@link #onTimer(long, boolean)}): ChannelStatus SILENT, or STALE when every
 * incremental line of a channel is silent.
 * <p>
 * Everything runs on the receive thread except {@link #desiredFeeds(int)}, {@link #incrementalDatagrams(int, int)},
 * {@link #incrementalLines(int)} and the silence writes, which the conductor uses. No allocation in steady state.
 */
public final class FeedEngine implements DatagramHandler, FeedControl, SnapshotRequestListener
{
    /** Bit of {@link #desiredFeeds(int)}: the channel wants its snapshot line. */
    public static final int SNAPSHOT_FEED = 1;
    /** Bit of {@link #desiredFeeds(int)}: the channel wants its definition line. */
    public static final int DEFINITION_FEED = 2;

    private static final byte ROUTE_UNKNOWN = 0;
    private static final byte ROUTE_IGNORE = 1;
    private static final byte ROUTE_INCREMENTAL = 2;
    private static final byte ROUTE_SNAPSHOT = 3;
    private static final byte ROUTE_DEFINITION = 4;
    private static final int MAX_CHANNELS = 4096;

    private final Protocol protocol;
    private final LineMap lineMap;
    private final ChannelOptions baseOptions;
    private final IntPredicate subscribed;
    private final IntPredicate mbo;
    private final ChannelListener listener;
    private final MarketDataProxy proxy;
    private final RecoveryLines recoveryLines;
    private final SnapshotAnswers answers;
    private final LineSilence silence;
    private final HandlerCounters counters;
    private final AtomicCounter unconfiguredDatagrams;
    private ChannelState[] channels;
    private byte[] routes = new byte[16];

    private long datagrams;
    private long unsubscribedDatagrams;
    private long lastReceiveTimeNs;

    /**
     * An engine of CME MDP 3.0 lines; the parameters are those of {@link #FeedEngine(Protocol, LineMap,
     * ChannelOptions, Feed, IntPredicate, IntPredicate, ChannelListener, MarketDataProxy, HandlerCounters)}.
     */
    public FeedEngine(
        final LineMap lineMap,
        final ChannelOptions baseOptions,
        final Feed snapshotFeed,
        final IntPredicate subscribed,
        final IntPredicate mbo,
        final ChannelListener listener,
        final MarketDataProxy proxy,
        final HandlerCounters counters)
    {
        this(Protocols.forName(Protocols.MDP3), lineMap, baseOptions, snapshotFeed, subscribed, mbo, listener, proxy,
            counters);
    }

    /**
     * @param protocol     of the lines' packets (chosen here, at composition).
     * @param lineMap      which (group, port) is which line.
     * @param baseOptions  settings of every channel (snapshot line and MBO are set per channel).
     * @param snapshotFeed which copy (A or B) of the snapshot and definition lines to use.
     * @param subscribed   CME channel ids to handle; others are ignored.
     * @param mbo          CME channel ids whose market-by-order books to keep.
     * @param listener     receives the records to publish.
     * @param proxy        answers snapshot requests and sends heartbeats, or null (replay).
     * @param counters     allocates each channel's counters, handed to its stages; holds the engine's own.
     */
    public FeedEngine(
        final Protocol protocol,
        final LineMap lineMap,
        final ChannelOptions baseOptions,
        final Feed snapshotFeed,
        final IntPredicate subscribed,
        final IntPredicate mbo,
        final ChannelListener listener,
        final MarketDataProxy proxy,
        final HandlerCounters counters)
    {
        this.counters = counters;
        this.unconfiguredDatagrams = counters.counter(HandlerCounter.UNCONFIGURED_DATAGRAMS);
        this.protocol = protocol;
        this.lineMap = lineMap;
        this.baseOptions = baseOptions;
        this.subscribed = subscribed;
        this.mbo = mbo;
        this.listener = listener;
        this.proxy = proxy;
        this.answers = new SnapshotAnswers(this, proxy, counters.counter(HandlerCounter.SNAPSHOT_REQUESTS));
        this.recoveryLines = new RecoveryLines(lineMap, snapshotFeed, MAX_CHANNELS);
        this.channels = new ChannelState[Math.max(1, lineMap.channelCount())];
        for (int i = 0; i < lineMap.channelCount(); i++)
        {
            createChannel(i);
        }
        for (int lineId = 0; lineId < lineMap.lineCount(); lineId++)
        {
            route(lineId);
        }
        silence = new LineSilence(lineMap, Math.max(1, Math.min(MAX_CHANNELS, lineMap.channelCount())),
            channelIndex -> channel(channelIndex) != null);
    }

    /**
     * Join the definition lines of the channels that have one. Call once before the first packet.
     */
    public void start()
    {
        for (final ChannelState channel : channels)
        {
            if (channel != null && definitionLine(channel.channelIndex()) != null)
            {
                channel.joinDefinitions();
            }
        }
    }

    private ChannelState createChannel(final int channelIndex)
    {
        final int channelId = lineMap.channelId(channelIndex);
        if (!subscribed.test(channelId) || channelIndex >= MAX_CHANNELS)
        {
            return null;
        }
        if (channelIndex >= channels.length)
        {
            channels = Arrays.copyOf(channels, Math.max(channelIndex + 1, channels.length * 2));
        }
        final ChannelOptions options = baseOptions
            .withSnapshotLine(snapshotLine(channelIndex) != null)
            .withMbo(mbo.test(channelId));
        final ChannelState channel = ChannelPipeline.channel(protocol, channelId, channelIndex, options, listener, this,
            counters.newChannel(channelId));
        channels[channelIndex] = channel;
        return channel;
    }

    private byte route(final int lineId)
    {
        if (lineId >= routes.length)
        {
            routes = Arrays.copyOf(routes, Math.max(lineId + 1, routes.length * 2));
        }
        final Line line = lineMap.line(lineId);
        final int channelIndex = line.channelIndex();
        ChannelState channel = channelIndex < channels.length ? channels[channelIndex] : null;
        if (channel == null && !lineMap.isConfigured())
        {
            channel = createChannel(channelIndex);
        }
        final byte route;
        if (channel == null)
        {
            route = ROUTE_IGNORE;
        }
        else
        {
            route = switch (line.feedType())
            {
                case INCREMENTAL, UNCONFIGURED -> ROUTE_INCREMENTAL;
                case SNAPSHOT -> line == snapshotLine(channelIndex) ? ROUTE_SNAPSHOT : ROUTE_IGNORE;
                case SNAPSHOT_MBO -> channel.options().mbo()
                    && line.feed() == RecoveryLines.feedOf(snapshotLine(channelIndex)) ? ROUTE_SNAPSHOT : ROUTE_IGNORE;
                case INSTRUMENT_REPLAY -> line == definitionLine(channelIndex) ? ROUTE_DEFINITION : ROUTE_IGNORE;
                case HISTORICAL -> ROUTE_IGNORE;
            };
        }
        routes[lineId] = route;
        return route;
    }

    /**
     * @param channelIndex dense channel index.
     * @return the snapshot (S) line used for the channel: the configured feed, else the other one, else null.
     */
    public Line snapshotLine(final int channelIndex)
    {
        return recoveryLines.snapshotLine(channelIndex);
    }

    /**
     * @param channelIndex dense channel index.
     * @return the market-by-order snapshot (SMBO) line used with the snapshot line, on the same feed, when the channel
     * keeps MBO books and its config has one; else null (the 53s then come on the S line, or not at all).
     */
    public Line snapshotMboLine(final int channelIndex)
    {
        final ChannelState channel = channel(channelIndex);
        return recoveryLines.snapshotMboLine(channelIndex, channel != null && channel.options().mbo());
    }

    /**
     * @param channelIndex dense channel index.
     * @return the definition (N) line used for the channel, or null.
     */
    public Line definitionLine(final int channelIndex)
    {
        return recoveryLines.definitionLine(channelIndex);
    }

    /**
     * {@inheritDoc}
     */
    public void onDatagram(
        final int groupAddress,
        final int port,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receiveTimeNs)
    {
        datagrams++;
        lastReceiveTimeNs = receiveTimeNs;
        final LineMap lineMap = this.lineMap;
        final int lineId = lineMap.lineId(groupAddress, port);
        if (lineId == LineMap.NO_LINE)
        {
            unconfiguredDatagrams.incrementRelease();
            return;
        }
        byte route = lineId < routes.length ? routes[lineId] : ROUTE_UNKNOWN;
        if (route == ROUTE_UNKNOWN)
        {
            route = route(lineId);
        }
        if (route == ROUTE_IGNORE)
        {
            unsubscribedDatagrams++;
            return;
        }

        final Line line = lineMap.line(lineId);
        final ChannelState channel = channels[line.channelIndex()];
        // one datagram's records go out together (MarketDataProxy: one RecordBatch per packet)
        final ChannelListener listener = this.listener;
        listener.onPacketStart();
        switch (route)
        {
            case ROUTE_INCREMENTAL ->
            {
                silence.count(line);
                channel.onIncrementalPacket(line, buffer, offset, length, receiveTimeNs);
            }
            case ROUTE_SNAPSHOT -> channel.onSnapshotPacket(line, buffer, offset, length, receiveTimeNs);
            case ROUTE_DEFINITION -> channel.onDefinitionPacket(line, buffer, offset, length, receiveTimeNs);
            default ->
            {
            }
        }
        listener.onPacketEnd();
    }

    /**
     * Timers of every channel: holes that waited long enough are declared lost.
     *
     * @param nowNs source clock (System.nanoTime live, capture time in a replay).
     * @return work done.
     */
    public int onTimer(final long nowNs)
    {
        return onTimer(nowNs, true);
    }

    /**
     * Timers of every channel.
     *
     * @param nowNs   source clock.
     * @param drained true when the last poll left nothing ready in the source (it delivered fewer datagrams than
     *                its limit): only then can quiet lines be told from a backlog.
     * @return work done.
     */
    public int onTimer(final long nowNs, final boolean drained)
    {
        int work = silence.apply(this, nowNs);
        for (final ChannelState channel : channels)
        {
            if (channel != null)
            {
                work += channel.onTimer(nowNs, drained);
            }
        }
        return work;
    }

    /**
     * The incremental lines of a channel, as configured; any thread.
     *
     * @param channelIndex dense channel index.
     * @return bits: 1 feed A, 2 feed B; 0 when the channel is not subscribed or has no configured incremental line.
     */
    public int incrementalLines(final int channelIndex)
    {
        return silence.incrementalLines(channelIndex);
    }

    /**
     * Datagrams received so far on one incremental line; any thread (the conductor compares them over time).
     *
     * @param channelIndex dense channel index.
     * @param feedOrdinal  0 feed A, 1 feed B.
     * @return the count.
     */
    public long incrementalDatagrams(final int channelIndex, final int feedOrdinal)
    {
        return silence.datagrams(channelIndex, feedOrdinal);
    }

    /**
     * The conductor's judgement of a channel's incremental lines; takes effect at the receive thread's next timer
     * after {@link #publishSilence()}. Conductor thread only.
     *
     * @param channelIndex dense channel index.
     * @param mask         bits of the silent lines: 1 feed A, 2 feed B.
     * @param datagramsA   line A's {@link #incrementalDatagrams} the judgement saw (a line that counted more since
     *                     spoke after it, and is not told silent).
     * @param datagramsB   line B's, the same.
     */
    public void silentLines(final int channelIndex, final int mask, final long datagramsA, final long datagramsB)
    {
        silence.silentLines(channelIndex, mask, datagramsA, datagramsB);
    }

    /**
     * Hand the masks written with {@link #silentLines(int, int)} to the receive thread. Conductor thread only.
     */
    public void publishSilence()
    {
        silence.publish();
    }

    /**
     * Declare every open hole lost now (end of a capture).
     *
     * @param nowNs source clock.
     */
    public void flush(final long nowNs)
    {
        for (final ChannelState channel : channels)
        {
            if (channel != null)
            {
                channel.flush(nowNs);
            }
        }
    }

    /**
     * @return true while a channel's protocol recovery is bringing lost sequence numbers back (re-request or
     * snapshot; a replay waits for it before reading on).
     */
    public boolean isStreamRecovering()
    {
        for (final ChannelState channel : channels)
        {
            if (channel != null && channel.isStreamRecovering())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Close what the channels' protocol recoveries opened (sockets to the exchange's servers); the engine is not used
     * afterwards.
     */
    public void close()
    {
        for (final ChannelState channel : channels)
        {
            if (channel != null)
            {
                channel.close();
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void snapshotFeed(final int channelIndex, final boolean join)
    {
        recoveryLines.want(channelIndex, SNAPSHOT_FEED, join, lastReceiveTimeNs);
    }

    /**
     * {@inheritDoc}
     */
    public void definitionFeed(final int channelIndex, final boolean join)
    {
        recoveryLines.want(channelIndex, DEFINITION_FEED, join, lastReceiveTimeNs);
    }

    /**
     * When the desired feeds of a channel last changed: the receive time of the datagram being processed then
     * (source clock), so that the conductor can tell how long a join or leave waited for it.
     *
     * @param channelIndex dense channel index.
     * @return receive time, source clock; 0 before the first datagram.
     */
    public long desiredSinceNs(final int channelIndex)
    {
        return recoveryLines.desiredSinceNs(channelIndex);
    }

    /**
     * The recovery lines a channel wants now; readable from any thread (the conductor).
     *
     * @param channelIndex dense channel index.
     * @return bits {@link #SNAPSHOT_FEED} and {@link #DEFINITION_FEED}.
     */
    public int desiredFeeds(final int channelIndex)
    {
        return recoveryLines.desiredFeeds(channelIndex);
    }

    /**
     * {@inheritDoc}
     * <p>
     * Answered by {@link SnapshotAnswers#onSnapshotRequest}: per instrument its InstrumentDefinition and
     * BookSnapshot(requestId) (and OrderBookSnapshot chunks on MBO channels), then SnapshotComplete.
     */
    public void onSnapshotRequest(
        final long requestId, final int subscriberStreamId, final int channelId, final int securityId)
    {
        answers.onSnapshotRequest(requestId, subscriberStreamId, channelId, securityId);
    }

    /**
     * @return the engine's answers from its books: snapshot requests, unsolicited snapshots, idle heartbeats.
     */
    SnapshotAnswers answers()
    {
        return answers;
    }

    /**
     * Re-sample the offset from the source's clock to the epoch, for every channel.
     *
     * @param offsetNs added to receive times to make them ns since the epoch.
     */
    public void receiveTimeOffsetNs(final long offsetNs)
    {
        for (final ChannelState channel : channels)
        {
            if (channel != null)
            {
                channel.receiveTimeOffsetNs(offsetNs);
            }
        }
    }

    /**
     * @return the line map.
     */
    public LineMap lineMap()
    {
        return lineMap;
    }

    /**
     * @return the counters: the engine's own, and each channel's (written in place by the receive thread).
     */
    public HandlerCounters counters()
    {
        return counters;
    }

    /**
     * @return the publisher, or null.
     */
    public MarketDataProxy proxy()
    {
        return proxy;
    }

    /**
     * @return size of the channel index space (some entries may be null: not subscribed).
     */
    public int channelCount()
    {
        return channels.length;
    }

    /**
     * @param channelIndex dense channel index.
     * @return the channel, or null when not subscribed.
     */
    public ChannelState channel(final int channelIndex)
    {
        return channelIndex < channels.length ? channels[channelIndex] : null;
    }

    /**
     * @param channelId CME channel id.
     * @return the channel, or null.
     */
    public ChannelState channelById(final int channelId)
    {
        final int channelIndex = lineMap.channelIndexOf(channelId);
        return channelIndex >= 0 ? channel(channelIndex) : null;
    }

    /**
     * @return receive time of the last datagram (source clock).
     */
    public long lastReceiveTimeNs()
    {
        return lastReceiveTimeNs;
    }

    /**
     * @return every datagram handed to the engine.
     */
    public long datagrams()
    {
        return datagrams;
    }

    /**
     * @return datagrams on the lines the engine uses.
     */
    public long packets()
    {
        return counters.total(ChannelCounter.PACKETS);
    }

    /**
     * @return datagrams on no line of the map.
     */
    public long unconfiguredDatagrams()
    {
        return unconfiguredDatagrams.get();
    }

    /**
     * @return datagrams on lines of channels not subscribed, or of the unused copy of a recovery line.
     */
    public long unsubscribedDatagrams()
    {
        return unsubscribedDatagrams;
    }

    /**
     * @return datagrams of the snapshot and definition lines the channels use (wanted or not at the time).
     */
    public long recoveryDatagrams()
    {
        return counters.total(ChannelCounter.RECOVERY_DATAGRAMS);
    }

    /**
     * @return recovery-line datagrams that arrived while their channel did not want the line: with lines joined on
     * demand, only those in flight when a line is left.
     */
    public long unwantedRecoveryDatagrams()
    {
        return counters.total(ChannelCounter.UNWANTED_RECOVERY_DATAGRAMS);
    }

    /**
     * @return duplicates dropped, all channels.
     */
    public long duplicates()
    {
        return sum(channel -> channel.sequencer().duplicates());
    }

    /**
     * @return holes declared lost, all channels.
     */
    public long gaps()
    {
        return sum(channel -> channel.sequencer().losses());
    }

    /**
     * @return MsgSeqNums lost, all channels.
     */
    public long lostPackets()
    {
        return sum(channel -> channel.sequencer().lostPackets());
    }

    /**
     * @return recoveries started, all channels.
     */
    public long recoveries()
    {
        return sum(channel -> channel.recoveries());
    }

    /**
     * @return snapshots applied, all channels.
     */
    public long snapshotsApplied()
    {
        return sum(channel -> channel.snapshotsApplied());
    }

    /**
     * @return recovery queue overflows, all channels.
     */
    public long queueOverflows()
    {
        return sum(channel -> channel.queueOverflows());
    }

    /**
     * @return RptSeq gaps, all channels.
     */
    public long rptSeqGaps()
    {
        return sum(channel -> channel.rptSeqGaps());
    }

    /**
     * @return malformed datagrams, all channels.
     */
    public long malformed()
    {
        return sum(channel -> channel.malformed());
    }

    /**
     * @return instruments not LIVE now, all channels.
     */
    public long staleInstruments()
    {
        return sum(channel -> channel.staleInstruments());
    }

    /**
     * @return instruments known, all channels.
     */
    public long instruments()
    {
        return sum(channel -> channel.instrumentCount());
    }

    private long sum(final ToLongFunction<ChannelState> count)
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : count.applyAsLong(channel);
        }
        return total;
    }
}
