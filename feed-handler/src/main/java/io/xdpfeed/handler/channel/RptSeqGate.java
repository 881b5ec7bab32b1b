package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.protocol.DecodeMode;
import io.xdpfeed.handler.protocol.DecodeState;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Where the decode of a channel stands and which entries it lets through: the {@link DecodeMode}, the MsgSeqNum of
 * the packet being decoded, the last incremental packet processed, the instrument a replay is for, and
 * {@link #accept}: the stale, already-applied and RptSeq rules every book and event entry passes. The updaters are
 * handed this object; none of them calls back into the channel. Receive thread only; no allocation.
 */
final class RptSeqGate implements DecodeState
{
    /**
     * Told when a LIVE instrument's RptSeq did not continue (the recovery makes it STALE).
     */
    interface GapListener
    {
        /**
         * @param instrument  whose RptSeq jumped.
         * @param floorSeqNum a usable snapshot has at least this LastMsgSeqNumProcessed.
         */
        void onRptSeqGap(Instrument instrument, long floorSeqNum);
    }

    private final boolean hasSnapshotLine;
    private final InstrumentDirectory instruments;
    private GapListener gapListener = (instrument, floorSeqNum) -> { };
    private DecodeMode mode = DecodeMode.LIVE;
    private boolean replaying;
    private boolean live = true;
    private boolean incremental = true;
    private Instrument replayTarget;
    private long currentSeqNum;
    private boolean started;
    private long lastSeqNum;
    private final AtomicCounter rptSeqGaps;

    /**
     * @param options     whether the channel has a snapshot line (without one, it applies through gaps).
     * @param instruments of the channel.
     * @param rptSeqGaps  the channel's counter of RptSeq gaps, written here.
     */
    RptSeqGate(final ChannelOptions options, final InstrumentDirectory instruments, final AtomicCounter rptSeqGaps)
    {
        this.hasSnapshotLine = options.hasSnapshotLine();
        this.instruments = instruments;
        this.rptSeqGaps = rptSeqGaps;
    }

    /**
     * Set once by the composition, which builds the recovery after the gate.
     *
     * @param listener told of RptSeq gaps of LIVE instruments.
     */
    void gapListener(final GapListener listener)
    {
        this.gapListener = listener;
    }

    /**
     * Whether an entry of a sequenced packet changes the instrument's state, advancing its RptSeq.
     *
     * @param instrument of the entry.
     * @param rptSeq     of the entry, or -1 for a message without one.
     * @return true when the entry is to be applied.
     */
    boolean accept(final Instrument instrument, final long rptSeq)
    {
        final boolean replaying = this.replaying;
        if (!replaying && !instrument.isLive() && hasSnapshotLine)
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
                    if (replaying || hasSnapshotLine)
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

    /**
     * A change of the instrument was not kept (the protocol's capacity): a LIVE instrument goes STALE as after a RptSeq
     * gap, without counting one; in a replay of that instrument, the replay fails.
     *
     * @param instrument whose book lost a change.
     */
    void lost(final Instrument instrument)
    {
        if (replaying)
        {
            if (instrument == replayTarget)
            {
                instrument.replayFailed = true;
            }
        }
        else if (instrument.isLive())
        {
            gapListener.onRptSeqGap(instrument, currentSeqNum);
        }
    }

    private void onRptSeqGap(final Instrument instrument)
    {
        rptSeqGaps.incrementRelease();
        if (replaying)
        {
            instrument.replayFailed = true;
            return;
        }
        if (instrument.isLive())
        {
            gapListener.onRptSeqGap(instrument, currentSeqNum);
        }
    }

    /**
     * @param securityId of a book or event entry.
     * @return its instrument (created on first sight), or, in a replay, the replay's instrument or null.
     */
    Instrument entryInstrument(final int securityId)
    {
        if (replaying)
        {
            return securityId == replayTarget.securityId() ? replayTarget : null;
        }
        return instruments.instrumentFor(securityId);
    }

    /**
     * @param securityId an instrument's id.
     * @return its instrument, created on first sight, whatever the mode.
     */
    Instrument instrument(final int securityId)
    {
        return instruments.instrumentFor(securityId);
    }

    /**
     * @return what the message being decoded is for.
     */
    public DecodeMode mode()
    {
        return mode;
    }

    /**
     * @param mode of the packets decoded from now on.
     */
    void mode(final DecodeMode mode)
    {
        if (mode == this.mode)
        {
            // every sequenced packet sets LIVE, which it almost always is already: no stores then
            return;
        }
        this.mode = mode;
        replaying = mode == DecodeMode.REPLAY;
        live = mode == DecodeMode.LIVE;
        incremental = live || replaying;
    }

    /**
     * @return true while the recovery queue is replayed for one instrument.
     */
    public boolean isReplaying()
    {
        return replaying;
    }

    /**
     * @return true for a packet of the sequenced stream (not a replay, snapshot or definition).
     */
    public boolean isLive()
    {
        return live;
    }

    /**
     * @return true for a packet of the incremental stream, live or replayed.
     */
    public boolean isIncremental()
    {
        return incremental;
    }

    /**
     * @return the instrument being replayed, or null.
     */
    Instrument replayTarget()
    {
        return replayTarget;
    }

    /**
     * @param instrument the replay is for, or null when it ends.
     */
    void replayTarget(final Instrument instrument)
    {
        this.replayTarget = instrument;
    }

    /**
     * @return MsgSeqNum of the packet being decoded.
     */
    long currentSeqNum()
    {
        return currentSeqNum;
    }

    /**
     * @param seqNum MsgSeqNum of the packet decoded next.
     */
    void currentSeqNum(final long seqNum)
    {
        this.currentSeqNum = seqNum;
    }

    /**
     * @return true once the sequenced stream delivered a packet or a loss.
     */
    boolean isStarted()
    {
        return started;
    }

    /**
     * The sequenced stream delivered its first packet or loss.
     */
    void started()
    {
        this.started = true;
    }

    /**
     * @return MsgSeqNum of the last incremental packet processed, 0 before the first (and after a sequence reset).
     */
    long lastSeqNum()
    {
        return lastSeqNum;
    }

    /**
     * @param seqNum MsgSeqNum of the last incremental packet processed.
     */
    void lastSeqNum(final long seqNum)
    {
        this.lastSeqNum = seqNum;
    }

    /**
     * @return RptSeq gaps seen (replays included).
     */
    long rptSeqGaps()
    {
        return rptSeqGaps.get();
    }
}
