package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.counters.ChannelCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The recovery state machine of a channel, its transitions in one place: the {@link RecoveryState} of the channel,
 * which instruments are STALE (and how many), the silence of the incremental lines laid over it (every line silent:
 * STALE until a packet arrives in sequence; some lines silent: SILENT), and the ChannelStatus and InstrumentStatus
 * records each transition publishes. {@link SnapshotRecovery} drives it from losses, snapshots and resets. Receive
 * thread only; no allocation.
 */
final class RecoveryStates implements InstrumentDirectory.NewInstrumentListener
{
    private final int channelId;
    private final InstrumentDirectory instruments;
    private final RptSeqGate gate;
    private final ChannelListener listener;
    private final PacketInfo packetInfo;
    private final AtomicCounter recoveries;
    private final AtomicCounter staleInstruments;
    private final AtomicCounter channelState;

    private RecoveryState state = RecoveryState.LIVE;
    private long gapFromSeqNum;
    private long gapToSeqNum;
    private long recoveryRestarts;
    private boolean streamRecovering;

    private int silentLines;
    private boolean silenceStale;
    private long silences;

    /**
     * @param channelId   CME channel id of the status records.
     * @param instruments of the channel.
     * @param gate        where the sequenced stream stands.
     * @param listener    receives the status records.
     * @param packetInfo  of the packet being processed.
     * @param counters    of the channel: this stage writes the recoveries, the stale instruments and the state.
     */
    RecoveryStates(
        final int channelId,
        final InstrumentDirectory instruments,
        final RptSeqGate gate,
        final ChannelListener listener,
        final PacketInfo packetInfo,
        final ChannelCounters counters)
    {
        this.channelId = channelId;
        this.instruments = instruments;
        this.gate = gate;
        this.listener = listener;
        this.packetInfo = packetInfo;
        this.recoveries = counters.counter(ChannelCounter.RECOVERIES);
        this.staleInstruments = counters.counter(ChannelCounter.STALE_INSTRUMENTS);
        this.channelState = counters.state();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // transitions of the channel
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A channel-level loss (or a late start), from any state to STALE: every instrument STALE with at least the floor.
     *
     * @param fromSeqNum  first MsgSeqNum lost.
     * @param toSeqNum    last MsgSeqNum lost.
     * @param floorSeqNum a usable snapshot has at least this LastMsgSeqNumProcessed.
     */
    void lost(final long fromSeqNum, final long toSeqNum, final long floorSeqNum)
    {
        gapFromSeqNum = fromSeqNum;
        gapToSeqNum = toSeqNum;
        endSilenceStale();
        if (streamRecovering)
        {
            // the protocol's recovery of this loss gave up: the same recovery, carried on by the snapshot line's
            streamRecovering = false;
        }
        else
        {
            if (state != RecoveryState.LIVE)
            {
                recoveryRestarts++;
            }
            recoveries.incrementRelease();
        }
        for (int i = 0; i < instruments.count(); i++)
        {
            final Instrument instrument = instruments.instrument(i);
            if (instrument.isLive())
            {
                markStale(instrument, floorSeqNum);
            }
            else
            {
                instrument.floorSeqNum = Math.max(instrument.floorSeqNum, floorSeqNum);
            }
        }
        state = RecoveryState.STALE;
        publish(FeedStatus.STALE);
    }

    /**
     * Sequence numbers lost on every line (or a late start) that the protocol's own recovery brings back
     * ({@link GapFill}): the channel STALE until the stream is whole again; the instruments stay as they are, since
     * their books only ever see the stream in order.
     *
     * @param fromSeqNum first sequence number lost.
     * @param toSeqNum   last sequence number lost.
     */
    void streamLost(final long fromSeqNum, final long toSeqNum)
    {
        gapFromSeqNum = fromSeqNum;
        gapToSeqNum = toSeqNum;
        endSilenceStale();
        if (state != RecoveryState.LIVE)
        {
            recoveryRestarts++;
        }
        recoveries.incrementRelease();
        streamRecovering = true;
        state = RecoveryState.STALE;
        publish(FeedStatus.STALE);
    }

    /**
     * The protocol's recovery is over: the stream is whole again, LIVE. (When it gives up instead, the loss is handed
     * to {@link #lost}, which carries the same recovery on.)
     */
    void streamRecovered()
    {
        streamRecovering = false;
        if (staleCount() == 0)
        {
            // instruments still STALE from an earlier loss nothing brought back keep the channel STALE
            recovered();
        }
    }

    /**
     * An instrument recovered: the first one after a channel-level loss moves STALE to RECOVERING.
     */
    void instrumentRecovered()
    {
        if (state == RecoveryState.STALE)
        {
            state = RecoveryState.RECOVERING;
            publish(FeedStatus.RECOVERING);
        }
    }

    /**
     * Every instrument is LIVE again (or a ChannelReset4 made them so): a channel recovery ends, LIVE.
     */
    void recovered()
    {
        if (state != RecoveryState.LIVE && !streamRecovering)
        {
            state = RecoveryState.LIVE;
            publish(visibleStatus());
        }
    }

    /**
     * @return true between a channel-level loss and the end of its recovery.
     */
    boolean isRecoveringChannel()
    {
        return state != RecoveryState.LIVE;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // instruments
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A new instrument seen while the channel recovers starts STALE, with the loss as its floor.
     *
     * @param instrument just created.
     */
    public void onNewInstrument(final Instrument instrument)
    {
        if (state != RecoveryState.LIVE && !streamRecovering)
        {
            instrument.feedStatus = FeedStatus.STALE;
            instrument.floorSeqNum = gapToSeqNum;
            staleInstruments.incrementRelease();
        }
    }

    /**
     * @param instrument  going STALE (InstrumentStatus published).
     * @param floorSeqNum a usable snapshot has at least this LastMsgSeqNumProcessed.
     */
    void markStale(final Instrument instrument, final long floorSeqNum)
    {
        if (instrument.isLive())
        {
            staleInstruments.incrementRelease();
        }
        instrument.feedStatus = FeedStatus.STALE;
        instrument.floorSeqNum = Math.max(instrument.floorSeqNum, floorSeqNum);
        instrument.skippedWhileStale = false;
        listener.onInstrumentStatus(instrument, packetInfo);
    }

    /**
     * @param instrument LIVE again (the caller publishes what goes with it).
     */
    void markLive(final Instrument instrument)
    {
        if (!instrument.isLive())
        {
            staleInstruments.getAndAddRelease(-1);
        }
        instrument.feedStatus = FeedStatus.LIVE;
        instrument.replayFailed = false;
    }

    /**
     * @return instruments not LIVE.
     */
    int staleCount()
    {
        return (int)staleInstruments.get();
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
                final long lastSeqNum = gate.lastSeqNum();
                for (int i = 0; i < instruments.count(); i++)
                {
                    final Instrument instrument = instruments.instrument(i);
                    if (instrument.isLive())
                    {
                        markStale(instrument, lastSeqNum);
                        instrument.staleBySilence = true;
                    }
                }
                publish(FeedStatus.STALE);
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
        for (int i = 0; i < instruments.count(); i++)
        {
            final Instrument instrument = instruments.instrument(i);
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
        publish(visibleStatus());
    }

    /**
     * A loss (or late start) after the silence: the instruments stay STALE and recover from the snapshots.
     */
    private void endSilenceStale()
    {
        if (silenceStale)
        {
            silenceStale = false;
            for (int i = 0; i < instruments.count(); i++)
            {
                instruments.instrument(i).staleBySilence = false;
            }
        }
    }

    private void publishIfChanged(final FeedStatus before)
    {
        final FeedStatus now = visibleStatus();
        if (now != before)
        {
            publish(now);
        }
    }

    private void publish(final FeedStatus status)
    {
        channelState.setRelease(status.value());
        listener.onChannelStatus(channelId, status, gapFromSeqNum, gapToSeqNum, recoveries.get(), packetInfo);
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
        final FeedStatus status = state.status();
        return status == FeedStatus.LIVE && silentLines != 0 ? FeedStatus.SILENT : status;
    }

    /**
     * @return LIVE, STALE or RECOVERING: the recovery state, without the silence of the lines.
     */
    RecoveryState state()
    {
        return state;
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

    /**
     * @return recoveries started (channel-level losses and late starts, including restarts).
     */
    long recoveries()
    {
        return recoveries.get();
    }

    /**
     * @return recoveries restarted by a loss while already recovering.
     */
    long recoveryRestarts()
    {
        return recoveryRestarts;
    }
}
