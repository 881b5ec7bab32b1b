package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.mdp3.MDInstrumentDefinitionFuture54Decoder;

/**
 * The instrument definitions of a channel: applies MDInstrumentDefinitionFuture54 (symbol, group, asset, tick,
 * display factor, trading status, and the book depths from the GBX/GBI feed types) to the channel's instruments, and
 * follows the definition line while the channel has joined it until one whole loop was seen (the first SecurityID
 * again, or TotNumReports messages). Definitions also come on the incremental feed; an unchanged one
 * (same LastUpdateTime) is not published again.
 * <p>
 * The end of a loop leaves the definition line and lets the {@link SnapshotRecovery} finish a recovery that waited
 * for it. Not on the hot path; a new instrument allocates once (in the {@link InstrumentDirectory}), nothing else does.
 */
final class DefinitionUpdater
{
    private static final int NO_SECURITY = Integer.MIN_VALUE;
    private static final long UINT32_NULL = 0xFFFF_FFFFL;

    private final int channelIndex;
    private final InstrumentDirectory instruments;
    private final SnapshotRecovery recovery;
    private final ChannelOptions options;
    private final ChannelListener listener;
    private final FeedControl feedControl;
    private final PacketInfo packetInfo;
    private final byte[] feedTypeScratch = new byte[3];

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
            feedControl.definitionFeed(channelIndex, true);
        }
    }

    /**
     * Apply a definition from the incremental feed or the definition line.
     *
     * @param decoder        wrapped on the message.
     * @param definitionLine true when it came on the definition line (it counts towards the loop).
     */
    void onDefinition(final MDInstrumentDefinitionFuture54Decoder decoder, final boolean definitionLine)
    {
        final int securityId = decoder.securityID();
        final long totNumReports = decoder.totNumReports();
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
        final long updateTime = decoder.lastUpdateTime();
        final boolean changed = !instrument.hasDefinition || updateTime != instrument.definitionUpdateTime;
        if (changed)
        {
            definitions++;
            instrument.hasDefinition = true;
            instrument.definitionUpdateTime = updateTime;
            decoder.getSymbol(instrument.symbol, 0);
            decoder.getSecurityGroup(instrument.securityGroup, 0);
            decoder.getAsset(instrument.asset, 0);
            instrument.minPriceIncrement = decoder.minPriceIncrement().mantissa();
            instrument.displayFactor = decoder.displayFactor().mantissa();
            final short tradingStatus = decoder.mDSecurityTradingStatusRaw();
            if (tradingStatus != Instrument.NULL_STATUS)
            {
                instrument.tradingStatus = tradingStatus;
            }
            applyDepths(decoder, instrument);
            listener.onInstrumentDefinition(instrument, packetInfo);
        }

        if (definitionLine)
        {
            loopMessages++;
            if (totNumReports > 0 && totNumReports != UINT32_NULL && loopMessages >= totNumReports)
            {
                done();
            }
        }
    }

    /**
     * Book depths from the feed types: GBX is the outright depth, GBI the implied one; without a GBX (or with a
     * depth of 0) the channel's default depth, without a GBI no implied book.
     */
    private void applyDepths(final MDInstrumentDefinitionFuture54Decoder decoder, final Instrument instrument)
    {
        int depth = instrument.depth();
        int impliedDepth = 0;
        boolean sawImplied = false;
        for (final MDInstrumentDefinitionFuture54Decoder.NoEventsDecoder ignored : decoder.noEvents())
        {
            // groups are read in order: walk past the events to reach the feed types
        }
        for (final MDInstrumentDefinitionFuture54Decoder.NoMDFeedTypesDecoder feedType : decoder.noMDFeedTypes())
        {
            feedType.getMDFeedType(feedTypeScratch, 0);
            if (feedTypeScratch[0] == 'G' && feedTypeScratch[1] == 'B')
            {
                if (feedTypeScratch[2] == 'X')
                {
                    depth = feedType.marketDepth();
                }
                else if (feedTypeScratch[2] == 'I')
                {
                    impliedDepth = feedType.marketDepth();
                    sawImplied = true;
                }
            }
        }
        if (depth <= 0)
        {
            depth = options.defaultDepth();
        }
        instrument.book().depths(depth, sawImplied ? Math.max(0, impliedDepth) : 0);
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
