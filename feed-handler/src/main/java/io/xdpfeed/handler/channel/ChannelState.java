package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.counters.ChannelCounters;
import io.xdpfeed.handler.protocol.DecodeMode;
import io.xdpfeed.handler.protocol.PacketDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.AtomicCounter;

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
 * This class is the front of the channel's pipeline, composed by {@link ChannelPipeline}: the engine's entry points
 * (validate, then hand to the {@link PacketSequencer}; snapshot and definition packets while joined; timers; line
 * silence) and the queries of the counters. The stages behind it are handed what they need and never call it back.
 */
public final class ChannelState
{
    private final int channelId;
    private final int channelIndex;
    private final ChannelOptions options;
    private final PacketInfo packetInfo;
    private final ReceiveClock clock;
    private final InstrumentDirectory instruments;
    private final RptSeqGate gate;
    private final MatchEvent matchEvent;
    private final MbpBookUpdater mbp;
    private final OrderBookUpdater orderBooks;
    private final EventUpdater events;
    private final QueuedReplay replay;
    private final RecoveryStates states;
    private final SnapshotRecovery recovery;
    private final DefinitionUpdater definitionUpdater;
    private final PacketDecoder decoder;
    private final SequencedStream stream;
    private final PacketSequencer sequencer;
    private final GapFill gapFill;
    private final ChannelCounters counters;
    private final AtomicCounter packets;
    private final AtomicCounter malformed;
    private final AtomicCounter recoveryDatagrams;
    private final AtomicCounter unwantedRecoveryDatagrams;

    /**
     * @param parts the composed pipeline of the channel.
     */
    ChannelState(final ChannelPipeline parts)
    {
        this.channelId = parts.channelId;
        this.channelIndex = parts.channelIndex;
        this.options = parts.options;
        this.packetInfo = parts.packetInfo;
        this.clock = parts.clock;
        this.instruments = parts.instruments;
        this.gate = parts.gate;
        this.matchEvent = parts.matchEvent;
        this.mbp = parts.mbp;
        this.orderBooks = parts.orderBooks;
        this.events = parts.events;
        this.replay = parts.replay;
        this.states = parts.states;
        this.recovery = parts.recovery;
        this.definitionUpdater = parts.definitions;
        this.decoder = parts.decoder;
        this.stream = parts.stream;
        this.sequencer = parts.sequencer;
        this.gapFill = parts.gapFill;
        this.counters = parts.counters;
        this.packets = counters.counter(ChannelCounter.PACKETS);
        this.malformed = counters.counter(ChannelCounter.MALFORMED);
        this.recoveryDatagrams = counters.counter(ChannelCounter.RECOVERY_DATAGRAMS);
        this.unwantedRecoveryDatagrams = counters.counter(ChannelCounter.UNWANTED_RECOVERY_DATAGRAMS);
    }

    /**
     * Re-sample the offset from the source's clock to the epoch (live sources give monotonic receive times).
     *
     * @param offsetNs added to receive times to make them ns since the epoch.
     */
    public void receiveTimeOffsetNs(final long offsetNs)
    {
        clock.offsetNs(offsetNs);
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
        packets.incrementRelease();
        if (states.silentLines() != 0)
        {
            lineSpoke(line, receiveTimeNs);
        }
        sequencer.onTimer(receiveTimeNs);
        final int messageCount = decoder.validate(buffer, offset, length);
        if (messageCount >= 0)
        {
            final long seqNum = decoder.msgSeqNum(buffer, offset);
            if (sequencer.onPacket(line, buffer, offset, length, messageCount, seqNum,
                decoder.sequenceSpan(buffer, offset, messageCount), receiveTimeNs) == PacketSequencer.Outcome.EMPTY &&
                seqNum == sequencer.nextSeqNum() && sequencer.held() == 0 &&
                (gapFill == null || gapFill.state() == GapFill.IDLE))
            {
                // nothing missing before it (a heartbeat, an end of session): the protocol may have news in it
                decoder.onEmptyInSequence(line, buffer, offset, length, receiveTimeNs);
            }
        }
        else
        {
            malformed.incrementRelease();
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
        packets.incrementRelease();
        recoveryDatagrams.incrementRelease();
        if (!recovery.isSnapshotJoined())
        {
            unwantedRecoveryDatagrams.incrementRelease();
            return;
        }
        final int messageCount = decoder.validate(buffer, offset, length);
        if (messageCount > 0)
        {
            gate.mode(DecodeMode.SNAPSHOT);
            decoder.decode(line, buffer, offset, length, receiveTimeNs, messageCount);
            gate.mode(DecodeMode.LIVE);
        }
        else
        {
            malformed.incrementRelease();
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
        packets.incrementRelease();
        recoveryDatagrams.incrementRelease();
        if (!definitionUpdater.isJoined())
        {
            unwantedRecoveryDatagrams.incrementRelease();
            return;
        }
        final int messageCount = decoder.validate(buffer, offset, length);
        if (messageCount > 0)
        {
            gate.mode(DecodeMode.DEFINITION);
            decoder.decode(line, buffer, offset, length, receiveTimeNs, messageCount);
            gate.mode(DecodeMode.LIVE);
        }
        else
        {
            malformed.incrementRelease();
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
        int work = sequencer.onTimer(nowNs);
        if (gapFill != null)
        {
            work += gapFill.poll();
        }
        return work + (drained ? recovery.checkTailLoss(nowNs, gate.lastSeqNum(), sequencer) : 0);
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
        packetInfo.set(0, 0, clock.epochNs(nowNs));
        states.onLineSilence(silentLines, lines);
    }

    private void lineSpoke(final Line line, final long receiveTimeNs)
    {
        if (line.feed() != null)
        {
            packetInfo.set(0, 0, clock.epochNs(receiveTimeNs));
            states.onLineSpoke(lineBit(line.feed().ordinal()));
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

    /**
     * Close what the protocol's recovery opened (its sockets); the channel is not used afterwards.
     */
    public void close()
    {
        if (gapFill != null)
        {
            gapFill.recovery().close();
        }
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
        return states.visibleStatus();
    }

    /**
     * @return bits of the incremental lines silent now (1 feed A, 2 feed B).
     */
    public int silentLines()
    {
        return states.silentLines();
    }

    /**
     * @return times every incremental line of the channel went silent together (channel STALE for silence).
     */
    public long silences()
    {
        return states.silences();
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
        return matchEvent.closedEmpty();
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
        return gate.lastSeqNum();
    }

    /**
     * @return number of instruments.
     */
    public int instrumentCount()
    {
        return instruments.count();
    }

    /**
     * @param index 0..instrumentCount-1, in order of first sight.
     * @return the instrument.
     */
    public Instrument instrument(final int index)
    {
        return instruments.instrument(index);
    }

    /**
     * @param securityId CME SecurityID.
     * @return the instrument, or null when never seen.
     */
    public Instrument instrumentById(final int securityId)
    {
        return instruments.existing(securityId);
    }

    /**
     * @return instruments not LIVE.
     */
    public int staleInstruments()
    {
        return states.staleCount();
    }

    /**
     * @return true while the protocol's recovery is bringing lost sequence numbers back (the live packets queued).
     */
    public boolean isStreamRecovering()
    {
        return gapFill != null && gapFill.state() != GapFill.IDLE;
    }

    /**
     * @return live packets queued by the protocol's recovery now.
     */
    public int streamQueued()
    {
        return gapFill == null ? 0 : gapFill.queued();
    }

    /**
     * @return holes the protocol's recovery gave up (no snapshot server to fall back on).
     */
    public long streamGiveUps()
    {
        return gapFill == null ? 0 : gapFill.giveUps();
    }

    /**
     * @return snapshots of the protocol's recovery that failed (each tried again).
     */
    public long streamSnapshotFailures()
    {
        return gapFill == null ? 0 : gapFill.recovery().snapshotFailures();
    }

    /**
     * @return the sequencer (duplicates, held, losses).
     */
    public PacketSequencer sequencer()
    {
        return sequencer;
    }

    /**
     * @return the protocol's decoder of the live packets (decoded, malformed; the protocol's own counts).
     */
    public PacketDecoder decoder()
    {
        return decoder;
    }

    /**
     * @return the channel's counters, written in place by its stages (receive thread), readable by anyone.
     */
    public ChannelCounters counters()
    {
        return counters;
    }

    /**
     * @return malformed packets on every line of the channel.
     */
    public long malformed()
    {
        return malformed.get();
    }

    /**
     * @return recoveries started (channel-level losses and late starts, including restarts).
     */
    public long recoveries()
    {
        return states.recoveries();
    }

    /**
     * @return recoveries restarted by a loss while already recovering.
     */
    public long recoveryRestarts()
    {
        return states.recoveryRestarts();
    }

    /**
     * @return starts that did not begin at MsgSeqNum 1.
     */
    public long lateStarts()
    {
        return stream.lateStarts();
    }

    /**
     * @return RptSeq gaps seen.
     */
    public long rptSeqGaps()
    {
        return gate.rptSeqGaps();
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
        return replay.replayedPackets();
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
        return recovery.channelResets();
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
     * @return orders refused because a market-by-order book was full, all instruments, incremental and snapshot
     * ({@link ChannelCounter#ORDER_OVERFLOWS}).
     */
    public long orderOverflows()
    {
        return counters.counter(ChannelCounter.ORDER_OVERFLOWS).get();
    }
}
