package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.mdp3.ChannelReset4Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshDailyStatistics49Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshSessionStatistics51Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.MDInstrumentDefinitionFuture54Decoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefreshOrderBook53Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshBook32Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshTradeSummary42Decoder;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.mdp3.Mdp3Framing;
import io.xdpfeed.handler.mdp3.Mdp3Listener;
import io.xdpfeed.handler.mdp3.Mdp3PacketAdapter;
import io.xdpfeed.handler.mdp3.Mdp3PacketContext;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Arrays;

/**
 * Everything the handler knows about one CME channel: its instruments and books, the sequencing of its incremental
 * feed, and its recovery state machine. Owned by the receive thread.
 * <pre>
 *   incremental packet -> framing -> PacketSequencer (A/B, reorder window, gap wait) -> in order, once:
 *       LIVE instruments      apply: RptSeq check, book, publish
 *       STALE instruments     skip (trades and volume are still published: they are facts)
 *       while recovering      also copy the packet into the PacketQueue (one copy, O(1))
 *   loss (hole not filled in time), late start, RptSeq gap:
 *       instruments STALE (InstrumentStatus), ChannelStatus STALE, join the snapshot feed
 *   SnapshotFullRefresh52 for a STALE instrument, usable when LastMsgSeqNumProcessed &gt;= its floor and the queue
 *   still holds every packet after it:
 *       book := snapshot, RptSeq := snapshot's, replay the queued packets after LastMsgSeqNumProcessed for that
 *       instrument only (RptSeq must continue exactly), publish BookSnapshot and InstrumentStatus LIVE
 *   every instrument LIVE (and, after a channel-level loss without complete definitions, one whole snapshot loop
 *   seen): leave the snapshot feed, ChannelStatus LIVE
 *   ChannelReset4: every book empty, every instrument LIVE with RptSeq unknown, recovery over
 * </pre>
 * An instrument that is not in a whole snapshot loop and had no activity while stale is empty: it becomes LIVE with
 * an empty book. Without a snapshot line the channel cannot recover: it keeps applying and says STALE.
 * No allocation in steady state (new instruments and definitions allocate once).
 */
public final class ChannelState implements Mdp3Listener, PacketSequencer.Handler
{
    private static final int MODE_LIVE = 0;
    private static final int MODE_REPLAY = 1;
    private static final int MODE_SNAPSHOT = 2;
    private static final int MODE_DEFINITION = 3;

    private static final int NO_SECURITY = Integer.MIN_VALUE;
    private static final int INT32_NULL = Integer.MAX_VALUE;
    private static final long UINT32_NULL = 0xFFFF_FFFFL;
    private static final short END_OF_EVENT = 0x80;

    private final int channelId;
    private final int channelIndex;
    private final ChannelListener listener;
    private final FeedControl feedControl;
    private final ChannelOptions options;
    private final Mdp3PacketAdapter adapter = new Mdp3PacketAdapter(this);
    private final Mdp3PacketAdapter replayAdapter = new Mdp3PacketAdapter(this);
    private final PacketSequencer sequencer;
    private final PacketQueue queue;
    private final Int2ObjectHashMap<Instrument> instrumentById = new Int2ObjectHashMap<>();
    private Instrument[] instruments = new Instrument[16];
    private Instrument lastInstrument;
    private int instrumentCount;
    private final PacketInfo packetInfo = new PacketInfo();
    private final OrderBookUpdater orderBooks;
    private final MbpBookUpdater mbp;
    private final DefinitionUpdater definitionUpdater;
    private final EventUpdater events;
    private final BookChanges noChanges = new BookChanges(1);

    private long receiveTimeOffsetNs;
    private int mode = MODE_LIVE;
    private Instrument replayTarget;
    private long currentSeqNum;

    private boolean started;
    private long lastSeqNum;
    private FeedStatus channelStatus = FeedStatus.LIVE;
    private boolean recoveringChannel;
    private boolean snapshotJoined;
    private boolean recoveredOne;
    private int staleCount;
    private long gapFromSeqNum;
    private long gapToSeqNum;

    /**
     * Instrument of the last published record when that record left its match event open, else null. Owned here,
     * shared by the book path (46, 32, 47) and the {@link EventUpdater} (48, 42, 37) through
     * {@link #eventPublished} and {@link #closeOpenEvent}.
     */
    private Instrument openEvent;
    private long tailSeqNum;
    private long tailSinceNs;
    private long tailLosses;
    private long eventsClosedEmpty;

    private int snapshotLoop;
    private long loopMessages;
    private int loopFirstSecurityId = NO_SECURITY;
    private boolean loopSeen;

    private long packets;
    private long recoveries;
    private long recoveryRestarts;
    private long lateStarts;
    private long rptSeqGaps;
    private long snapshotsApplied;
    private long snapshotsRefused;
    private long replayedPackets;
    private long channelResets;
    private long outOfDepthEntries;
    private long ignoredEntries;

    /**
     * @param channelId    CME channel id.
     * @param channelIndex dense index of the channel in the line map.
     * @param options      depths, sequencing and recovery settings.
     * @param listener     receives the records to publish.
     * @param feedControl  joins and leaves the recovery lines.
     */
    public ChannelState(
        final int channelId,
        final int channelIndex,
        final ChannelOptions options,
        final ChannelListener listener,
        final FeedControl feedControl)
    {
        this.channelId = channelId;
        this.channelIndex = channelIndex;
        this.options = options;
        this.listener = listener;
        this.feedControl = feedControl;
        this.mbp = new MbpBookUpdater(this, listener, packetInfo);
        this.sequencer = new PacketSequencer(this, options.reorderWindow(), options.slotLength(), options.gapWaitNs());
        this.queue = new PacketQueue(options.queueCapacity(), options.slotLength());
        this.receiveTimeOffsetNs = options.receiveTimeOffsetNs();
        this.orderBooks = new OrderBookUpdater(this, listener, packetInfo);
        this.definitionUpdater = new DefinitionUpdater(this, options, listener, feedControl, packetInfo);
        this.events = new EventUpdater(this, listener, packetInfo);
    }

    /**
     * Re-sample the offset from the source's clock to the epoch (live sources give monotonic receive times).
     *
     * @param offsetNs added to receive times to make them ns since the epoch.
     */
    public void receiveTimeOffsetNs(final long offsetNs)
    {
        this.receiveTimeOffsetNs = offsetNs;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // entry points from the engine
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * An incremental packet from line A or B.
     *
     * @param line          it came on.
     * @param buffer        holding the UDP payload.
     * @param offset        of the packet header.
     * @param length        of the payload.
     * @param receiveTimeNs source clock.
     */
    public void onIncrementalPacket(
        final Line line, final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs)
    {
        packets++;
        sequencer.onTimer(receiveTimeNs);
        final int messageCount = adapter.validate(buffer, offset, length);
        if (messageCount > 0)
        {
            sequencer.onPacket(line, buffer, offset, length, messageCount, Mdp3Framing.msgSeqNum(buffer, offset),
                receiveTimeNs);
        }
    }

    /**
     * A packet of the market recovery (snapshot) line; used only while the channel has joined it.
     *
     * @param line          it came on.
     * @param buffer        holding the UDP payload.
     * @param offset        of the packet header.
     * @param length        of the payload.
     * @param receiveTimeNs source clock.
     */
    public void onSnapshotPacket(
        final Line line, final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs)
    {
        if (!snapshotJoined)
        {
            return;
        }
        final int messageCount = adapter.validate(buffer, offset, length);
        if (messageCount > 0)
        {
            mode = MODE_SNAPSHOT;
            adapter.decode(line, buffer, offset, length, receiveTimeNs, messageCount);
            mode = MODE_LIVE;
        }
    }

    /**
     * A packet of the instrument definition line; used only while the channel has joined it.
     *
     * @param line          it came on.
     * @param buffer        holding the UDP payload.
     * @param offset        of the packet header.
     * @param length        of the payload.
     * @param receiveTimeNs source clock.
     */
    public void onDefinitionPacket(
        final Line line, final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs)
    {
        if (!definitionUpdater.isJoined())
        {
            return;
        }
        final int messageCount = adapter.validate(buffer, offset, length);
        if (messageCount > 0)
        {
            mode = MODE_DEFINITION;
            adapter.decode(line, buffer, offset, length, receiveTimeNs, messageCount);
            mode = MODE_LIVE;
        }
    }

    /**
     * Timers: a hole that waited long enough is declared lost.
     *
     * @param nowNs source clock.
     * @return work done.
     */
    public int onTimer(final long nowNs)
    {
        return onTimer(nowNs, true);
    }

    /**
     * Timers: a hole that waited long enough is declared lost; a tail loss shown by a snapshot is judged only when
     * the source has been drained, so that packets still queued behind a descheduled receive thread do not look
     * like quiet lines.
     *
     * @param nowNs   source clock.
     * @param drained true when the last poll left nothing ready in the source.
     * @return work done.
     */
    public int onTimer(final long nowNs, final boolean drained)
    {
        return sequencer.onTimer(nowNs) + (drained ? checkTailLoss(nowNs) : 0);
    }

    /**
     * A snapshot that already includes incremental packets this channel has not seen (LastMsgSeqNumProcessed past
     * the last MsgSeqNum delivered) is evidence that they are in flight or lost; lost at the tail of a burst (the
     * last packets before the exchange goes quiet) no later packet would reveal the hole. Noted here, judged by
     * {@link #checkTailLoss(long)}.
     */
    private void noteTailEvidence(final long lastMsgSeqNumProcessed, final long receiveTimeNs)
    {
        if (started && lastMsgSeqNumProcessed != UINT32_NULL && lastMsgSeqNumProcessed > lastSeqNum &&
            lastMsgSeqNumProcessed > tailSeqNum)
        {
            if (tailSeqNum <= lastSeqNum)
            {
                tailSinceNs = receiveTimeNs;
            }
            tailSeqNum = lastMsgSeqNumProcessed;
        }
    }

    /**
     * Declare the tail lost when the snapshot line showed packets past the last one delivered, no hole is waiting
     * for the other line and no incremental packet has been delivered for the gap wait since: the incremental lines
     * are quiet, so the packets are not merely behind the snapshot. The sequencer then expects the packet after the
     * tail, and the usual channel recovery (STALE, snapshots with LastMsgSeqNumProcessed at least the tail) follows.
     *
     * @return 1 when the tail was declared lost.
     */
    private int checkTailLoss(final long nowNs)
    {
        if (tailSeqNum <= lastSeqNum)
        {
            return 0;
        }
        if (sequencer.held() > 0 || nowNs - tailSinceNs < options.gapWaitNs())
        {
            return 0;
        }
        final long tail = tailSeqNum;
        tailLosses++;
        sequencer.declareLostThrough(tail, nowNs);
        tailSeqNum = 0;
        return 1;
    }

    /**
     * Declare every open hole lost now (end of a capture).
     *
     * @param nowNs source clock.
     */
    public void flush(final long nowNs)
    {
        sequencer.flush(nowNs);
    }

    /**
     * Join the instrument definition line until one whole loop of definitions has been seen.
     */
    public void joinDefinitions()
    {
        definitionUpdater.join();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // sequenced stream
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     */
    public void onSequencedPacket(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final long msgSeqNum,
        final long receiveTimeNs)
    {
        packetInfo.set(msgSeqNum, Mdp3Framing.sendingTimeNs(buffer, offset),
            receiveTimeNs + receiveTimeOffsetNs);
        if (!started)
        {
            started = true;
            if (msgSeqNum != 1)
            {
                lateStarts++;
                gapFromSeqNum = 1;
                gapToSeqNum = msgSeqNum - 1;
                startChannelRecovery(msgSeqNum - 1);
            }
        }
        if (snapshotJoined)
        {
            queue.append(msgSeqNum, line, buffer, offset, length, messageCount, receiveTimeNs);
        }
        currentSeqNum = msgSeqNum;
        lastSeqNum = msgSeqNum;
        tailSinceNs = receiveTimeNs;
        mode = MODE_LIVE;
        adapter.decode(line, buffer, offset, length, receiveTimeNs, messageCount);
    }

    /**
     * {@inheritDoc}
     */
    public void onLoss(final long fromSeqNum, final long toSeqNum, final long nowNs)
    {
        packetInfo.set(0, 0, nowNs + receiveTimeOffsetNs);
        gapFromSeqNum = fromSeqNum;
        gapToSeqNum = toSeqNum;
        if (!started)
        {
            started = true;
            lateStarts++;
        }
        startChannelRecovery(toSeqNum);
    }

    /**
     * {@inheritDoc}
     */
    public void onSequenceReset(final long nowNs)
    {
        lastSeqNum = 0;
        tailSeqNum = 0;
        if (snapshotJoined)
        {
            queue.clear();
        }
        for (int i = 0; i < instrumentCount; i++)
        {
            final Instrument instrument = instruments[i];
            instrument.appliedThroughSeqNum = 0;
            instrument.floorSeqNum = 0;
            OrderBookUpdater.reset(instrument, 0);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // recovery state machine
    // ---------------------------------------------------------------------------------------------------------------

    private void startChannelRecovery(final long floorSeqNum)
    {
        if (recoveringChannel)
        {
            recoveryRestarts++;
        }
        recoveries++;
        recoveringChannel = true;
        recoveredOne = false;
        queue.clear();
        resetLoop();

        for (int i = 0; i < instrumentCount; i++)
        {
            final Instrument instrument = instruments[i];
            if (instrument.isLive())
            {
                markStale(instrument, floorSeqNum);
            }
            else
            {
                instrument.floorSeqNum = Math.max(instrument.floorSeqNum, floorSeqNum);
            }
        }

        channelStatus = FeedStatus.STALE;
        listener.onChannelStatus(channelId, FeedStatus.STALE, gapFromSeqNum, gapToSeqNum, recoveries, packetInfo);
        if (options.hasSnapshotLine())
        {
            joinSnapshots();
        }
    }

    private void markStale(final Instrument instrument, final long floorSeqNum)
    {
        if (instrument.isLive())
        {
            staleCount++;
        }
        instrument.feedStatus = FeedStatus.STALE;
        instrument.floorSeqNum = Math.max(instrument.floorSeqNum, floorSeqNum);
        instrument.skippedWhileStale = false;
        listener.onInstrumentStatus(instrument, packetInfo);
    }

    private void markLive(final Instrument instrument)
    {
        if (!instrument.isLive())
        {
            staleCount--;
        }
        instrument.feedStatus = FeedStatus.LIVE;
        instrument.replayFailed = false;
    }

    private void joinSnapshots()
    {
        if (!snapshotJoined)
        {
            snapshotJoined = true;
            queue.clear();
            resetLoop();
            feedControl.snapshotFeed(this, true);
        }
    }

    private void leaveSnapshots()
    {
        if (snapshotJoined)
        {
            snapshotJoined = false;
            queue.clear();
            feedControl.snapshotFeed(this, false);
        }
    }

    private void resetLoop()
    {
        snapshotLoop++;
        loopMessages = 0;
        loopFirstSecurityId = NO_SECURITY;
        loopSeen = false;
        orderBooks.resetLoop();
    }

    private void onRptSeqGap(final Instrument instrument)
    {
        rptSeqGaps++;
        if (mode == MODE_REPLAY)
        {
            instrument.replayFailed = true;
            return;
        }
        if (instrument.isLive())
        {
            markStale(instrument, currentSeqNum);
            if (options.hasSnapshotLine())
            {
                joinSnapshots();
            }
        }
    }

    void checkRecoveryComplete()
    {
        if (!snapshotJoined || staleCount > 0)
        {
            return;
        }
        if (recoveringChannel && !loopSeen && !definitionUpdater.isComplete())
        {
            return;
        }
        leaveSnapshots();
        if (recoveringChannel)
        {
            recoveringChannel = false;
            channelStatus = FeedStatus.LIVE;
            listener.onChannelStatus(channelId, FeedStatus.LIVE, gapFromSeqNum, gapToSeqNum, recoveries, packetInfo);
        }
    }

    private void onSnapshotMessage(final int securityId)
    {
        if (loopFirstSecurityId == NO_SECURITY)
        {
            loopFirstSecurityId = securityId;
        }
        else if (securityId == loopFirstSecurityId)
        {
            onLoopComplete();
            loopFirstSecurityId = securityId;
        }
    }

    private void afterSnapshotMessage(final long totNumReports)
    {
        loopMessages++;
        if (totNumReports > 0 && totNumReports != UINT32_NULL && loopMessages >= totNumReports)
        {
            onLoopComplete();
            loopFirstSecurityId = NO_SECURITY;
        }
    }

    private void onLoopComplete()
    {
        loopSeen = true;
        final int loop = snapshotLoop;
        for (int i = 0; i < instrumentCount; i++)
        {
            final Instrument instrument = instruments[i];
            if (!instrument.isLive() && instrument.snapshotLoop != loop && !instrument.skippedWhileStale)
            {
                instrument.book().clear();
                OrderBookUpdater.reset(instrument, lastSeqNum);
                instrument.rptSeq = 0;
                instrument.appliedThroughSeqNum = lastSeqNum;
                markLive(instrument);
                listener.onBookSnapshot(instrument, 0, lastSeqNum, packetInfo);
                publishOrderBook(instrument, lastSeqNum);
                listener.onInstrumentStatus(instrument, packetInfo);
                noteRecovered();
            }
        }
        snapshotLoop++;
        loopMessages = 0;
        checkRecoveryComplete();
    }

    private void noteRecovered()
    {
        if (recoveringChannel && !recoveredOne)
        {
            recoveredOne = true;
            channelStatus = FeedStatus.RECOVERING;
            listener.onChannelStatus(
                channelId, FeedStatus.RECOVERING, gapFromSeqNum, gapToSeqNum, recoveries, packetInfo);
        }
    }

    private void replay(final Instrument instrument, final long fromSeqNum, final long toSeqNum)
    {
        final int savedMode = mode;
        final long savedSeqNum = currentSeqNum;
        mode = MODE_REPLAY;
        replayTarget = instrument;
        final PacketQueue queue = this.queue;
        for (long seqNum = fromSeqNum; seqNum <= toSeqNum && !instrument.replayFailed; seqNum++)
        {
            final int index = queue.index(seqNum);
            currentSeqNum = seqNum;
            replayedPackets++;
            replayAdapter.decode(queue.line(index), queue.buffer(), queue.offset(index), queue.length(index),
                queue.receiveTimeNs(index), queue.messageCount(index));
        }
        replayTarget = null;
        currentSeqNum = savedSeqNum;
        mode = savedMode;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // instruments
    // ---------------------------------------------------------------------------------------------------------------

    Instrument instrumentFor(final int securityId)
    {
        final Instrument last = lastInstrument;
        if (last != null && last.securityId() == securityId)
        {
            return last;
        }
        final Instrument existing = instrumentById.get(securityId);
        if (existing != null)
        {
            lastInstrument = existing;
            return existing;
        }
        if (mode == MODE_REPLAY)
        {
            return null;
        }
        return newInstrument(securityId);
    }

    private Instrument newInstrument(final int securityId)
    {
        final Instrument instrument = new Instrument(
            channelId, securityId, options.defaultDepth(), options.defaultImpliedDepth());
        if (options.mbo())
        {
            instrument.orderState(new OrderBookState(options.maxOrdersPerBook()));
        }
        if (recoveringChannel)
        {
            instrument.feedStatus = FeedStatus.STALE;
            instrument.floorSeqNum = gapToSeqNum;
            staleCount++;
        }
        instrumentById.put(securityId, instrument);
        if (instrumentCount == instruments.length)
        {
            instruments = Arrays.copyOf(instruments, instrumentCount * 2);
        }
        instrument.index = instrumentCount;
        instruments[instrumentCount++] = instrument;
        return instrument;
    }

    Instrument entryInstrument(final int securityId)
    {
        if (mode == MODE_REPLAY)
        {
            return securityId == replayTarget.securityId() ? replayTarget : null;
        }
        return instrumentFor(securityId);
    }

    /**
     * Whether an entry of a sequenced packet changes the instrument's state, advancing its RptSeq.
     *
     * @param rptSeq of the entry, or -1 for a message without one.
     */
    boolean accept(final Instrument instrument, final long rptSeq)
    {
        if (mode != MODE_REPLAY && !instrument.isLive() && options.hasSnapshotLine())
        {
            instrument.skippedWhileStale = true;
            return false;
        }
        if (currentSeqNum <= instrument.appliedThroughSeqNum)
        {
            return false;
        }
        if (rptSeq >= 0)
        {
            final long last = instrument.rptSeq;
            if (last != 0)
            {
                if (rptSeq <= last)
                {
                    return false;
                }
                if (rptSeq != last + 1)
                {
                    onRptSeqGap(instrument);
                    if (mode == MODE_REPLAY || options.hasSnapshotLine())
                    {
                        return false;
                    }
                }
            }
            instrument.rptSeq = rptSeq;
        }
        instrument.lastMsgSeqNum = currentSeqNum;
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // MDP messages
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * {@inheritDoc}
     */
    public void onPacketStart(final Mdp3PacketContext context)
    {
        if (mode != MODE_REPLAY)
        {
            packetInfo.set(context.msgSeqNum(), context.sendingTimeNs(),
                context.receiveTimeNs() + receiveTimeOffsetNs);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshBook46(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook46Decoder decoder)
    {
        if (mode != MODE_LIVE && mode != MODE_REPLAY)
        {
            return;
        }
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        final int entriesOffset = decoder.limit();
        mbp.startMessage(mode == MODE_LIVE);
        mbp.applyBook46(decoder);
        if (options.mbo())
        {
            orderBooks.onBook46(decoder, entriesOffset);
        }
        closeBookMessage(matchEventIndicator);
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshBook32(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook32Decoder decoder)
    {
        if (mode != MODE_LIVE && mode != MODE_REPLAY)
        {
            return;
        }
        final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
        mbp.startMessage(mode == MODE_LIVE);
        mbp.applyBook32(decoder);
        closeBookMessage(matchEventIndicator);
    }

    /**
     * End a book message and keep track of the open match event: when the message closes the event but published
     * nothing (no entries, or none applied: duplicates, stale instruments), the subscribers still waiting for the end
     * of the event get an empty BookUpdate with EndOfEvent for the instrument of the event's last record. When no
     * event is open (the last record already closed one), nothing is published: nobody waits.
     */
    private void closeBookMessage(final short matchEventIndicator)
    {
        final Instrument last = mbp.endMessage(matchEventIndicator);
        if (last != null)
        {
            openEvent = (matchEventIndicator & END_OF_EVENT) != 0 ? null : last;
        }
        else
        {
            closeOpenEvent((matchEventIndicator & END_OF_EVENT) != 0, matchEventIndicator);
        }
    }

    /**
     * A record was published for the instrument: the match event stays open unless the record ended it.
     *
     * @param instrument of the record.
     * @param endsEvent  true when the record carried EndOfEvent.
     */
    void eventPublished(final Instrument instrument, final boolean endsEvent)
    {
        openEvent = endsEvent ? null : instrument;
    }

    /**
     * A message with EndOfEvent that published no record closes the open event with an empty BookUpdate.
     *
     * @param endOfEvent          true when the message carried EndOfEvent.
     * @param matchEventIndicator of the message, published with the empty BookUpdate.
     */
    void closeOpenEvent(final boolean endOfEvent, final short matchEventIndicator)
    {
        final Instrument instrument = openEvent;
        if (!endOfEvent || mode != MODE_LIVE || instrument == null)
        {
            return;
        }
        openEvent = null;
        eventsClosedEmpty++;
        noChanges.reset();
        noChanges.rptSeq(instrument.rptSeq);
        listener.onBookUpdate(instrument, noChanges, true, matchEventIndicator, packetInfo);
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshTradeSummary48(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary48Decoder decoder)
    {
        if (mode != MODE_LIVE && mode != MODE_REPLAY)
        {
            return;
        }
        events.onTradeSummary48(decoder, mode == MODE_LIVE);
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshTradeSummary42(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary42Decoder decoder)
    {
        if (mode != MODE_LIVE && mode != MODE_REPLAY)
        {
            return;
        }
        events.onTradeSummary42(decoder, mode == MODE_LIVE);
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshVolume37(
        final Mdp3PacketContext context, final MDIncrementalRefreshVolume37Decoder decoder)
    {
        if (mode != MODE_LIVE && mode != MODE_REPLAY)
        {
            return;
        }
        events.onVolume37(decoder, mode == MODE_LIVE);
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshDailyStatistics49(
        final Mdp3PacketContext context, final MDIncrementalRefreshDailyStatistics49Decoder decoder)
    {
        if (mode != MODE_LIVE && mode != MODE_REPLAY)
        {
            return;
        }
        events.onDailyStatistics49(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshSessionStatistics51(
        final Mdp3PacketContext context, final MDIncrementalRefreshSessionStatistics51Decoder decoder)
    {
        if (mode != MODE_LIVE && mode != MODE_REPLAY)
        {
            return;
        }
        events.onSessionStatistics51(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onMDIncrementalRefreshOrderBook47(
        final Mdp3PacketContext context, final MDIncrementalRefreshOrderBook47Decoder decoder)
    {
        if (options.mbo() && (mode == MODE_LIVE || mode == MODE_REPLAY))
        {
            final Instrument last = orderBooks.onOrderBook47(decoder);
            final short matchEventIndicator = decoder.matchEventIndicator().getRaw();
            final boolean endOfEvent = (matchEventIndicator & END_OF_EVENT) != 0;
            if (last != null && (orderBooks.lastRecordEndsEvent() || !endOfEvent))
            {
                openEvent = orderBooks.lastRecordEndsEvent() ? null : last;
            }
            else
            {
                openEvent = last != null ? last : openEvent;
                closeOpenEvent(endOfEvent, matchEventIndicator);
            }
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onSecurityStatus30(final Mdp3PacketContext context, final SecurityStatus30Decoder decoder)
    {
        if (mode != MODE_LIVE)
        {
            return;
        }
        events.onSecurityStatus30(decoder);
    }

    /**
     * {@inheritDoc}
     */
    public void onChannelReset4(final Mdp3PacketContext context, final ChannelReset4Decoder decoder)
    {
        if (mode == MODE_REPLAY)
        {
            replayTarget.book().clear();
            OrderBookUpdater.reset(replayTarget, currentSeqNum - 1);
            replayTarget.rptSeq = 0;
            return;
        }
        if (mode != MODE_LIVE)
        {
            return;
        }

        channelResets++;
        for (int i = 0; i < instrumentCount; i++)
        {
            final Instrument instrument = instruments[i];
            if (currentSeqNum <= instrument.appliedThroughSeqNum)
            {
                continue;
            }
            final boolean wasStale = !instrument.isLive();
            instrument.book().clear();
            OrderBookUpdater.reset(instrument, currentSeqNum - 1);
            instrument.rptSeq = 0;
            instrument.appliedThroughSeqNum = currentSeqNum - 1;
            instrument.floorSeqNum = 0;
            instrument.lastMsgSeqNum = currentSeqNum;
            markLive(instrument);
            listener.onBookSnapshot(instrument, 0, currentSeqNum, packetInfo);
            publishOrderBook(instrument, currentSeqNum);
            if (wasStale)
            {
                listener.onInstrumentStatus(instrument, packetInfo);
            }
        }
        if (staleCount > 0)
        {
            return;
        }
        leaveSnapshots();
        if (recoveringChannel || channelStatus != FeedStatus.LIVE)
        {
            recoveringChannel = false;
            channelStatus = FeedStatus.LIVE;
            listener.onChannelStatus(channelId, FeedStatus.LIVE, gapFromSeqNum, gapToSeqNum, recoveries, packetInfo);
        }
    }

    /**
     * {@inheritDoc}
     */
    public void onMDInstrumentDefinitionFuture54(
        final Mdp3PacketContext context, final MDInstrumentDefinitionFuture54Decoder decoder)
    {
        if (mode == MODE_REPLAY || mode == MODE_SNAPSHOT)
        {
            return;
        }
        definitionUpdater.onDefinition(decoder, mode == MODE_DEFINITION);
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotFullRefresh52(final Mdp3PacketContext context, final SnapshotFullRefresh52Decoder decoder)
    {
        if (mode != MODE_SNAPSHOT)
        {
            return;
        }
        final long lastMsgSeqNumProcessed = decoder.lastMsgSeqNumProcessed();
        final long totNumReports = decoder.totNumReports();
        final int securityId = decoder.securityID();
        final long rptSeq = decoder.rptSeq();
        final short tradingStatus = decoder.mDSecurityTradingStatusRaw();

        onSnapshotMessage(securityId);
        noteTailEvidence(lastMsgSeqNumProcessed, context.receiveTimeNs());
        if (snapshotJoined)
        {
            applySnapshot(decoder, securityId, lastMsgSeqNumProcessed, rptSeq, tradingStatus);
        }
        if (snapshotJoined)
        {
            afterSnapshotMessage(totNumReports);
        }
    }

    private void applySnapshot(
        final SnapshotFullRefresh52Decoder decoder,
        final int securityId,
        final long lastMsgSeqNumProcessed,
        final long rptSeq,
        final short tradingStatus)
    {
        final Instrument instrument = instrumentFor(securityId);
        if (instrument.isLive())
        {
            return;
        }
        instrument.snapshotLoop = snapshotLoop;
        if (!isUsable(instrument, lastMsgSeqNumProcessed))
        {
            snapshotsRefused++;
            return;
        }

        final MbpBook book = instrument.book();
        book.clear();
        for (final SnapshotFullRefresh52Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            final byte entryType = entry.mDEntryTypeRaw();
            final PriceLevels levels;
            switch (entryType)
            {
                case '0' -> levels = book.bids();
                case '1' -> levels = book.asks();
                case 'E' -> levels = book.impliedBids();
                case 'F' -> levels = book.impliedAsks();
                default ->
                {
                    continue;
                }
            }
            final int size = entry.mDEntrySize();
            final int orders = entry.numberOfOrders();
            if (!levels.change(entry.mDPriceLevel(), entry.mDEntryPx().mantissa(), size == INT32_NULL ? 0 : size,
                orders == INT32_NULL ? 0 : orders))
            {
                outOfDepthEntries++;
            }
        }
        instrument.rptSeq = rptSeq;
        if (tradingStatus != Instrument.NULL_STATUS)
        {
            instrument.tradingStatus = tradingStatus;
        }
        instrument.appliedThroughSeqNum = lastMsgSeqNumProcessed;
        instrument.lastMsgSeqNum = lastMsgSeqNumProcessed;
        instrument.replayFailed = false;

        final OrderBookState orderState = instrument.orderState();
        if (orderState != null)
        {
            orderState.mbpSnapshotReady = true;
            orderSnapshotReady(instrument);
            return;
        }
        completeRecovery(instrument, lastMsgSeqNumProcessed);
    }

    /**
     * Replay the queued packets after {@code fromSeqNum} for a recovered instrument and make it LIVE.
     */
    private void completeRecovery(final Instrument instrument, final long fromSeqNum)
    {
        if (fromSeqNum < lastSeqNum)
        {
            replay(instrument, fromSeqNum + 1, lastSeqNum);
        }
        if (instrument.replayFailed)
        {
            instrument.replayFailed = false;
            instrument.floorSeqNum = lastSeqNum;
            snapshotsRefused++;
            return;
        }

        snapshotsApplied++;
        markLive(instrument);
        final long throughSeqNum = Math.max(instrument.appliedThroughSeqNum, lastSeqNum);
        listener.onBookSnapshot(instrument, 0, throughSeqNum, packetInfo);
        publishOrderBook(instrument, Math.max(instrument.orderBookSeqNum(), lastSeqNum));
        listener.onInstrumentStatus(instrument, packetInfo);
        noteRecovered();
        checkRecoveryComplete();
    }

    /**
     * An MBO instrument recovers when both its 52 (MBP) and every chunk of its 53 (orders) are in: then the queued
     * packets after the older of the two LastMsgSeqNumProcessed are replayed (each book skips what it holds).
     *
     * @param instrument whose 52 or 53 just came in.
     */
    void orderSnapshotReady(final Instrument instrument)
    {
        final OrderBookState state = instrument.orderState();
        if (instrument.isLive() || !state.mbpSnapshotReady || !state.snapshotReady)
        {
            return;
        }
        final long fromSeqNum = Math.min(instrument.appliedThroughSeqNum, state.appliedThroughSeqNum);
        state.resetRecovery();
        if (!isUsable(instrument, fromSeqNum))
        {
            snapshotsRefused++;
            return;
        }
        completeRecovery(instrument, fromSeqNum);
    }

    private void publishOrderBook(final Instrument instrument, final long lastMsgSeqNumProcessed)
    {
        if (instrument.orderState() != null)
        {
            listener.onOrderBookSnapshot(instrument, 0, lastMsgSeqNumProcessed, packetInfo);
        }
    }

    private boolean isUsable(final Instrument instrument, final long lastMsgSeqNumProcessed)
    {
        if (lastMsgSeqNumProcessed < instrument.floorSeqNum)
        {
            return false;
        }
        if (lastMsgSeqNumProcessed >= lastSeqNum)
        {
            return true;
        }
        return queue.contains(lastMsgSeqNumProcessed + 1) && queue.lastSeqNum() == lastSeqNum;
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotFullRefreshOrderBook53(
        final Mdp3PacketContext context, final SnapshotFullRefreshOrderBook53Decoder decoder)
    {
        if (mode != MODE_SNAPSHOT || !options.mbo() || !snapshotJoined)
        {
            return;
        }
        final Instrument completed = orderBooks.onSnapshot53(decoder);
        if (completed != null)
        {
            orderSnapshotReady(completed);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // access for OrderBookUpdater
    // ---------------------------------------------------------------------------------------------------------------

    boolean isReplaying()
    {
        return mode == MODE_REPLAY;
    }

    long currentSeqNum()
    {
        return currentSeqNum;
    }

    Instrument entryInstrumentOf(final int securityId)
    {
        return entryInstrument(securityId);
    }

    Instrument snapshotInstrumentOf(final int securityId)
    {
        return instrumentFor(securityId);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // queries (receive thread, or tools after the run)
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @return CME channel id.
     */
    public int channelId()
    {
        return channelId;
    }

    /**
     * @return dense channel index in the line map.
     */
    public int channelIndex()
    {
        return channelIndex;
    }

    /**
     * @return the settings.
     */
    public ChannelOptions options()
    {
        return options;
    }

    /**
     * @return LIVE, STALE or RECOVERING.
     */
    public FeedStatus channelStatus()
    {
        return channelStatus;
    }

    /**
     * @return losses at the tail of the incremental stream found from a snapshot's LastMsgSeqNumProcessed.
     */
    public long tailLosses()
    {
        return tailLosses;
    }

    /**
     * @return events closed by an empty BookUpdate (a message with EndOfEvent that published nothing else).
     */
    public long eventsClosedEmpty()
    {
        return eventsClosedEmpty;
    }

    /**
     * @return true while the snapshot feed is joined.
     */
    public boolean isSnapshotJoined()
    {
        return snapshotJoined;
    }

    /**
     * @return true while the definition feed is joined.
     */
    public boolean isDefinitionJoined()
    {
        return definitionUpdater.isJoined();
    }

    /**
     * @return true once one whole loop of definitions was seen.
     */
    public boolean isDefinitionsComplete()
    {
        return definitionUpdater.isComplete();
    }

    /**
     * @return MsgSeqNum of the last incremental packet processed, 0 before the first.
     */
    public long lastSeqNum()
    {
        return lastSeqNum;
    }

    /**
     * @return number of instruments.
     */
    public int instrumentCount()
    {
        return instrumentCount;
    }

    /**
     * @param index 0..instrumentCount-1, in order of first sight.
     * @return the instrument.
     */
    public Instrument instrument(final int index)
    {
        return instruments[index];
    }

    /**
     * @param securityId CME SecurityID.
     * @return the instrument, or null when never seen.
     */
    public Instrument instrumentById(final int securityId)
    {
        return instrumentById.get(securityId);
    }

    /**
     * @return instruments not LIVE.
     */
    public int staleInstruments()
    {
        return staleCount;
    }

    /**
     * @return the sequencer (duplicates, held, losses).
     */
    public PacketSequencer sequencer()
    {
        return sequencer;
    }

    /**
     * @return the adapter of the live packets (malformed, template counts).
     */
    public Mdp3PacketAdapter adapter()
    {
        return adapter;
    }

    /**
     * @return incremental packets handed to this channel, before validation.
     */
    public long packets()
    {
        return packets;
    }

    /**
     * @return malformed packets on every line of the channel.
     */
    public long malformed()
    {
        return adapter.malformed();
    }

    /**
     * @return recoveries started (channel-level losses and late starts, including restarts).
     */
    public long recoveries()
    {
        return recoveries;
    }

    /**
     * @return recoveries restarted by a loss while already recovering.
     */
    public long recoveryRestarts()
    {
        return recoveryRestarts;
    }

    /**
     * @return starts that did not begin at MsgSeqNum 1.
     */
    public long lateStarts()
    {
        return lateStarts;
    }

    /**
     * @return RptSeq gaps seen.
     */
    public long rptSeqGaps()
    {
        return rptSeqGaps;
    }

    /**
     * @return snapshots applied.
     */
    public long snapshotsApplied()
    {
        return snapshotsApplied;
    }

    /**
     * @return snapshots refused (too old for the loss or the queue, or RptSeq did not continue after them).
     */
    public long snapshotsRefused()
    {
        return snapshotsRefused;
    }

    /**
     * @return queued packets replayed after snapshots.
     */
    public long replayedPackets()
    {
        return replayedPackets;
    }

    /**
     * @return oldest queued packets overwritten because the recovery queue was full.
     */
    public long queueOverflows()
    {
        return queue.overflows();
    }

    /**
     * @return packets in the recovery queue now.
     */
    public int queuedPackets()
    {
        return queue.count();
    }

    /**
     * @return ChannelReset4 messages applied.
     */
    public long channelResets()
    {
        return channelResets;
    }

    /**
     * @return book entries refused as outside the depth.
     */
    public long outOfDepthEntries()
    {
        return outOfDepthEntries + mbp.outOfDepthEntries();
    }

    /**
     * @return book entries of types or actions not kept (e.g. MarketBestBid/Offer).
     */
    public long ignoredEntries()
    {
        return ignoredEntries + mbp.ignoredEntries();
    }

    /**
     * @return trade entries with an action other than New (cancels), not published.
     */
    public long tradeCancels()
    {
        return events.tradeCancels();
    }

    /**
     * @return new or changed definitions applied.
     */
    public long definitions()
    {
        return definitionUpdater.definitions();
    }

    /**
     * @return order events applied to the market-by-order books (replays included).
     */
    public long orderEvents()
    {
        return orderBooks.orderEvents();
    }

    /**
     * @return order deletes of unknown orders, bad 46 ReferenceIDs and order entries without an order meaning.
     */
    public long ignoredOrderEntries()
    {
        return orderBooks.unknownOrders() + orderBooks.badReferences() + orderBooks.ignoredEntries();
    }

    /**
     * @return 53 chunks that came out of order (the instrument's assembly restarted).
     */
    public long brokenOrderSnapshotChunks()
    {
        return orderBooks.brokenChunks();
    }

    /**
     * @return orders refused because a market-by-order book was full, all instruments.
     */
    public long orderOverflows()
    {
        long total = 0;
        for (int i = 0; i < instrumentCount; i++)
        {
            final Instrument instrument = instruments[i];
            total += instrument.orderBook() == null ? 0 : instrument.orderBook().overflows();
        }
        return total;
    }
}
