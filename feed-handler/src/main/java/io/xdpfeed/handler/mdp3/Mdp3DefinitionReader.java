package io.xdpfeed.handler.mdp3;

import io.xdpfeed.codecs.mdp3.MDInstrumentDefinitionFuture54Decoder;
import io.xdpfeed.handler.protocol.DefinitionSink;

/**
 * Reads MDInstrumentDefinitionFuture54 and hands it to the channel's {@link DefinitionSink}: symbol, group, asset,
 * tick, display factor, trading status, and the book depths from the feed types (GBX is the outright depth, GBI the
 * implied one; without a GBX the instrument keeps its depth, without a GBI it has no implied book). Not on the hot
 * path; no allocation.
 */
final class Mdp3DefinitionReader
{
    private static final long UINT32_NULL = 0xFFFF_FFFFL;

    private final DefinitionSink definitions;
    private final byte[] feedTypeScratch = new byte[3];
    private final byte[] symbol = new byte[DefinitionSink.SYMBOL_LENGTH];
    private final byte[] securityGroup = new byte[DefinitionSink.GROUP_LENGTH];
    private final byte[] asset = new byte[DefinitionSink.GROUP_LENGTH];

    /**
     * @param definitions the channel's definition sink.
     */
    Mdp3DefinitionReader(final DefinitionSink definitions)
    {
        this.definitions = definitions;
    }

    /**
     * A definition from the incremental feed or the definition line.
     *
     * @param decoder        wrapped on the message.
     * @param definitionLine true when it came on the definition line (it counts towards the loop).
     */
    void definition54(final MDInstrumentDefinitionFuture54Decoder decoder, final boolean definitionLine)
    {
        final long totNumReports = decoder.totNumReports();
        if (definitions.definitionBegin(decoder.securityID(), decoder.lastUpdateTime(), definitionLine))
        {
            decoder.getSymbol(symbol, 0);
            decoder.getSecurityGroup(securityGroup, 0);
            decoder.getAsset(asset, 0);
            final long minPriceIncrement = decoder.minPriceIncrement().mantissa();
            final long displayFactor = decoder.displayFactor().mantissa();
            final short tradingStatus = decoder.mDSecurityTradingStatusRaw();
            int depth = DefinitionSink.NO_DEPTH;
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
            definitions.definition(symbol, securityGroup, asset, minPriceIncrement, displayFactor, tradingStatus,
                depth, sawImplied ? Math.max(0, impliedDepth) : 0);
        }
        definitions.definitionEnd(totNumReports == UINT32_NULL ? 0 : totNumReports, definitionLine);
    }
}
