package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.AddOrderDecoder;
import io.xdpfeed.codecs.itch.AddOrderMpidDecoder;
import io.xdpfeed.codecs.itch.BrokenTradeDecoder;
import io.xdpfeed.codecs.itch.CrossTradeDecoder;
import io.xdpfeed.codecs.itch.DirectListingCapitalRaiseDecoder;
import io.xdpfeed.codecs.itch.IpoQuotingPeriodUpdateDecoder;
import io.xdpfeed.codecs.itch.LuldAuctionCollarDecoder;
import io.xdpfeed.codecs.itch.MarketParticipantPositionDecoder;
import io.xdpfeed.codecs.itch.MwcbDeclineLevelDecoder;
import io.xdpfeed.codecs.itch.MwcbStatusDecoder;
import io.xdpfeed.codecs.itch.NetOrderImbalanceIndicatorDecoder;
import io.xdpfeed.codecs.itch.OperationalHaltDecoder;
import io.xdpfeed.codecs.itch.OrderCancelDecoder;
import io.xdpfeed.codecs.itch.OrderDeleteDecoder;
import io.xdpfeed.codecs.itch.OrderExecutedDecoder;
import io.xdpfeed.codecs.itch.OrderExecutedWithPriceDecoder;
import io.xdpfeed.codecs.itch.OrderReplaceDecoder;
import io.xdpfeed.codecs.itch.RegShoRestrictionDecoder;
import io.xdpfeed.codecs.itch.RetailPriceImprovementIndicatorDecoder;
import io.xdpfeed.codecs.itch.StockDirectoryDecoder;
import io.xdpfeed.codecs.itch.StockTradingActionDecoder;
import io.xdpfeed.codecs.itch.SystemEventDecoder;
import io.xdpfeed.codecs.itch.Timestamp48Decoder;
import io.xdpfeed.codecs.itch.TradeDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * The ITCH 5.0 message types by type byte: the fixed length of each, taken from the generated decoders'
 * {@code BLOCK_LENGTH} (the schema's template id is the type byte, so the two cannot disagree).
 */
public final class ItchMessages
{
    /** Price4 (4 implied decimals) to the normalized mantissa (exponent -9). */
    public static final long PRICE4_TO_PRICE9 = 100_000L;

    private static final int[] BLOCK_LENGTHS = new int[128];
    private static final int TIMESTAMP_OFFSET = OrderDeleteDecoder.timestampEncodingOffset();

    /**
     * Bytes every ITCH 5.0 message starts with, whatever its type: type, stock locate, tracking number, timestamp.
     * A message of a type this handler does not know is read that far (its timestamp), so it is at least that long.
     */
    public static final int COMMON_LENGTH = TIMESTAMP_OFFSET + OrderDeleteDecoder.timestampEncodingLength();

    static
    {
        BLOCK_LENGTHS[SystemEventDecoder.TEMPLATE_ID] = SystemEventDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[StockDirectoryDecoder.TEMPLATE_ID] = StockDirectoryDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[StockTradingActionDecoder.TEMPLATE_ID] = StockTradingActionDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[RegShoRestrictionDecoder.TEMPLATE_ID] = RegShoRestrictionDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[MarketParticipantPositionDecoder.TEMPLATE_ID] = MarketParticipantPositionDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[MwcbDeclineLevelDecoder.TEMPLATE_ID] = MwcbDeclineLevelDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[MwcbStatusDecoder.TEMPLATE_ID] = MwcbStatusDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[IpoQuotingPeriodUpdateDecoder.TEMPLATE_ID] = IpoQuotingPeriodUpdateDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[LuldAuctionCollarDecoder.TEMPLATE_ID] = LuldAuctionCollarDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[OperationalHaltDecoder.TEMPLATE_ID] = OperationalHaltDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[AddOrderDecoder.TEMPLATE_ID] = AddOrderDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[AddOrderMpidDecoder.TEMPLATE_ID] = AddOrderMpidDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[OrderExecutedDecoder.TEMPLATE_ID] = OrderExecutedDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[OrderExecutedWithPriceDecoder.TEMPLATE_ID] = OrderExecutedWithPriceDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[OrderCancelDecoder.TEMPLATE_ID] = OrderCancelDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[OrderDeleteDecoder.TEMPLATE_ID] = OrderDeleteDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[OrderReplaceDecoder.TEMPLATE_ID] = OrderReplaceDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[TradeDecoder.TEMPLATE_ID] = TradeDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[CrossTradeDecoder.TEMPLATE_ID] = CrossTradeDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[BrokenTradeDecoder.TEMPLATE_ID] = BrokenTradeDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[NetOrderImbalanceIndicatorDecoder.TEMPLATE_ID] = NetOrderImbalanceIndicatorDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[RetailPriceImprovementIndicatorDecoder.TEMPLATE_ID] =
            RetailPriceImprovementIndicatorDecoder.BLOCK_LENGTH;
        BLOCK_LENGTHS[DirectListingCapitalRaiseDecoder.TEMPLATE_ID] = DirectListingCapitalRaiseDecoder.BLOCK_LENGTH;
    }

    private ItchMessages()
    {
    }

    /**
     * The 6-byte timestamp every ITCH message has at the same place (after type, locate and tracking number).
     *
     * @param buffer holding the message.
     * @param offset of its type byte.
     * @return nanoseconds since midnight.
     */
    public static long timestampNs(final DirectBuffer buffer, final int offset)
    {
        return (long)(buffer.getShort(offset + TIMESTAMP_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) << 32 |
            (buffer.getInt(offset + TIMESTAMP_OFFSET + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL);
    }

    /**
     * @param timestamp a message's 6-byte timestamp, wrapped by its decoder.
     * @return nanoseconds since midnight.
     */
    public static long nanos(final Timestamp48Decoder timestamp)
    {
        return (long)timestamp.high() << 32 | timestamp.low();
    }

    /**
     * @param type the message type byte.
     * @return the shortest message of the type: its fixed length (type byte included) for a type ITCH 5.0 defines,
     * else {@link #COMMON_LENGTH}, the fields every message starts with.
     */
    public static int minimumLength(final byte type)
    {
        return type >= 0 && BLOCK_LENGTHS[type] != 0 ? BLOCK_LENGTHS[type] : COMMON_LENGTH;
    }

    /**
     * Pack an 8-character ITCH stock symbol into a long, first character in the top byte, so that instruments are
     * named without allocating.
     *
     * @param bytes   of the symbol, space padded.
     * @return the packed symbol.
     */
    public static long packSymbol(final byte[] bytes)
    {
        long packed = 0;
        for (int i = 0; i < 8; i++)
        {
            packed = packed << 8 | (bytes[i] & 0xFF);
        }
        return packed;
    }

    /**
     * @param packed a symbol packed by {@link #packSymbol}.
     * @return the symbol without its padding, for tools and tests (allocates).
     */
    public static String symbol(final long packed)
    {
        final StringBuilder text = new StringBuilder(8);
        for (int shift = 56; shift >= 0; shift -= 8)
        {
            text.append((char)(packed >>> shift & 0xFF));
        }
        return text.toString().trim();
    }
}
