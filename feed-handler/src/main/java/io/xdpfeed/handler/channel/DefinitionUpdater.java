package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.protocol.DefinitionSink;

/**
 * The instrument definitions of a channel, its {@link DefinitionSink}: applies definitions (symbol, group, asset,
 * tick, display factor, trading status, book depths; MDP 3.0's MDInstrumentDefinitionFuture54) to the channel's
 * instruments, and follows the definition line while the channel has joined it until one whole loop was seen (the
 * first SecurityID again, or the loop's count of messages). Definitions also come on the incremental feed; an
 * unchanged one (same update time) is not published again.
 * <p>
 * The end of a loop leaves the definition line and lets the {@link SnapshotRecovery} finish a recovery that waited
 * for it. Not on the hot path; a new instrument allocates once (in the {@link InstrumentDirectory}), nothing else does.
 */
final class DefinitionUpdater implements DefinitionSink
{
    private static final int NO_SECURITY = Integer.MIN_VALUE;

    private final int channelIndex;
    private final InstrumentDirectory instruments;
    private final SnapshotRecovery recovery;
    private final ChannelOptions options;
    private final ChannelListener listener;
    private final FeedControl feedControl;
    private final PacketInfo packetInfo;
    private Instrument defining;

    private boolean joined;
    private boolean complete;
    private long loopMessages;
    private int loopFirstSecurityId = NO_SECURITY;
    private long definitions;

    /**
     * @param channelIndex dense index of the channel, for the feed control.
     * @param instruments  of the channel.
     * @param recovery     told when a whole loop of definitions was seen (it may end a recovery).
     * @param options      default depth.
     * @param listener     receives the definitions.
     * @param feedControl  joins and leaves the definition line.
     * @param packetInfo   of the packet being decoded.
     */
    DefinitionUpdater(
        final int channelIndex,
        final InstrumentDirectory instruments,
        final SnapshotRecovery recovery,
        final ChannelOptions options,
        final ChannelListener listener,
        final FeedControl feedControl,
        final PacketInfo packetInfo)
    {
        this.channelIndex = channelIndex;
        this.instruments = instruments;
        this.recovery = recovery;
        this.options = options;
        this.listener = listener;
        this.feedControl = feedControl;
        this.packetInfo = packetInfo;
    }

    /**
     * Join the instrument definition line until one whole loop of definitions has been seen.
     */
    void join()
    {
        if (!joined && !complete)
        {
            joined = true;
            loopMessages = 0;
            loopFirstSecurityId = NO_SECURITY;
            recovery.onDefinitionsLoading();
            feedControl.definitionFeed(channelIndex, true);
        }
    }

    public boolean definitionBegin(final int securityId, final long updateTime, final boolean definitionLine)
    {
        if (definitionLine)
        {
            if (loopFirstSecurityId == NO_SECURITY)
            {
                loopFirstSecurityId = securityId;
            }
            else if (loopFirstSecurityId == securityId)
            {
                done();
            }
        }

        final Instrument instrument = instruments.instrumentFor(securityId);
        final boolean changed = !instrument.hasDefinition || updateTime != instrument.definitionUpdateTime;
        defining = null;
        if (changed)
        {
            definitions++;
            instrument.hasDefinition = true;
            instrument.definitionUpdateTime = updateTime;
            defining = instrument;
        }
        return changed;
    }

    public void definition(
        final byte[] symbol,
        final byte[] securityGroup,
        final byte[] asset,
        final long minPriceIncrement,
        final long displayFactor,
        final short tradingStatus,
        final int depth,
        final int impliedDepth)
    {
        final Instrument instrument = defining;
        if (instrument == null)
        {
            return;
        }
        defining = null;
        System.arraycopy(symbol, 0, instrument.symbol, 0, SYMBOL_LENGTH);
        System.arraycopy(securityGroup, 0, instrument.securityGroup, 0, GROUP_LENGTH);
        System.arraycopy(asset, 0, instrument.asset, 0, GROUP_LENGTH);
        instrument.minPriceIncrement = minPriceIncrement;
        instrument.displayFactor = displayFactor;
        if (tradingStatus != Instrument.NULL_STATUS)
        {
            instrument.tradingStatus = tradingStatus;
        }
        int outrightDepth = depth == NO_DEPTH ? instrument.depth() : depth;
        if (outrightDepth <= 0)
        {
            outrightDepth = options.defaultDepth();
        }
        instrument.book().depths(outrightDepth, impliedDepth);
        listener.onInstrumentDefinition(instrument, packetInfo);
    }

    public void definitionEnd(final long totalReports, final boolean definitionLine)
    {
        if (definitionLine)
        {
            loopMessages++;
            if (totalReports > 0 && loopMessages >= totalReports)
            {
                done();
            }
        }
    }

    private void done()
    {
        if (complete)
        {
            return;
        }
        complete = true;
        if (joined)
        {
            joined = false;
            feedControl.definitionFeed(channelIndex, false);
        }
        recovery.onDefinitionsComplete();
    }

    /**
     * @return true while the definition line is joined.
     */
    boolean isJoined()
    {
        return joined;
    }

    /**
     * @return true once one whole loop of definitions was seen.
     */
    boolean isComplete()
    {
        return complete;
    }

    /**
     * @return new or changed definitions applied.
     */
    long definitions()
    {
        return definitions;
    }
}
