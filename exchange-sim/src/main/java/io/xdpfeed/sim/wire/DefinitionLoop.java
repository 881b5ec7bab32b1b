package io.xdpfeed.sim.wire;

import io.xdpfeed.codecs.mdp3.EventType;
import io.xdpfeed.codecs.mdp3.MDInstrumentDefinitionFuture54Encoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import io.xdpfeed.codecs.mdp3.SecurityUpdateAction;
import io.xdpfeed.sim.market.Instrument;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The instrument definition loop: one MDInstrumentDefinitionFuture54 per instrument, one per packet, in SecurityID
 * order, each cycle with its own MsgSeqNum starting at 1.
 * <p>
 * Each definition carries SecurityID, Symbol, SecurityGroup, Asset, MinPriceIncrement, DisplayFactor, the trading
 * status as published, and the feed types: GBX (outright book) with MarketDepth = the configured depth and GBI
 * (implied book) with depth 2.
 */
public final class DefinitionLoop
{
    private static final long DAY_NS = 86_400_000_000_000L;

    private final FeedState state;
    private final Instrument[] instruments;
    private final int channelId;
    private final long lastUpdateTimeNs;
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MDInstrumentDefinitionFuture54Encoder definition = new MDInstrumentDefinitionFuture54Encoder();
    private int tradeDate;
    private int position;
    private long cyclesCompleted;

    /** The loop over these instruments' definitions, in SecurityID order. */
    public DefinitionLoop(final FeedState state, final Instrument[] instruments, final int channelId,
        final long lastUpdateTimeNs)
    {
        this.state = state;
        this.instruments = instruments;
        this.channelId = channelId;
        this.lastUpdateTimeNs = lastUpdateTimeNs;
    }

    /** TradeDate (days since the epoch) put in the definitions. */
    public void tradeDate(final int tradeDate)
    {
        this.tradeDate = tradeDate;
    }

    /** Full passes over the instruments. */
    public long cyclesCompleted()
    {
        return cyclesCompleted;
    }

    /**
     * Write the next definition packet.
     *
     * @return its length.
     */
    public int nextPacket(final MutableDirectBuffer buffer, final int offset, final long sendingTimeNs)
    {
        final int index = position;
        Mdp3Packet.writeHeader(buffer, offset, index + 1, sendingTimeNs);
        final int messageOffset = offset + Mdp3Packet.HEADER_LENGTH;
        final Instrument instrument = instruments[index];

        definition.wrapAndApplyHeader(buffer, messageOffset + 2, header);
        definition.matchEventIndicator().clear().endOfEvent(true);
        definition
            .totNumReports(instruments.length)
            .securityUpdateAction(SecurityUpdateAction.Add)
            .lastUpdateTime(lastUpdateTimeNs)
            .mDSecurityTradingStatus(state.status(index))
            .applID((short)channelId)
            .marketSegmentID((short)99)
            .underlyingProduct((short)5)
            .securityExchange("XCME")
            .securityGroup(instrument.securityGroup)
            .asset(instrument.asset)
            .symbol(instrument.symbol)
            .securityID(instrument.securityId)
            .securityType("FUT")
            .cFICode("FFIXSX");
        definition.maturityMonthYear()
            .year(instrument.maturityYear)
            .month(instrument.maturityMonth)
            .day((short)255)
            .week((short)255);
        definition
            .currency("USD")
            .settlCurrency("USD")
            .matchAlgorithm((byte)'F')
            .minTradeVol(1)
            .maxTradeVol(10_000);
        definition.minPriceIncrement().mantissa(instrument.tickMantissa);
        definition.displayFactor().mantissa(instrument.displayFactorMantissa);
        definition
            .mainFraction(MDInstrumentDefinitionFuture54Encoder.mainFractionNullValue())
            .subFraction(MDInstrumentDefinitionFuture54Encoder.subFractionNullValue())
            .priceDisplayFormat(MDInstrumentDefinitionFuture54Encoder.priceDisplayFormatNullValue())
            .unitOfMeasure("IPNT");
        definition.unitOfMeasureQty().mantissa(Long.MAX_VALUE);
        definition.tradingReferencePrice().mantissa(instrument.mantissa(instrument.referencePriceTicks));
        definition.settlPriceType().clear().actual(true);
        definition
            .openInterestQty(MDInstrumentDefinitionFuture54Encoder.openInterestQtyNullValue())
            .clearedVolume(MDInstrumentDefinitionFuture54Encoder.clearedVolumeNullValue());
        definition.highLimitPrice().mantissa(Long.MAX_VALUE);
        definition.lowLimitPrice().mantissa(Long.MAX_VALUE);
        definition.maxPriceVariation().mantissa(Long.MAX_VALUE);
        definition
            .decayQuantity(MDInstrumentDefinitionFuture54Encoder.decayQuantityNullValue())
            .decayStartDate(MDInstrumentDefinitionFuture54Encoder.decayStartDateNullValue())
            .originalContractSize(MDInstrumentDefinitionFuture54Encoder.originalContractSizeNullValue())
            .contractMultiplier(MDInstrumentDefinitionFuture54Encoder.contractMultiplierNullValue())
            .contractMultiplierUnit(MDInstrumentDefinitionFuture54Encoder.contractMultiplierUnitNullValue())
            .flowScheduleType(MDInstrumentDefinitionFuture54Encoder.flowScheduleTypeNullValue());
        definition.minPriceIncrementAmount().mantissa(instrument.tickMantissa * 50);
        definition
            .userDefinedInstrument((byte)'N')
            .tradingReferenceDate(tradeDate - 1)
            .instrumentGUID(MDInstrumentDefinitionFuture54Encoder.instrumentGUIDNullValue());

        final MDInstrumentDefinitionFuture54Encoder.NoEventsEncoder events = definition.noEventsCount(2);
        events.next().eventType(EventType.Activation).eventTime(lastUpdateTimeNs - 90 * DAY_NS);
        events.next().eventType(EventType.LastEligibleTradeDate).eventTime(lastUpdateTimeNs + 120 * DAY_NS);

        final MDInstrumentDefinitionFuture54Encoder.NoMDFeedTypesEncoder feedTypes = definition.noMDFeedTypesCount(2);
        feedTypes.next().mDFeedType("GBX").marketDepth((byte)instrument.depth);
        feedTypes.next().mDFeedType("GBI").marketDepth((byte)instrument.impliedDepth);

        definition.noInstAttribCount(1).next().instAttribValue().clear()
            .electronicMatchEligible(true)
            .orderCrossEligible(true)
            .blockTradeEligible(true)
            .gTOrdersEligibility(true)
            .impliedMatchingEligibility(true);

        definition.noLotTypeRulesCount(1).next().lotType((byte)5).minLotSize().mantissa(10_000);

        final int length = 2 + MessageHeaderEncoder.ENCODED_LENGTH + definition.encodedLength();
        buffer.putShort(messageOffset, (short)length, ByteOrder.LITTLE_ENDIAN);

        position++;
        if (position == instruments.length)
        {
            position = 0;
            cyclesCompleted++;
        }
        return Mdp3Packet.HEADER_LENGTH + length;
    }
}
