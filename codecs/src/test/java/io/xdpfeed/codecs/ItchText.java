package io.xdpfeed.codecs;

import io.xdpfeed.codecs.itch.AddOrderDecoder;
import io.xdpfeed.codecs.itch.AddOrderMpidDecoder;
import io.xdpfeed.codecs.itch.CrossTradeDecoder;
import io.xdpfeed.codecs.itch.LuldAuctionCollarDecoder;
import io.xdpfeed.codecs.itch.MarketParticipantPositionDecoder;
import io.xdpfeed.codecs.itch.MessageBlockDecoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import io.xdpfeed.codecs.itch.NetOrderImbalanceIndicatorDecoder;
import io.xdpfeed.codecs.itch.OrderCancelDecoder;
import io.xdpfeed.codecs.itch.OrderDeleteDecoder;
import io.xdpfeed.codecs.itch.OrderExecutedDecoder;
import io.xdpfeed.codecs.itch.OrderExecutedWithPriceDecoder;
import io.xdpfeed.codecs.itch.OrderReplaceDecoder;
import io.xdpfeed.codecs.itch.RegShoRestrictionDecoder;
import io.xdpfeed.codecs.itch.StockTradingActionDecoder;
import io.xdpfeed.codecs.itch.SystemEventDecoder;
import io.xdpfeed.codecs.itch.Timestamp48Decoder;
import io.xdpfeed.codecs.itch.TradeDecoder;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: a MoldUDP64 datagram as text lines, one for the packet header and one per ITCH message, every field
 * read through the generated {@code io.xdpfeed.codecs.itch} flyweights (each wrapped at its type byte with its own
 * BLOCK_LENGTH, version 0). The line format ({@code A|stockLocate=..|...}, field names as the Open Markets Initiative
 * dissector's) is that of {@code itch/expected-fields.txt}, which was read from the capture bytes independently.
 */
final class ItchText
{
    private final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder();
    private final MessageBlockDecoder block = new MessageBlockDecoder();
    private final SystemEventDecoder systemEvent = new SystemEventDecoder();
    private final StockTradingActionDecoder tradingAction = new StockTradingActionDecoder();
    private final RegShoRestrictionDecoder regSho = new RegShoRestrictionDecoder();
    private final MarketParticipantPositionDecoder participant = new MarketParticipantPositionDecoder();
    private final LuldAuctionCollarDecoder collar = new LuldAuctionCollarDecoder();
    private final AddOrderDecoder addOrder = new AddOrderDecoder();
    private final AddOrderMpidDecoder addOrderMpid = new AddOrderMpidDecoder();
    private final OrderExecutedDecoder executed = new OrderExecutedDecoder();
    private final OrderExecutedWithPriceDecoder executedWithPrice = new OrderExecutedWithPriceDecoder();
    private final OrderCancelDecoder cancel = new OrderCancelDecoder();
    private final OrderDeleteDecoder delete = new OrderDeleteDecoder();
    private final OrderReplaceDecoder replace = new OrderReplaceDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final CrossTradeDecoder crossTrade = new CrossTradeDecoder();
    private final NetOrderImbalanceIndicatorDecoder imbalance = new NetOrderImbalanceIndicatorDecoder();

    /**
     * @param buffer holding the UDP payload at 0.
     * @param length of the UDP payload.
     * @return the packet line and the message lines.
     */
    List<String> lines(final DirectBuffer buffer, final int length)
    {
        final List<String> lines = new ArrayList<>();
        header.wrap(buffer, 0, MoldUdp64HeaderDecoder.BLOCK_LENGTH, MoldUdp64HeaderDecoder.SCHEMA_VERSION);
        final byte[] session = new byte[MoldUdp64HeaderDecoder.sessionLength()];
        header.getSession(session, 0);
        lines.add("packet|session=" + text(session) + "|sequenceNumber=" + header.sequenceNumber() +
            "|messageCount=" + header.messageCount());
        int position = MoldUdp64HeaderDecoder.BLOCK_LENGTH;
        for (int i = 0; i < header.messageCount(); i++)
        {
            block.wrap(buffer, position, MessageBlockDecoder.BLOCK_LENGTH, MessageBlockDecoder.SCHEMA_VERSION);
            final int messageLength = block.messageLength();
            final int message = position + MessageBlockDecoder.BLOCK_LENGTH;
            lines.add(message(buffer, message, messageLength));
            position = message + messageLength;
        }
        if (position != length)
        {
            lines.add("trailing bytes: " + (length - position));
        }
        return lines;
    }

    private String message(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte type = buffer.getByte(offset);
        final StringBuilder out = new StringBuilder().append((char)type);
        switch (type)
        {
            case 'S' ->
            {
                systemEvent.wrap(buffer, offset, checked(out, length, SystemEventDecoder.BLOCK_LENGTH), 0);
                common(out, systemEvent.stockLocate(), systemEvent.trackingNumber(), systemEvent.timestamp());
                field(out, "eventCode", systemEvent.eventCode());
            }
            case 'H' ->
            {
                tradingAction.wrap(buffer, offset, checked(out, length, StockTradingActionDecoder.BLOCK_LENGTH), 0);
                common(out, tradingAction.stockLocate(), tradingAction.trackingNumber(), tradingAction.timestamp());
                stock(out, "stock", tradingAction::getStock, 8);
                field(out, "tradingState", tradingAction.tradingState());
                field(out, "reserved", tradingAction.reserved());
                stock(out, "reason", tradingAction::getReason, 4);
            }
            case 'Y' ->
            {
                regSho.wrap(buffer, offset, checked(out, length, RegShoRestrictionDecoder.BLOCK_LENGTH), 0);
                common(out, regSho.stockLocate(), regSho.trackingNumber(), regSho.timestamp());
                stock(out, "stock", regSho::getStock, 8);
                field(out, "regShoAction", regSho.regShoAction());
            }
            case 'L' ->
            {
                participant.wrap(
                    buffer, offset, checked(out, length, MarketParticipantPositionDecoder.BLOCK_LENGTH), 0);
                common(out, participant.stockLocate(), participant.trackingNumber(), participant.timestamp());
                stock(out, "mpid", participant::getMpid, 4);
                stock(out, "stock", participant::getStock, 8);
                field(out, "primaryMarketMaker", participant.primaryMarketMaker());
                field(out, "marketMakerMode", participant.marketMakerMode());
                field(out, "marketParticipantState", participant.marketParticipantState());
            }
            case 'J' ->
            {
                collar.wrap(buffer, offset, checked(out, length, LuldAuctionCollarDecoder.BLOCK_LENGTH), 0);
                common(out, collar.stockLocate(), collar.trackingNumber(), collar.timestamp());
                stock(out, "stock", collar::getStock, 8);
                out.append("|auctionCollarReferencePrice=").append(collar.auctionCollarReferencePrice());
                out.append("|upperAuctionCollarPrice=").append(collar.upperAuctionCollarPrice());
                out.append("|lowerAuctionCollarPrice=").append(collar.lowerAuctionCollarPrice());
                out.append("|auctionCollarExtension=").append(collar.auctionCollarExtension());
            }
            case 'A' ->
            {
                addOrder.wrap(buffer, offset, checked(out, length, AddOrderDecoder.BLOCK_LENGTH), 0);
                common(out, addOrder.stockLocate(), addOrder.trackingNumber(), addOrder.timestamp());
                out.append("|orderReferenceNumber=").append(addOrder.orderReferenceNumber());
                field(out, "buySellIndicator", addOrder.buySellIndicatorRaw());
                out.append("|shares=").append(addOrder.shares());
                stock(out, "stock", addOrder::getStock, 8);
                out.append("|price=").append(addOrder.price());
            }
            case 'F' ->
            {
                addOrderMpid.wrap(buffer, offset, checked(out, length, AddOrderMpidDecoder.BLOCK_LENGTH), 0);
                common(out, addOrderMpid.stockLocate(), addOrderMpid.trackingNumber(), addOrderMpid.timestamp());
                out.append("|orderReferenceNumber=").append(addOrderMpid.orderReferenceNumber());
                field(out, "buySellIndicator", addOrderMpid.buySellIndicatorRaw());
                out.append("|shares=").append(addOrderMpid.shares());
                stock(out, "stock", addOrderMpid::getStock, 8);
                out.append("|price=").append(addOrderMpid.price());
                stock(out, "attribution", addOrderMpid::getAttribution, 4);
            }
            case 'E' ->
            {
                executed.wrap(buffer, offset, checked(out, length, OrderExecutedDecoder.BLOCK_LENGTH), 0);
                common(out, executed.stockLocate(), executed.trackingNumber(), executed.timestamp());
                out.append("|orderReferenceNumber=").append(executed.orderReferenceNumber());
                out.append("|executedShares=").append(executed.executedShares());
                out.append("|matchNumber=").append(executed.matchNumber());
            }
            case 'C' ->
            {
                executedWithPrice.wrap(
                    buffer, offset, checked(out, length, OrderExecutedWithPriceDecoder.BLOCK_LENGTH), 0);
                common(out, executedWithPrice.stockLocate(), executedWithPrice.trackingNumber(),
                    executedWithPrice.timestamp());
                out.append("|orderReferenceNumber=").append(executedWithPrice.orderReferenceNumber());
                out.append("|executedShares=").append(executedWithPrice.executedShares());
                out.append("|matchNumber=").append(executedWithPrice.matchNumber());
                field(out, "printable", executedWithPrice.printable());
                out.append("|executionPrice=").append(executedWithPrice.executionPrice());
            }
            case 'X' ->
            {
                cancel.wrap(buffer, offset, checked(out, length, OrderCancelDecoder.BLOCK_LENGTH), 0);
                common(out, cancel.stockLocate(), cancel.trackingNumber(), cancel.timestamp());
                out.append("|orderReferenceNumber=").append(cancel.orderReferenceNumber());
                out.append("|canceledShares=").append(cancel.cancelledShares());
            }
            case 'D' ->
            {
                delete.wrap(buffer, offset, checked(out, length, OrderDeleteDecoder.BLOCK_LENGTH), 0);
                common(out, delete.stockLocate(), delete.trackingNumber(), delete.timestamp());
                out.append("|orderReferenceNumber=").append(delete.orderReferenceNumber());
            }
            case 'U' ->
            {
                replace.wrap(buffer, offset, checked(out, length, OrderReplaceDecoder.BLOCK_LENGTH), 0);
                common(out, replace.stockLocate(), replace.trackingNumber(), replace.timestamp());
                out.append("|originalOrderReferenceNumber=").append(replace.originalOrderReferenceNumber());
                out.append("|newOrderReferenceNumber=").append(replace.newOrderReferenceNumber());
                out.append("|shares=").append(replace.shares());
                out.append("|price=").append(replace.price());
            }
            case 'P' ->
            {
                trade.wrap(buffer, offset, checked(out, length, TradeDecoder.BLOCK_LENGTH), 0);
                common(out, trade.stockLocate(), trade.trackingNumber(), trade.timestamp());
                out.append("|orderReferenceNumber=").append(trade.orderReferenceNumber());
                field(out, "buySellIndicator", trade.buySellIndicatorRaw());
                out.append("|shares=").append(trade.shares());
                stock(out, "stock", trade::getStock, 8);
                out.append("|price=").append(trade.price());
                out.append("|matchNumber=").append(trade.matchNumber());
            }
            case 'Q' ->
            {
                crossTrade.wrap(buffer, offset, checked(out, length, CrossTradeDecoder.BLOCK_LENGTH), 0);
                common(out, crossTrade.stockLocate(), crossTrade.trackingNumber(), crossTrade.timestamp());
                out.append("|crossShares=").append(crossTrade.shares());
                stock(out, "stock", crossTrade::getStock, 8);
                out.append("|crossPrice=").append(crossTrade.crossPrice());
                out.append("|matchNumber=").append(crossTrade.matchNumber());
                field(out, "crossType", crossTrade.crossType());
            }
            case 'I' ->
            {
                imbalance.wrap(buffer, offset, checked(out, length, NetOrderImbalanceIndicatorDecoder.BLOCK_LENGTH), 0);
                common(out, imbalance.stockLocate(), imbalance.trackingNumber(), imbalance.timestamp());
                out.append("|pairedShares=").append(imbalance.pairedShares());
                out.append("|imbalanceShares=").append(imbalance.imbalanceShares());
                field(out, "imbalanceDirection", imbalance.imbalanceDirection());
                stock(out, "stock", imbalance::getStock, 8);
                out.append("|farPrice=").append(imbalance.farPrice());
                out.append("|nearPrice=").append(imbalance.nearPrice());
                out.append("|currentReferencePrice=").append(imbalance.currentReferencePrice());
                field(out, "crossType", imbalance.crossType());
                field(out, "priceVariationIndicator", imbalance.priceVariationIndicator());
            }
            default -> out.append("|not formatted by this test, length ").append(length);
        }
        return out.toString();
    }

    /**
     * The message length the MoldUDP64 block gives must be the type's fixed block: a mismatch shows as a
     * marker in the line (and a failed comparison).
     */
    private static int checked(final StringBuilder out, final int length, final int blockLength)
    {
        if (length != blockLength)
        {
            out.append("|length ").append(length).append(" != BLOCK_LENGTH ").append(blockLength);
        }
        return blockLength;
    }

    private static void common(
        final StringBuilder out, final int stockLocate, final int trackingNumber, final Timestamp48Decoder timestamp)
    {
        out.append("|stockLocate=").append(stockLocate);
        out.append("|trackingNumber=").append(trackingNumber);
        out.append("|timestamp=").append(nanos(timestamp));
    }

    /**
     * @param timestamp the 6-byte timestamp composite.
     * @return ns since midnight.
     */
    static long nanos(final Timestamp48Decoder timestamp)
    {
        return (long)timestamp.high() << 32 | timestamp.low();
    }

    private static void field(final StringBuilder out, final String name, final byte value)
    {
        out.append('|').append(name).append('=').append(text(new byte[]{value}));
    }

    private static void stock(final StringBuilder out, final String name, final Getter getter, final int length)
    {
        final byte[] bytes = new byte[length];
        getter.get(bytes, 0);
        out.append('|').append(name).append('=').append(text(bytes));
    }

    private static String text(final byte[] bytes)
    {
        final StringBuilder text = new StringBuilder();
        for (final byte b : bytes)
        {
            if (b >= 0x20 && b < 0x7f)
            {
                text.append((char)b);
            }
            else
            {
                text.append(String.format("\\x%02x", b & 0xFF));
            }
        }
        return text.toString();
    }

    @FunctionalInterface
    private interface Getter
    {
        int get(byte[] dst, int offset);
    }
}
