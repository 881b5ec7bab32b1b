package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefreshOrderBook53Decoder;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.mdp3.Mdp3PacketContext;
import org.agrona.DirectBuffer;

/**
 * The recovery state machine of a channel: which instruments are STALE and why, the channel status
 * (LIVE, STALE, RECOVERING), joining and leaving the snapshot line, the {@link PacketQueue} of sequenced packets kept
 * while joined, applying SnapshotFullRefresh52 (and, for MBO, waiting for the 53s too) when it is usable, the replay
 * of the queued packets after it, whole-loop tracking (an instrument absent from a whole loop that had no activity
 * while stale is empty), ChannelReset4, and the tail loss shown by a snapshot's LastMsgSeqNumProcessed.
 * <p>
 * {@link ChannelState} owns the sequenced stream (MsgSeqNum, the decode mode, the replay itself) and calls in here on
 * losses, RptSeq gaps, snapshot messages, resets and timers. Receive thread only; no allocation.
 */
final class SnapshotRecovery
{
    private static final int NO_SECURITY = Integer.MIN_VALUE;
    private static final int INT32_NULL = Integer.MAX_VALUE;
    private static final long UINT32_NULL = 0xFFFF_FFFFL;

    private final ChannelState channel;
    private final int channelId;
    private final ChannelOptions options;
    private final ChannelListener listener;
    private final FeedControl feedControl;
    private final PacketInfo packetInfo;
    private final PacketSequencer sequencer;
    private final OrderBookUpdater orderBooks;
    private final PacketQueue queue;

    private FeedStatus channelStatus = FeedStatus.LIVE;
    private boolean recoveringChannel;
    private boolean snapshotJoined;
    private boolean recoveredOne;
    private int staleCount;
    private long gapFromSeqNum;
    private long gapToSeqNum;

    private int silentLines;
    private boolean silenceStale;
    private long silences;

    private long tailSeqNum;
    private long tailSinceNs;
    private long tailLosses;

    private int snapshotLoop;
    private long loopMessages;
    private int loopFirstSecurityId = NO_SECURITY;
    private boolean loopSeen;

    private long recoveries;
    private long recoveryRestarts;
    private long snapshotsApplied;
    private long snapshotsRefused;
    private long outOfDepthEntries;

    SnapshotRecovery(
        final ChannelState channel,
        final ChannelOptions options,
        final ChannelListener listener,
        final FeedControl feedControl,
        final PacketInfo packetInfo,
        final PacketSequencer sequencer,
        final OrderBookUpdater orderBooks)
    {
        this.channel = channel;
        this.channelId = channel.channelId();
        this.options = options;
        this.listener = listener;
        this.feedControl = feedControl;
        this.packetInfo = packetInfo;
        this.sequencer = sequencer;
        this.orderBooks = orderBooks;
        this.queue = new PacketQueue(options.queueCapacity(), options.slotLength());
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
        if (channel.isStarted() && lastMsgSeqNumProcessed != UINT32_NULL &&
            lastMsgSeqNumProcessed > channel.lastSeqNum() && lastMsgSeqNumProcessed > tailSeqNum)
        {
            if (tailSeqNum <= channel.lastSeqNum())
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
     * @return 1 when the tail was declared lost.
     */
    int checkTailLoss(final long nowNs, final long lastSeqNum)
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
        gapFromSeqNum = fromSeqNum;
        gapToSeqNum = toSeqNum;
        endSilenceStale();
        if (recoveringChannel)
        {
            recoveryRestarts++;
        }
        recoveries++;
        recoveringChannel = true;
        recoveredOne = false;
        queue.clear();
        resetLoop();

        for (int i = 0; i < channel.instrumentCount(); i++)
        {
            final Instrument instrument = channel.instrument(i);
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

    /**
     * A LIVE instrument's RptSeq did not continue: it alone goes STALE.
     *
     * @param instrument  whose RptSeq jumped.
     * @param floorSeqNum a usable snapshot has at least this LastMsgSeqNumProcessed.
     */
    void onRptSeqGap(final Instrument instrument, final long floorSeqNum)
    {
        markStale(instrument, floorSeqNum);
        if (options.hasSnapshotLine())
        {
            joinSnapshots();
        }
    }

    /**
     * A new instrument seen while the channel recovers starts STALE, with the loss as its floor.
     *
     * @param instrument just created.
     */
    void onNewInstrument(final Instrument instrument)
    {
        if (recoveringChannel)
        {
            instrument.feedStatus = FeedStatus.STALE;
            instrument.floorSeqNum = gapToSeqNum;
            staleCount++;
        }
    }

    /**
     * ChannelReset4 of the sequenced stream: every instrument not already past it gets an empty book and becomes
     * LIVE with RptSeq unknown; with none left STALE the recovery is over.
     *
     * @param seqNum MsgSeqNum of the packet holding the reset.
     */
    void onChannelReset(final long seqNum)
    {
        for (int i = 0; i < channel.instrumentCount(); i++)
        {
            final Instrument instrument = channel.instrument(i);
            if (seqNum <= instrument.appliedThroughSeqNum)
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
            markLive(instrument);
            listener.onBookSnapshot(instrument, 0, seqNum, packetInfo);
            publishOrderBook(instrument, seqNum);
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
            listener.onChannelStatus(channelId, visibleStatus(), gapFromSeqNum, gapToSeqNum, recoveries, packetInfo);
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
            feedControl.snapshotFeed(channel, true);
        }
    }

    private void leaveSnapshots()
    {
        if (snapshotJoined)
        {
            snapshotJoined = false;
            queue.clear();
            feedControl.snapshotFeed(channel, false);
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
    void checkRecoveryComplete()
    {
        if (!snapshotJoined || staleCount > 0)
        {
            return;
        }
        if (recoveringChannel && !loopSeen && !channel.isDefinitionsComplete())
        {
            return;
        }
        leaveSnapshots();
        if (recoveringChannel)
        {
            recoveringChannel = false;
            channelStatus = FeedStatus.LIVE;
            listener.onChannelStatus(channelId, visibleStatus(), gapFromSeqNum, gapToSeqNum, recoveries, packetInfo);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // silence of the incremental lines
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The conductor's view of the incremental lines changed.
     *
     * @param silent bits of the lines that delivered nothing for the silence time (1 feed A, 2 feed B).
     * @param lines  bits of the channel's incremental lines.
     */
    void onLineSilence(final int silent, final int lines)
    {
        final FeedStatus before = visibleStatus();
        silentLines = silent & lines;
        if (lines != 0 && silentLines == lines)
        {
            if (!silenceStale)
            {
                silenceStale = true;
                silences++;
                final long lastSeqNum = channel.lastSeqNum();
                for (int i = 0; i < channel.instrumentCount(); i++)
                {
                    final Instrument instrument = channel.instrument(i);
                    if (instrument.isLive())
                    {
                        markStale(instrument, lastSeqNum);
                        instrument.staleBySilence = true;
                    }
                }
                listener.onChannelStatus(
                    channelId, FeedStatus.STALE, gapFromSeqNum, gapToSeqNum, recoveries, packetInfo);
            }
            return;
        }
        publishIfChanged(before);
    }

    /**
     * A datagram arrived on a line: it is not silent (whatever the conductor last judged).
     *
     * @param lineBit bit of the line (1 feed A, 2 feed B).
     * @return true when the line was silent.
     */
    boolean onLineSpoke(final int lineBit)
    {
        if ((silentLines & lineBit) == 0)
        {
            return false;
        }
        final FeedStatus before = visibleStatus();
        silentLines &= ~lineBit;
        if (!silenceStale)
        {
            publishIfChanged(before);
        }
        return true;
    }

    /**
     * A packet arrived in sequence after every line was silent: nothing was lost, the instruments that went STALE
     * for the silence are LIVE again with their books as they were.
     */
    void resumeAfterSilence()
    {
        if (!silenceStale)
        {
            return;
        }
        silenceStale = false;
        for (int i = 0; i < channel.instrumentCount(); i++)
        {
            final Instrument instrument = channel.instrument(i);
            if (instrument.staleBySilence)
            {
                instrument.staleBySilence = false;
                if (!instrument.isLive())
                {
                    markLive(instrument);
                    listener.onInstrumentStatus(instrument, packetInfo);
                }
            }
        }
        listener.onChannelStatus(channelId, visibleStatus(), gapFromSeqNum, gapToSeqNum, recoveries, packetInfo);
    }

    /**
     * A loss (or late start) after the silence: the instruments stay STALE and recover from the snapshots.
     */
    private void endSilenceStale()
    {
        if (silenceStale)
        {
            silenceStale = false;
            for (int i = 0; i < channel.instrumentCount(); i++)
            {
                channel.instrument(i).staleBySilence = false;
            }
        }
    }

    private void publishIfChanged(final FeedStatus before)
    {
        final FeedStatus now = visibleStatus();
        if (now != before)
        {
            listener.onChannelStatus(channelId, now, gapFromSeqNum, gapToSeqNum, recoveries, packetInfo);
        }
    }

    /**
     * @return the status subscribers see: STALE while every line is silent, SILENT while the books are LIVE but a
     * line is silent, else the recovery state.
     */
    FeedStatus visibleStatus()
    {
        if (silenceStale)
        {
            return FeedStatus.STALE;
        }
        return channelStatus == FeedStatus.LIVE && silentLines != 0 ? FeedStatus.SILENT : channelStatus;
    }

    /**
     * @return true while the channel is STALE because every incremental line went silent.
     */
    boolean isSilenceStale()
    {
        return silenceStale;
    }

    /**
     * @return bits of the incremental lines silent now (1 feed A, 2 feed B).
     */
    int silentLines()
    {
        return silentLines;
    }

    /**
     * @return times every incremental line of the channel went silent together.
     */
    long silences()
    {
        return silences;
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
        for (int i = 0; i < channel.instrumentCount(); i++)
        {
            final Instrument instrument = channel.instrument(i);
            if (!instrument.isLive() && instrument.snapshotLoop != loop && !instrument.skippedWhileStale)
            {
                instrument.book().clear();
                OrderBookUpdater.reset(instrument, channel.lastSeqNum());
                instrument.rptSeq = 0;
                instrument.appliedThroughSeqNum = channel.lastSeqNum();
                markLive(instrument);
                listener.onBookSnapshot(instrument, 0, channel.lastSeqNum(), packetInfo);
                publishOrderBook(instrument, channel.lastSeqNum());
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

    // ---------------------------------------------------------------------------------------------------------------
    // snapshots
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A SnapshotFullRefresh52 of the snapshot line.
     *
     * @param context of its packet.
     * @param decoder wrapped on the message.
     */
    void onSnapshot52(final Mdp3PacketContext context, final SnapshotFullRefresh52Decoder decoder)
    {
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
        final Instrument instrument = channel.instrumentFor(securityId);
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
        if (fromSeqNum < channel.lastSeqNum())
        {
            channel.replay(instrument, queue, fromSeqNum + 1, channel.lastSeqNum());
        }
        if (instrument.replayFailed)
        {
            instrument.replayFailed = false;
            instrument.floorSeqNum = channel.lastSeqNum();
            snapshotsRefused++;
            return;
        }

        snapshotsApplied++;
        markLive(instrument);
        final long throughSeqNum = Math.max(instrument.appliedThroughSeqNum, channel.lastSeqNum());
        listener.onBookSnapshot(instrument, 0, throughSeqNum, packetInfo);
        publishOrderBook(instrument, Math.max(instrument.orderBookSeqNum(), channel.lastSeqNum()));
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
        if (lastMsgSeqNumProcessed >= channel.lastSeqNum())
        {
            return true;
        }
        return queue.contains(lastMsgSeqNumProcessed + 1) && queue.lastSeqNum() == channel.lastSeqNum();
    }

    /**
     * A SnapshotFullRefreshOrderBook53 of the snapshot line (MBO channels).
     *
     * @param decoder wrapped on the message.
     */
    void onSnapshot53(final SnapshotFullRefreshOrderBook53Decoder decoder)
    {
        if (!snapshotJoined)
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
    // queries
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @return LIVE, STALE or RECOVERING: the recovery state, without the silence of the lines.
     */
    FeedStatus channelStatus()
    {
        return channelStatus;
    }

    /**
     * @return true while the snapshot line is joined.
     */
    boolean isSnapshotJoined()
    {
        return snapshotJoined;
    }

    /**
     * @return instruments not LIVE.
     */
    int staleCount()
    {
        return staleCount;
    }

    /**
     * @return losses at the tail of the incremental stream found from a snapshot's LastMsgSeqNumProcessed.
     */
    long tailLosses()
    {
        return tailLosses;
    }

    /**
     * @return recoveries started (channel-level losses and late starts, including restarts).
     */
    long recoveries()
    {
        return recoveries;
    }

    /**
     * @return recoveries restarted by a loss while already recovering.
     */
    long recoveryRestarts()
    {
        return recoveryRestarts;
    }

    /**
     * @return snapshots applied.
     */
    long snapshotsApplied()
    {
        return snapshotsApplied;
    }

    /**
     * @return snapshots refused (too old for the loss or the queue, or RptSeq did not continue after them).
     */
    long snapshotsRefused()
    {
        return snapshotsRefused;
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
