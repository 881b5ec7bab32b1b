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
 * <p>
 * This class owns the sequenced stream, the instruments, the decode mode (live, replay, snapshot, definition) and the
 * open match event, and dispatches each message to the class that applies it: {@link MbpBookUpdater} (46, 32),
 * {@link OrderBookUpdater} (47, the MBO part of 46, 53), {@link EventUpdater} (48, 42, 37, 49, 51, 30),
 * {@link DefinitionUpdater} (54) and {@link SnapshotRecovery} (losses, RptSeq gaps, 52, ChannelReset4, tail loss).
 */
public final class ChannelState implements Mdp3Listener, PacketSequencer.Handler
{
    private static final int MODE_LIVE = 0;
    private static final int MODE_REPLAY = 1;
    private static final int MODE_SNAPSHOT = 2;
    private static final int MODE_DEFINITION = 3;

    private static final short END_OF_EVENT = 0x80;

    private final int channelId;
    private final int channelIndex;
    private final ChannelListener listener;
    private final ChannelOptions options;
    private final Mdp3PacketAdapter adapter = new Mdp3PacketAdapter(this);
    private final Mdp3PacketAdapter replayAdapter = new Mdp3PacketAdapter(this);
    private final PacketSequencer sequencer;
    private final Int2ObjectHashMap<Instrument> instrumentById = new Int2ObjectHashMap<>();
    private Instrument[] instruments = new Instrument[16];
    private Instrument lastInstrument;
    private int instrumentCount;
    private final PacketInfo packetInfo = new PacketInfo();
    private final OrderBookUpdater orderBooks;
    private final MbpBookUpdater mbp;
    private final DefinitionUpdater definitionUpdater;
    private final EventUpdater events;
    private final SnapshotRecovery recovery;
    private final BookChanges noChanges = new BookChanges(1);

    private long receiveTimeOffsetNs;
    private int mode = MODE_LIVE;
    private Instrument replayTarget;
    private long currentSeqNum;

    private boolean started;
    private long lastSeqNum;

    /**
     * Instrument of the last published record when that record left its match event open, else null. Owned here,
     * shared by the book path (46, 32, 47) and the {@link EventUpdater} (48, 42, 37) through
     * {@link #eventPublished} and {@link #closeOpenEvent}.
     */
    private Instrument openEvent;
    private long eventsClosedEmpty;

    private long packets;
    private long lateStarts;
    private long rptSeqGaps;
    private long replayedPackets;
    private long channelResets;

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
        this.mbp = new MbpBookUpdater(this, listener, packetInfo);
        this.sequencer = new PacketSequencer(this, options.reorderWindow(), options.slotLength(), options.gapWaitNs());
        this.receiveTimeOffsetNs = options.receiveTimeOffsetNs();
        this.orderBooks = new OrderBookUpdater(this, listener, packetInfo);
        this.definitionUpdater = new DefinitionUpdater(this, options, listener, feedControl, packetInfo);
        this.events = new EventUpdater(this, listener, packetInfo);
        this.recovery = new SnapshotRecovery(this, options, listener, feedControl, packetInfo, sequencer, orderBooks);
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
        if (recovery.silentLines() != 0)
        {
            lineSpoke(line, receiveTimeNs);
        }
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
        if (!recovery.isSnapshotJoined())
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
        return sequencer.onTimer(nowNs) + (drained ? recovery.checkTailLoss(nowNs, lastSeqNum) : 0);
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
     * The conductor found incremental lines of this channel silent (no datagram for the silence time), or speaking
     * again. One silent line: ChannelStatus SILENT, the books stay LIVE. Every line silent: the LIVE instruments and
     * the channel go STALE until a packet arrives in sequence (LIVE again) or a loss is declared (snapshot recovery).
     *
     * @param silentLines bits of the silent lines: 1 feed A, 2 feed B.
     * @param lines       bits of the channel's incremental lines.
     * @param nowNs       source clock.
     */
    public void onLineSilence(final int silentLines, final int lines, final long nowNs)
    {
        packetInfo.set(0, 0, nowNs + receiveTimeOffsetNs);
        recovery.onLineSilence(silentLines, lines);
    }

    private void lineSpoke(final Line line, final long receiveTimeNs)
    {
        if (line.feed() != null)
        {
            packetInfo.set(0, 0, receiveTimeNs + receiveTimeOffsetNs);
            recovery.onLineSpoke(lineBit(line.feed().ordinal()));
        }
    }

    /**
     * @param feedOrdinal 0 feed A, 1 feed B.
     * @return the bit of the line in the silence masks.
     */
    public static int lineBit(final int feedOrdinal)
    {
        return 1 << feedOrdinal;
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
                recovery.startChannelRecovery(1, msgSeqNum - 1, msgSeqNum - 1);
            }
        }
        if (recovery.isSilenceStale())
        {
            recovery.resumeAfterSilence();
        }
        recovery.onSequencedPacket(msgSeqNum, line, buffer, offset, length, messageCount, receiveTimeNs);
        currentSeqNum = msgSeqNum;
        lastSeqNum = msgSeqNum;
        mode = MODE_LIVE;
        adapter.decode(line, buffer, offset, length, receiveTimeNs, messageCount);
    }

    /**
     * {@inheritDoc}
     */
    public void onLoss(final long fromSeqNum, final long toSeqNum, final long nowNs)
    {
        packetInfo.set(0, 0, nowNs + receiveTimeOffsetNs);
        if (!started)
        {
            started = true;
            lateStarts++;
        }
        recovery.startChannelRecovery(fromSeqNum, toSeqNum, toSeqNum);
    }

    /**
     * {@inheritDoc}
     */
    public void onSequenceReset(final long nowNs)
    {
        lastSeqNum = 0;
        recovery.onSequenceReset();
        for (int i = 0; i < instrumentCount; i++)
        {
            final Instrument instrument = instruments[i];
            instrument.appliedThroughSeqNum = 0;
            instrument.floorSeqNum = 0;
            OrderBookUpdater.reset(instrument, 0);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // recovery (the state machine is SnapshotRecovery; the replay is a decode mode of this class)
    // ---------------------------------------------------------------------------------------------------------------

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
            recovery.onRptSeqGap(instrument, currentSeqNum);
        }
    }

    /**
     * The channel's view of {@link SnapshotRecovery#checkRecoveryComplete()}, for the {@link DefinitionUpdater}.
     */
    void checkRecoveryComplete()
    {
        recovery.checkRecoveryComplete();
    }

    /**
     * Decode the queued packets {@code fromSeqNum..toSeqNum} for one instrument only, in replay mode (RptSeq must
     * continue exactly; nothing is published), stopping at the first RptSeq gap.
     *
     * @param instrument recovering.
     * @param queue      holding the packets.
     * @param fromSeqNum first MsgSeqNum to replay.
     * @param toSeqNum   last MsgSeqNum to replay.
     */
    void replay(final Instrument instrument, final PacketQueue queue, final long fromSeqNum, final long toSeqNum)
    {
        final int savedMode = mode;
        final long savedSeqNum = currentSeqNum;
        mode = MODE_REPLAY;
        replayTarget = instrument;
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
        recovery.onNewInstrument(instrument);
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
        recovery.onChannelReset(currentSeqNum);
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
        recovery.onSnapshot52(context, decoder);
    }

    /**
     * An MBO instrument's 53 (or its absence from a whole loop of 53s) is in, for the {@link OrderBookUpdater}.
     *
     * @param instrument whose order snapshot is ready.
     */
    void orderSnapshotReady(final Instrument instrument)
    {
        recovery.orderSnapshotReady(instrument);
    }

    /**
     * {@inheritDoc}
     */
    public void onSnapshotFullRefreshOrderBook53(
        final Mdp3PacketContext context, final SnapshotFullRefreshOrderBook53Decoder decoder)
    {
        if (mode != MODE_SNAPSHOT || !options.mbo())
        {
            return;
        }
        recovery.onSnapshot53(decoder);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // access for OrderBookUpdater
    // ---------------------------------------------------------------------------------------------------------------

    boolean isStarted()
    {
        return started;
    }

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
     * @return LIVE, STALE or RECOVERING, or SILENT while the books are LIVE but an incremental line is silent (and
     * STALE while every incremental line is silent).
     */
    public FeedStatus channelStatus()
    {
        return recovery.visibleStatus();
    }

    /**
     * @return bits of the incremental lines silent now (1 feed A, 2 feed B).
     */
    public int silentLines()
    {
        return recovery.silentLines();
    }

    /**
     * @return times every incremental line of the channel went silent together (channel STALE for silence).
     */
    public long silences()
    {
        return recovery.silences();
    }

    /**
     * @return losses at the tail of the incremental stream found from a snapshot's LastMsgSeqNumProcessed.
     */
    public long tailLosses()
    {
        return recovery.tailLosses();
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
        return recovery.isSnapshotJoined();
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
        return recovery.staleCount();
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
        return recovery.recoveries();
    }

    /**
     * @return recoveries restarted by a loss while already recovering.
     */
    public long recoveryRestarts()
    {
        return recovery.recoveryRestarts();
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
        return recovery.snapshotsApplied();
    }

    /**
     * @return snapshots refused (too old for the loss or the queue, or RptSeq did not continue after them).
     */
    public long snapshotsRefused()
    {
        return recovery.snapshotsRefused();
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
        return recovery.queue().overflows();
    }

    /**
     * @return packets in the recovery queue now.
     */
    public int queuedPackets()
    {
        return recovery.queue().count();
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
        return recovery.outOfDepthEntries() + mbp.outOfDepthEntries();
    }

    /**
     * @return book entries of types or actions not kept (e.g. MarketBestBid/Offer).
     */
    public long ignoredEntries()
    {
        return mbp.ignoredEntries();
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
