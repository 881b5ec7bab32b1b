package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.ChannelPipeline;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.channel.FeedControl;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.FeedType;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.mdp3.Mdp3Protocol;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.publish.SnapshotRequestAdapter;
import io.xdpfeed.handler.publish.SnapshotRequestListener;
import io.xdpfeed.ingress.DatagramHandler;
import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntPredicate;

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
 * Line silence: every incremental datagram bumps its line's count with an ordered write (no clock read, no
 * syscall); the conductor compares the counts with its own clock ({@link #incrementalDatagrams(int, int)}), and
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
    private final Feed snapshotFeed;
    private final IntPredicate subscribed;
    private final IntPredicate mbo;
    private final ChannelListener listener;
    private final MarketDataProxy proxy;
    private final AtomicIntegerArray desiredFeeds = new AtomicIntegerArray(MAX_CHANNELS);
    private final AtomicLongArray desiredSinceNs = new AtomicLongArray(MAX_CHANNELS);
    private final PacketInfo noPacket = new PacketInfo();
    private final int[] incrementalLines;
    private final long[] lineCounts;
    private final AtomicLongArray lineDatagrams;
    private final AtomicIntegerArray silentLines;
    private final AtomicInteger silenceVersion = new AtomicInteger();
    private final int[] appliedSilentLines;
    private int appliedSilenceVersion;
    private ChannelState[] channels;
    private byte[] routes = new byte[16];

    private long datagrams;
    private long packets;
    private long unconfiguredDatagrams;
    private long unsubscribedDatagrams;
    private long recoveryDatagrams;
    private long unwantedRecoveryDatagrams;
    private long snapshotRequests;
    private long lastReceiveTimeNs;
    private long lastHeartbeatRecordSeq = -1;

    /**
     * An engine of CME MDP 3.0 lines.
     *
     * @param lineMap      which (group, port) is which line.
     * @param baseOptions  settings of every channel (snapshot line and MBO are set per channel).
     * @param snapshotFeed which copy (A or B) of the snapshot and definition lines to use.
     * @param subscribed   CME channel ids to handle; others are ignored.
     * @param mbo          CME channel ids whose market-by-order books to keep.
     * @param listener     receives the records to publish.
     * @param proxy        answers snapshot requests and sends heartbeats, or null (replay).
     */
    public FeedEngine(
        final LineMap lineMap,
        final ChannelOptions baseOptions,
        final Feed snapshotFeed,
        final IntPredicate subscribed,
        final IntPredicate mbo,
        final ChannelListener listener,
        final MarketDataProxy proxy)
    {
        this(Mdp3Protocol.INSTANCE, lineMap, baseOptions, snapshotFeed, subscribed, mbo, listener, proxy);
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
     */
    public FeedEngine(
        final Protocol protocol,
        final LineMap lineMap,
        final ChannelOptions baseOptions,
        final Feed snapshotFeed,
        final IntPredicate subscribed,
        final IntPredicate mbo,
        final ChannelListener listener,
        final MarketDataProxy proxy)
    {
        this.protocol = protocol;
        this.lineMap = lineMap;
        this.baseOptions = baseOptions;
        this.snapshotFeed = snapshotFeed;
        this.subscribed = subscribed;
        this.mbo = mbo;
        this.listener = listener;
        this.proxy = proxy;
        this.channels = new ChannelState[Math.max(1, lineMap.channelCount())];
        for (int i = 0; i < lineMap.channelCount(); i++)
        {
            createChannel(i);
        }
        for (int lineId = 0; lineId < lineMap.lineCount(); lineId++)
        {
            route(lineId);
        }
        final int configuredChannels = Math.max(1, Math.min(MAX_CHANNELS, lineMap.channelCount()));
        incrementalLines = new int[configuredChannels];
        for (int lineId = 0; lineId < lineMap.lineCount(); lineId++)
        {
            final Line line = lineMap.line(lineId);
            if (line.feedType() == FeedType.INCREMENTAL && line.feed() != null &&
                line.channelIndex() < configuredChannels && channel(line.channelIndex()) != null)
            {
                incrementalLines[line.channelIndex()] |= ChannelState.lineBit(line.feed().ordinal());
            }
        }
        lineCounts = new long[configuredChannels * 2];
        lineDatagrams = new AtomicLongArray(configuredChannels * 2);
        silentLines = new AtomicIntegerArray(configuredChannels);
        appliedSilentLines = new int[configuredChannels];
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
        final ChannelState channel = ChannelPipeline.channel(protocol, channelId, channelIndex, options, listener, this);
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
                case SNAPSHOT_MBO -> channel.options().mbo() && line.feed() == feedOf(snapshotLine(channelIndex)) ?
                    ROUTE_SNAPSHOT : ROUTE_IGNORE;
                case INSTRUMENT_REPLAY -> line == definitionLine(channelIndex) ? ROUTE_DEFINITION : ROUTE_IGNORE;
                case HISTORICAL -> ROUTE_IGNORE;
            };
        }
        routes[lineId] = route;
        return route;
    }

    private static Feed feedOf(final Line line)
    {
        return line == null ? null : line.feed();
    }

    /**
     * @param channelIndex dense channel index.
     * @return the snapshot (S) line used for the channel: the configured feed, else the other one, else null.
     */
    public Line snapshotLine(final int channelIndex)
    {
        return chosenLine(channelIndex, FeedType.SNAPSHOT);
    }

    /**
     * @param channelIndex dense channel index.
     * @return the market-by-order snapshot (SMBO) line used with the snapshot line, on the same feed, when the channel
     * keeps MBO books and its config has one; else null (the 53s then come on the S line, or not at all).
     */
    public Line snapshotMboLine(final int channelIndex)
    {
        final ChannelState channel = channelIndex < channels.length ? channels[channelIndex] : null;
        final Line snapshotLine = snapshotLine(channelIndex);
        if (channel == null || snapshotLine == null || !channel.options().mbo())
        {
            return null;
        }
        for (int lineId = 0; lineId < lineMap.lineCount(); lineId++)
        {
            final Line line = lineMap.line(lineId);
            if (line.channelIndex() == channelIndex && line.feedType() == FeedType.SNAPSHOT_MBO &&
                line.feed() == snapshotLine.feed())
            {
                return line;
            }
        }
        return null;
    }

    /**
     * @param channelIndex dense channel index.
     * @return the definition (N) line used for the channel, or null.
     */
    public Line definitionLine(final int channelIndex)
    {
        return chosenLine(channelIndex, FeedType.INSTRUMENT_REPLAY);
    }

    private Line chosenLine(final int channelIndex, final FeedType feedType)
    {
        Line other = null;
        for (int lineId = 0; lineId < lineMap.lineCount(); lineId++)
        {
            final Line line = lineMap.line(lineId);
            if (line.channelIndex() == channelIndex && line.feedType() == feedType)
            {
                if (line.feed() == snapshotFeed)
                {
                    return line;
                }
                other = line;
            }
        }
        return other;
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
            unconfiguredDatagrams++;
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
        packets++;
        switch (route)
        {
            case ROUTE_INCREMENTAL ->
            {
                countLine(line);
                channel.onIncrementalPacket(line, buffer, offset, length, receiveTimeNs);
            }
            case ROUTE_SNAPSHOT ->
            {
                recoveryDatagrams++;
                if (!channel.isSnapshotJoined())
                {
                    unwantedRecoveryDatagrams++;
                }
                channel.onSnapshotPacket(line, buffer, offset, length, receiveTimeNs);
            }
            case ROUTE_DEFINITION ->
            {
                recoveryDatagrams++;
                if (!channel.isDefinitionJoined())
                {
                    unwantedRecoveryDatagrams++;
                }
                channel.onDefinitionPacket(line, buffer, offset, length, receiveTimeNs);
            }
            default ->
            {
            }
        }
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
        int work = 0;
        final int version = silenceVersion.get();
        if (version != appliedSilenceVersion)
        {
            work += applySilence(version, nowNs);
        }
        for (final ChannelState channel : channels)
        {
            if (channel != null)
            {
                work += channel.onTimer(nowNs, drained);
            }
        }
        return work;
    }

    private void countLine(final Line line)
    {
        final int index = line.channelIndex() * 2 + (line.feed() == Feed.B ? 1 : 0);
        if (index < lineCounts.length)
        {
            lineDatagrams.lazySet(index, ++lineCounts[index]);
        }
    }

    private int applySilence(final int version, final long nowNs)
    {
        appliedSilenceVersion = version;
        int work = 0;
        for (int channelIndex = 0; channelIndex < appliedSilentLines.length; channelIndex++)
        {
            final int mask = silentLines.get(channelIndex);
            if (mask != appliedSilentLines[channelIndex])
            {
                appliedSilentLines[channelIndex] = mask;
                final ChannelState channel = channel(channelIndex);
                if (channel != null)
                {
                    channel.onLineSilence(mask, incrementalLines[channelIndex], nowNs);
                    work++;
                }
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
        return channelIndex < incrementalLines.length ? incrementalLines[channelIndex] : 0;
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
        final int index = channelIndex * 2 + feedOrdinal;
        return index < lineCounts.length ? lineDatagrams.get(index) : 0;
    }

    /**
     * The conductor's judgement of a channel's incremental lines; takes effect at the receive thread's next timer
     * after {@link #publishSilence()}. Conductor thread only.
     *
     * @param channelIndex dense channel index.
     * @param mask         bits of the silent lines: 1 feed A, 2 feed B.
     */
    public void silentLines(final int channelIndex, final int mask)
    {
        if (channelIndex < appliedSilentLines.length)
        {
            silentLines.lazySet(channelIndex, mask);
        }
    }

    /**
     * Hand the masks written with {@link #silentLines(int, int)} to the receive thread. Conductor thread only.
     */
    public void publishSilence()
    {
        silenceVersion.lazySet(silenceVersion.get() + 1);
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
     * {@inheritDoc}
     */
    public void snapshotFeed(final int channelIndex, final boolean join)
    {
        setFeedBit(channelIndex, SNAPSHOT_FEED, join);
    }

    /**
     * {@inheritDoc}
     */
    public void definitionFeed(final int channelIndex, final boolean join)
    {
        setFeedBit(channelIndex, DEFINITION_FEED, join);
    }

    private void setFeedBit(final int channelIndex, final int bit, final boolean set)
    {
        final int current = desiredFeeds.get(channelIndex);
        desiredSinceNs.lazySet(channelIndex, lastReceiveTimeNs);
        desiredFeeds.lazySet(channelIndex, set ? current | bit : current & ~bit);
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
        return channelIndex < MAX_CHANNELS ? desiredSinceNs.get(channelIndex) : 0;
    }

    /**
     * The recovery lines a channel wants now; readable from any thread (the conductor).
     *
     * @param channelIndex dense channel index.
     * @return bits {@link #SNAPSHOT_FEED} and {@link #DEFINITION_FEED}.
     */
    public int desiredFeeds(final int channelIndex)
    {
        return channelIndex < MAX_CHANNELS ? desiredFeeds.get(channelIndex) : 0;
    }

    /**
     * {@inheritDoc}
     * <p>
     * The answer, back to back on the market-data stream: per instrument of the channel (or the one asked for) its
     * InstrumentDefinition then its BookSnapshot(requestId) (and, on a market-by-order channel, its
     * OrderBookSnapshot(requestId) chunks), then SnapshotComplete with the recordSeq of the last
     * record before the answer. Answer records wait a bounded time for back-pressure to clear
     * ({@link MarketDataProxy#answerTimeoutNs(long)}); what still cannot go is counted, and the subscriber, seeing
     * the gap or a short count, asks again.
     */
    public void onSnapshotRequest(
        final long requestId, final int subscriberStreamId, final int channelId, final int securityId)
    {
        snapshotRequests++;
        if (proxy == null)
        {
            return;
        }
        final long lastRecordSeq = proxy.recordSeq();
        final int channelIndex = lineMap.channelIndexOf(channelId);
        final ChannelState channel = channelIndex >= 0 && channelIndex < channels.length ?
            channels[channelIndex] : null;
        int sent = 0;
        proxy.beginAnswer();
        if (channel != null)
        {
            final long lastSeqNum = channel.lastSeqNum();
            for (int i = 0, n = channel.instrumentCount(); i < n; i++)
            {
                final Instrument instrument = channel.instrument(i);
                if (securityId == SnapshotRequestAdapter.ALL_INSTRUMENTS || securityId == instrument.securityId())
                {
                    proxy.onInstrumentDefinition(instrument, noPacket);
                    proxy.bookSnapshot(instrument, requestId, lastSeqNum, 0, 0, 0);
                    proxy.orderBookSnapshot(instrument, requestId, lastSeqNum, 0, 0, 0);
                    sent++;
                }
            }
        }
        proxy.snapshotComplete(requestId, channelId, lastRecordSeq, sent);
        proxy.endAnswer();
    }

    /**
     * Publish an unsolicited BookSnapshot (requestId 0) of every instrument of every channel.
     *
     * @return snapshots published.
     */
    public int publishSnapshots()
    {
        if (proxy == null)
        {
            return 0;
        }
        int sent = 0;
        for (final ChannelState channel : channels)
        {
            if (channel != null)
            {
                for (int i = 0, n = channel.instrumentCount(); i < n; i++)
                {
                    proxy.bookSnapshot(channel.instrument(i), 0, channel.lastSeqNum(), 0, 0, 0);
                    proxy.orderBookSnapshot(channel.instrument(i), 0, channel.lastSeqNum(), 0, 0, 0);
                    sent++;
                }
            }
        }
        return sent;
    }

    /**
     * Publish a Heartbeat per channel when nothing was published since the last call, so that a late joiner of a
     * quiet stream learns the channels and a trailing gap is noticed.
     *
     * @return heartbeats sent.
     */
    public int heartbeatIfIdle()
    {
        if (proxy == null)
        {
            return 0;
        }
        final long recordSeq = proxy.recordSeq();
        int sent = 0;
        if (recordSeq == lastHeartbeatRecordSeq)
        {
            for (final ChannelState channel : channels)
            {
                if (channel != null)
                {
                    proxy.heartbeat(channel.channelId());
                    sent++;
                }
            }
        }
        lastHeartbeatRecordSeq = proxy.recordSeq();
        return sent;
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
        return packets;
    }

    /**
     * @return datagrams on no line of the map.
     */
    public long unconfiguredDatagrams()
    {
        return unconfiguredDatagrams;
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
        return recoveryDatagrams;
    }

    /**
     * @return recovery-line datagrams that arrived while their channel did not want the line: with lines joined on
     * demand, only those in flight when a line is left.
     */
    public long unwantedRecoveryDatagrams()
    {
        return unwantedRecoveryDatagrams;
    }

    /**
     * @return snapshot requests received.
     */
    public long snapshotRequests()
    {
        return snapshotRequests;
    }

    /**
     * @return duplicates dropped, all channels.
     */
    public long duplicates()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.sequencer().duplicates();
        }
        return total;
    }

    /**
     * @return holes declared lost, all channels.
     */
    public long gaps()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.sequencer().losses();
        }
        return total;
    }

    /**
     * @return MsgSeqNums lost, all channels.
     */
    public long lostPackets()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.sequencer().lostPackets();
        }
        return total;
    }

    /**
     * @return recoveries started, all channels.
     */
    public long recoveries()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.recoveries();
        }
        return total;
    }

    /**
     * @return snapshots applied, all channels.
     */
    public long snapshotsApplied()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.snapshotsApplied();
        }
        return total;
    }

    /**
     * @return snapshots refused, all channels.
     */
    public long snapshotsRefused()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.snapshotsRefused();
        }
        return total;
    }

    /**
     * @return recovery queue overflows, all channels.
     */
    public long queueOverflows()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.queueOverflows();
        }
        return total;
    }

    /**
     * @return losses at the tail of the incremental stream found from snapshots, all channels.
     */
    public long tailLosses()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.tailLosses();
        }
        return total;
    }

    /**
     * @return RptSeq gaps, all channels.
     */
    public long rptSeqGaps()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.rptSeqGaps();
        }
        return total;
    }

    /**
     * @return malformed datagrams, all channels.
     */
    public long malformed()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.malformed();
        }
        return total;
    }

    /**
     * @return instruments not LIVE now, all channels.
     */
    public long staleInstruments()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.staleInstruments();
        }
        return total;
    }

    /**
     * @return instruments known, all channels.
     */
    public long instruments()
    {
        long total = 0;
        for (final ChannelState channel : channels)
        {
            total += channel == null ? 0 : channel.instrumentCount();
        }
        return total;
    }
}
