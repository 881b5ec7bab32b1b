package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.counters.ChannelCounters;
import io.xdpfeed.handler.protocol.BookSink;
import io.xdpfeed.handler.protocol.SnapshotSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The snapshot recovery of a channel, its {@link SnapshotSink}, driving its {@link RecoveryStates} (channel state,
 * STALE instruments): joining and leaving the snapshot line, the {@link PacketQueue} of sequenced packets kept
 * while joined, applying a market-by-price snapshot (MDP 3.0's SnapshotFullRefresh52; for MBO, waiting for the
 * order snapshot's chunks too, MDP 3.0's 53) when it is usable, the replay of the queued packets after it,
 * whole-loop tracking (an instrument absent from a whole loop that had no activity while stale is empty), the
 * channel reset, and the tail loss shown by a snapshot's LastMsgSeqNumProcessed.
 * <p>
 * It is handed what it works on (the {@link InstrumentDirectory}, the {@link RptSeqGate} for where the stream
 * stands, the {@link QueuedReplay}, the {@link OrderBookUpdater} for the order snapshots) and is called by the
 * sequenced stream and the protocol's decoder on losses, RptSeq gaps, snapshot messages, resets and timers; it calls
 * no hub back.
 * Receive thread only; no allocation.
 */
final class SnapshotRecovery implements
    SnapshotSink, RptSeqGate.GapListener, OrderBookUpdater.OrderSnapshotListener
{
    private static final int NO_SECURITY = Integer.MIN_VALUE;

    private final int channelIndex;
    private final InstrumentDirectory instruments;
    private final RptSeqGate gate;
    private final QueuedReplay replay;
    private final ChannelOptions options;
    private final ChannelListener listener;
    private final FeedControl feedControl;
    private final PacketInfo packetInfo;
    private final OrderBookUpdater orderBooks;
    private final PacketQueue queue;
    private final AtomicCounter tailLosses;
    private final AtomicCounter snapshotsApplied;
    private final AtomicCounter snapshotsRefused;

    private final RecoveryStates states;
    private boolean snapshotJoined;

    private long tailSeqNum;
    private long tailSinceNs;

    private int snapshotLoop;
    private long loopMessages;
    private int loopFirstSecurityId = NO_SECURITY;
    private boolean loopSeen;
    private boolean definitionsComplete;
    private boolean definitionsLoading;

    private Instrument snapshotTarget;
    private long snapshotSeqNum;
    private boolean orderChunkOpen;

    private long channelResets;
    private long outOfDepthEntries;

    /**
     * @param channelIndex dense index of the channel, for the feed control.
     * @param instruments  of the channel.
     * @param gate         where the sequenced stream stands (MsgSeqNum of the packet being decoded, the last one).
     * @param states       the recovery state machine: channel state, STALE instruments, silence.
     * @param replay       decodes queued packets after a snapshot.
     * @param orderBooks   assembles the 53s of market-by-order instruments.
     * @param options      recovery settings.
     * @param listener     receives the status and snapshot records.
     * @param feedControl  joins and leaves the snapshot line.
     * @param packetInfo   of the packet being decoded.
     * @param counters     of the channel: this stage writes the snapshots applied and refused, the tail losses and
     *                     (its queue) the queue overflows.
     */
    SnapshotRecovery(
        final int channelIndex,
        final InstrumentDirectory instruments,
        final RptSeqGate gate,
        final RecoveryStates states,
        final QueuedReplay replay,
        final OrderBookUpdater orderBooks,
        final ChannelOptions options,
        final ChannelListener listener,
        final FeedControl feedControl,
        final PacketInfo packetInfo,
        final ChannelCounters counters)
    {
        this.channelIndex = channelIndex;
        this.instruments = instruments;
        this.gate = gate;
        this.states = states;
        this.replay = replay;
        this.options = options;
        this.listener = listener;
        this.feedControl = feedControl;
        this.packetInfo = packetInfo;
        this.orderBooks = orderBooks;
        this.queue = new PacketQueue(options.queueCapacity(), options.slotLength(),
            counters.counter(ChannelCounter.QUEUE_OVERFLOWS));
        this.tailLosses = counters.counter(ChannelCounter.TAIL_LOSSES);
        this.snapshotsApplied = counters.counter(ChannelCounter.SNAPSHOTS_APPLIED);
        this.snapshotsRefused = counters.counter(ChannelCounter.SNAPSHOTS_REFUSED);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // the sequenced stream
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A packet of the sequenced stream, before it is decoded: queued while the snapshot line is joined, and the
     * incremental lines are not quiet.
     */
    void onSequencedPacket(
        final long msgSeqNum,
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final int messageCount,
        final long receiveTimeNs)
    {
        if (snapshotJoined)
        {
            queue.append(msgSeqNum, line, buffer, offset, length, messageCount, receiveTimeNs);
        }
        tailSinceNs = receiveTimeNs;
    }

    /**
     * The exchange restarted MsgSeqNum: the queue and the tail evidence refer to the old numbers.
     */
    void onSequenceReset()
    {
        tailSeqNum = 0;
        if (snapshotJoined)
        {
            queue.clear();
        }
    }

    /**
     * A snapshot that already includes incremental packets this channel has not seen (LastMsgSeqNumProcessed past
     * the last MsgSeqNum delivered) is evidence that they are in flight or lost; lost at the tail of a burst (the
     * last packets before the exchange goes quiet) no later packet would reveal the hole. Noted here, judged by
     * {@link #checkTailLoss(long, long)}.
     */
    private void noteTailEvidence(final long lastMsgSeqNumProcessed, final long receiveTimeNs)
    {
        if (gate.isStarted() && lastMsgSeqNumProcessed != NO_SEQ_NUM &&
            lastMsgSeqNumProcessed > gate.lastSeqNum() && lastMsgSeqNumProcessed > tailSeqNum)
        {
            if (tailSeqNum <= gate.lastSeqNum())
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
     * @param nowNs      source clock.
     * @param lastSeqNum MsgSeqNum of the last incremental packet delivered.
     * @param sequencer  of the incremental lines: whether a hole is waiting, and told of the loss.
     * @return 1 when the tail was declared lost.
     */
    int checkTailLoss(final long nowNs, final long lastSeqNum, final PacketSequencer sequencer)
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
        tailLosses.incrementRelease();
        sequencer.declareLostThrough(tail, nowNs);
        tailSeqNum = 0;
        return 1;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // losses and resets
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A channel-level loss (or a late start): every instrument STALE with at least the floor, ChannelStatus STALE,
     * join the snapshot line.
     *
     * @param fromSeqNum  first MsgSeqNum lost.
     * @param toSeqNum    last MsgSeqNum lost.
     * @param floorSeqNum a usable snapshot has at least this LastMsgSeqNumProcessed.
     */
    void startChannelRecovery(final long fromSeqNum, final long toSeqNum, final long floorSeqNum)
    {
        queue.clear();
        resetLoop();
        states.lost(fromSeqNum, toSeqNum, floorSeqNum);
        if (options.hasSnapshotLine())
        {
            joinSnapshots();
        }
    }

    /**
     * A LIVE instrument's RptSeq did not continue: it alone goes STALE.
     *
     * @param instrument  whose RptSeq jumped.
     * @param floorSeqNum a usable snapshot has at least this LastMsgSeqNumProcessed.
     */
    public void onRptSeqGap(final Instrument instrument, final long floorSeqNum)
    {
        states.markStale(instrument, floorSeqNum);
        if (options.hasSnapshotLine())
        {
            joinSnapshots();
        }
    }

    public void channelReset()
    {
        if (gate.isReplaying())
        {
            final Instrument target = gate.replayTarget();
            target.book().clear();
            OrderBookUpdater.reset(target, gate.currentSeqNum() - 1);
            target.rptSeq = 0;
            return;
        }
        if (!gate.isLive())
        {
            return;
        }
        channelResets++;
        onChannelReset(gate.currentSeqNum());
    }

    /**
     * A channel reset of the sequenced stream: every instrument not already past it gets an empty book and becomes
     * LIVE with RptSeq unknown; with none left STALE the recovery is over.
     *
     * @param seqNum MsgSeqNum of the packet holding the reset.
     */
    void onChannelReset(final long seqNum)
    {
        for (int i = 0; i < instruments.count(); i++)
        {
            final Instrument instrument = instruments.instrument(i);
            if (seqNum <= instrument.appliedThroughSeqNum || awaitsDefinition(instrument))
            {
                continue;
            }
            final boolean wasStale = !instrument.isLive();
            instrument.book().clear();
            OrderBookUpdater.reset(instrument, seqNum - 1);
            instrument.rptSeq = 0;
            instrument.appliedThroughSeqNum = seqNum - 1;
            instrument.floorSeqNum = 0;
            instrument.lastMsgSeqNum = seqNum;
            states.markLive(instrument);
            listener.onBookSnapshot(instrument, 0, seqNum, packetInfo);
            publishOrderBook(instrument, seqNum);
            if (wasStale)
            {
                listener.onInstrumentStatus(instrument, packetInfo);
            }
        }
        if (states.staleCount() > 0)
        {
            return;
        }
        leaveSnapshots();
        states.recovered();
    }

    private void joinSnapshots()
    {
        if (!snapshotJoined)
        {
            snapshotJoined = true;
            queue.clear();
            resetLoop();
            feedControl.snapshotFeed(channelIndex, true);
        }
    }

    private void leaveSnapshots()
    {
        if (snapshotJoined)
        {
            snapshotJoined = false;
            queue.clear();
            feedControl.snapshotFeed(channelIndex, false);
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

    /**
     * Leave the snapshot line once no instrument is STALE (and, after a channel-level loss without complete
     * definitions, one whole snapshot loop was seen); a channel recovery ends with ChannelStatus LIVE.
     */
    private void checkRecoveryComplete()
    {
        if (!snapshotJoined || states.staleCount() > 0)
        {
            return;
        }
        if (states.isRecoveringChannel() && !loopSeen && !definitionsComplete)
        {
            return;
        }
        leaveSnapshots();
        states.recovered();
    }

    /**
     * One whole loop of instrument definitions was seen: a channel recovery no longer waits for a snapshot loop, and
     * an instrument without a definition no longer waits for one.
     */
    void onDefinitionsComplete()
    {
        definitionsComplete = true;
        checkRecoveryComplete();
    }

    /**
     * The definition line was joined to load a whole loop of definitions (at start): until it is in, an instrument
     * without its definition is not made LIVE.
     */
    void onDefinitionsLoading()
    {
        definitionsLoading = true;
    }

    /**
     * Whether an instrument waits for its definition before it can be LIVE: while the definitions load, one not yet
     * defined has an unknown book depth (MarketDepth), and a book kept deeper than the exchange's would hold levels
     * the exchange no longer has (a level pushed past its depth by a NEW is never deleted), published as the book's.
     */
    private boolean awaitsDefinition(final Instrument instrument)
    {
        return definitionsLoading && !definitionsComplete && !instrument.hasDefinition;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // snapshot loop
    // ---------------------------------------------------------------------------------------------------------------

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
        if (totNumReports > 0 && loopMessages >= totNumReports)
        {
            onLoopComplete();
            loopFirstSecurityId = NO_SECURITY;
        }
    }

    private void onLoopComplete()
    {
        loopSeen = true;
        final int loop = snapshotLoop;
        for (int i = 0; i < instruments.count(); i++)
        {
            final Instrument instrument = instruments.instrument(i);
            if (!instrument.isLive() && instrument.snapshotLoop != loop && !instrument.skippedWhileStale &&
                !awaitsDefinition(instrument))
            {
                instrument.book().clear();
                OrderBookUpdater.reset(instrument, gate.lastSeqNum());
                instrument.rptSeq = 0;
                instrument.appliedThroughSeqNum = gate.lastSeqNum();
                states.markLive(instrument);
                listener.onBookSnapshot(instrument, 0, gate.lastSeqNum(), packetInfo);
                publishOrderBook(instrument, gate.lastSeqNum());
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
        states.instrumentRecovered();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // snapshots
    // ---------------------------------------------------------------------------------------------------------------

    public boolean snapshotBegin(final int securityId, final long lastMsgSeqNumProcessed, final long receiveTimeNs)
    {
        snapshotTarget = null;
        onSnapshotMessage(securityId);
        noteTailEvidence(lastMsgSeqNumProcessed, receiveTimeNs);
        if (!snapshotJoined)
        {
            return false;
        }
        final Instrument instrument = instruments.instrumentFor(securityId);
        if (instrument.isLive())
        {
            return false;
        }
        instrument.snapshotLoop = snapshotLoop;
        if (awaitsDefinition(instrument))
        {
            return false;
        }
        if (!isUsable(instrument, lastMsgSeqNumProcessed))
        {
            snapshotsRefused.incrementRelease();
            return false;
        }
        instrument.book().clear();
        snapshotTarget = instrument;
        snapshotSeqNum = lastMsgSeqNumProcessed;
        return true;
    }

    public void snapshotLevel(
        final int side, final int levelType, final int level, final long price, final long quantity, final int orders)
    {
        final MbpBook book = snapshotTarget.book();
        final PriceLevels levels = levelType == BookSink.OUTRIGHT ?
            (side == BookSink.BID ? book.bids() : book.asks()) :
            (side == BookSink.BID ? book.impliedBids() : book.impliedAsks());
        if (!levels.change(level, price, quantity, orders))
        {
            outOfDepthEntries++;
        }
    }

    public void snapshotEnd(final long rptSeq, final short tradingStatus, final long totalReports)
    {
        final Instrument instrument = snapshotTarget;
        if (instrument != null)
        {
            snapshotTarget = null;
            applySnapshot(instrument, snapshotSeqNum, rptSeq, tradingStatus);
        }
        if (snapshotJoined)
        {
            afterSnapshotMessage(totalReports);
        }
    }

    private void applySnapshot(
        final Instrument instrument, final long lastMsgSeqNumProcessed, final long rptSeq, final short tradingStatus)
    {
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
        if (fromSeqNum < gate.lastSeqNum())
        {
            replay.replay(instrument, queue, fromSeqNum + 1, gate.lastSeqNum());
        }
        if (instrument.replayFailed)
        {
            instrument.replayFailed = false;
            instrument.floorSeqNum = gate.lastSeqNum();
            snapshotsRefused.incrementRelease();
            return;
        }

        snapshotsApplied.incrementRelease();
        states.markLive(instrument);
        final long throughSeqNum = Math.max(instrument.appliedThroughSeqNum, gate.lastSeqNum());
        listener.onBookSnapshot(instrument, 0, throughSeqNum, packetInfo);
        publishOrderBook(instrument, Math.max(instrument.orderBookSeqNum(), gate.lastSeqNum()));
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
    public void orderSnapshotReady(final Instrument instrument)
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
            snapshotsRefused.incrementRelease();
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
        if (lastMsgSeqNumProcessed >= gate.lastSeqNum())
        {
            return true;
        }
        return queue.contains(lastMsgSeqNumProcessed + 1) && queue.lastSeqNum() == gate.lastSeqNum();
    }

    public boolean orderSnapshotBegin(
        final int securityId, final long lastMsgSeqNumProcessed, final long chunks, final long chunk)
    {
        orderChunkOpen = snapshotJoined;
        return orderChunkOpen && orderBooks.snapshotChunkBegin(securityId, lastMsgSeqNumProcessed, chunks, chunk, this);
    }

    public void snapshotOrder(
        final int side, final long orderId, final long price, final long quantity, final long priority)
    {
        orderBooks.snapshotOrder(side, orderId, price, quantity, priority);
    }

    public void orderSnapshotEnd(final long totalReports)
    {
        if (!orderChunkOpen)
        {
            return;
        }
        orderChunkOpen = false;
        final Instrument completed = orderBooks.snapshotChunkEnd(totalReports, this);
        if (completed != null)
        {
            orderSnapshotReady(completed);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // queries
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @return true while the snapshot line is joined.
     */
    boolean isSnapshotJoined()
    {
        return snapshotJoined;
    }

    /**
     * @return losses at the tail of the incremental stream found from a snapshot's LastMsgSeqNumProcessed.
     */
    long tailLosses()
    {
        return tailLosses.get();
    }

    /**
     * @return channel resets applied.
     */
    long channelResets()
    {
        return channelResets;
    }

    /**
     * @return snapshots applied.
     */
    long snapshotsApplied()
    {
        return snapshotsApplied.get();
    }

    /**
     * @return snapshots refused (too old for the loss or the queue, or RptSeq did not continue after them).
     */
    long snapshotsRefused()
    {
        return snapshotsRefused.get();
    }

    /**
     * @return snapshot entries refused as outside the depth.
     */
    long outOfDepthEntries()
    {
        return outOfDepthEntries;
    }

    /**
     * @return the queue of sequenced packets kept while the snapshot line is joined.
     */
    PacketQueue queue()
    {
        return queue;
    }
}
