package io.xdpfeed.codecs.itch;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes MoldUDP64 downstream packets of ITCH 5.0 messages with this package's generated encoders: {@link #begin} the
 * header, one method per message type (each appends a length-prefixed message block and counts it in the header),
 * {@link #length()} the datagram's bytes so far. Prices are ITCH Price4 (4 implied decimals). The one writer of the
 * project: the simulator's sessions and GLIMPSE snapshots, the handler's synthetic ITCH warm-up and the tests'
 * hand-built packets all come from here.
 * <p>
 * A packet is written from offset 0 of the writer's buffer: its own {@link #MAX_PACKET} bytes, or the caller's given
 * to {@link #wrap} (the warm-up writes into the buffer it is handed). The text fields take either a {@code byte[]} of
 * the field's length, already space-padded (nothing converted), or a {@code String} the writer pads with spaces or
 * cuts to the field's length into a scratch array of its own. Nothing is allocated per packet or message. One thread.
 */
public final class ItchPacketWriter
{
    /** Largest datagram written (a MoldUDP64 packet fits one Ethernet frame). */
    public static final int MAX_PACKET = 1400;
    /** Bytes of the MoldUDP64 session field. */
    public static final int SESSION_LENGTH = 10;
    /** Bytes of an ITCH stock symbol. */
    public static final int STOCK_LENGTH = 8;
    /** Bytes of an ITCH MPID attribution. */
    public static final int MPID_LENGTH = 4;

    private final MoldUdp64HeaderEncoder header = new MoldUdp64HeaderEncoder();
    private final MessageBlockEncoder block = new MessageBlockEncoder();
    private final SystemEventEncoder systemEvent = new SystemEventEncoder();
    private final StockDirectoryEncoder directory = new StockDirectoryEncoder();
    private final StockTradingActionEncoder tradingAction = new StockTradingActionEncoder();
    private final OperationalHaltEncoder operationalHalt = new OperationalHaltEncoder();
    private final AddOrderEncoder addOrder = new AddOrderEncoder();
    private final AddOrderMpidEncoder addOrderMpid = new AddOrderMpidEncoder();
    private final OrderExecutedEncoder executed = new OrderExecutedEncoder();
    private final OrderExecutedWithPriceEncoder executedWithPrice = new OrderExecutedWithPriceEncoder();
    private final OrderCancelEncoder cancel = new OrderCancelEncoder();
    private final OrderDeleteEncoder delete = new OrderDeleteEncoder();
    private final OrderReplaceEncoder replace = new OrderReplaceEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final CrossTradeEncoder crossTrade = new CrossTradeEncoder();
    private final BrokenTradeEncoder brokenTrade = new BrokenTradeEncoder();
    private final NetOrderImbalanceIndicatorEncoder imbalance = new NetOrderImbalanceIndicatorEncoder();
    private final byte[] sessionText = new byte[SESSION_LENGTH];
    private final byte[] stockText = new byte[STOCK_LENGTH];
    private final byte[] mpidText = new byte[MPID_LENGTH];
    private MutableDirectBuffer buffer;
    private int position;
    private int count;
    private long sequenceNumber;

    /**
     * A writer with a datagram buffer of its own, {@link #MAX_PACKET} bytes.
     */
    public ItchPacketWriter()
    {
        this.buffer = new UnsafeBuffer(new byte[MAX_PACKET]);
    }

    /**
     * Write the next packets into the caller's buffer, from offset 0.
     *
     * @param buffer at least {@link #MAX_PACKET} bytes.
     * @return this.
     */
    public ItchPacketWriter wrap(final MutableDirectBuffer buffer)
    {
        this.buffer = buffer;
        return this;
    }

    /**
     * Start a packet.
     *
     * @param session        padded with spaces or cut to {@link #SESSION_LENGTH} characters.
     * @param sequenceNumber of its first message (of the next message for a heartbeat or end of session).
     * @return this.
     */
    public ItchPacketWriter begin(final String session, final long sequenceNumber)
    {
        return begin(ascii(session, sessionText), sequenceNumber);
    }

    /**
     * Start a packet.
     *
     * @param session        {@link #SESSION_LENGTH} bytes.
     * @param sequenceNumber of its first message (of the next message for a heartbeat or end of session).
     * @return this.
     */
    public ItchPacketWriter begin(final byte[] session, final long sequenceNumber)
    {
        header.wrap(buffer, 0).putSession(session, 0).sequenceNumber(sequenceNumber).messageCount(0);
        position = MoldUdp64HeaderEncoder.BLOCK_LENGTH;
        count = 0;
        this.sequenceNumber = sequenceNumber;
        return this;
    }

    /**
     * Mark the packet as the end of the session (message count 0xFFFF, no messages).
     *
     * @return this.
     */
    public ItchPacketWriter endOfSession()
    {
        header.messageCount(0xFFFF);
        return this;
    }

    /**
     * @return the datagram buffer (its bytes valid until the next {@link #begin}).
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the datagram's length so far.
     */
    public int length()
    {
        return position;
    }

    /**
     * @return the sequence number of the packet's first message, as given to {@link #begin}.
     */
    public long sequenceNumber()
    {
        return sequenceNumber;
    }

    /**
     * @return messages in the packet so far.
     */
    public int messageCount()
    {
        return count;
    }

    /**
     * @param length of the next message.
     * @return true when it still fits a packet of {@link #MAX_PACKET} bytes.
     */
    public boolean fits(final int length)
    {
        return position + MessageBlockEncoder.BLOCK_LENGTH + length <= MAX_PACKET;
    }

    /**
     * S: system event.
     *
     * @param timestampNs ns since midnight.
     * @param eventCode   O, S, Q, M, E or C.
     * @return this.
     */
    public ItchPacketWriter systemEvent(final long timestampNs, final char eventCode)
    {
        final int offset = next(SystemEventEncoder.BLOCK_LENGTH);
        systemEvent.wrap(buffer, offset).messageType((byte)'S').stockLocate(0).trackingNumber(0);
        timestamp(systemEvent.timestamp(), timestampNs);
        systemEvent.eventCode((byte)eventCode);
        return this;
    }

    /**
     * R: stock directory (a common stock, round lot 100, the other flags neutral).
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param stock       symbol, padded with spaces or cut to {@link #STOCK_LENGTH} characters.
     * @return this.
     */
    public ItchPacketWriter stockDirectory(final int locate, final long timestampNs, final String stock)
    {
        return stockDirectory(locate, timestampNs, ascii(stock, stockText));
    }

    /**
     * R: stock directory (a common stock, round lot 100, the other flags neutral).
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param stock       symbol, {@link #STOCK_LENGTH} bytes.
     * @return this.
     */
    public ItchPacketWriter stockDirectory(final int locate, final long timestampNs, final byte[] stock)
    {
        final int offset = next(StockDirectoryEncoder.BLOCK_LENGTH);
        directory.wrap(buffer, offset).messageType((byte)'R').stockLocate(locate).trackingNumber(0);
        timestamp(directory.timestamp(), timestampNs);
        directory.putStock(stock, 0).marketCategory((byte)'Q').financialStatusIndicator((byte)'N')
            .roundLotSize(100).roundLotsOnly((byte)'N').issueClassification((byte)'C').issueSubType("Z ")
            .authenticity((byte)'P').shortSaleThresholdIndicator((byte)'N').ipoFlag((byte)'N')
            .luldReferencePriceTier((byte)'1').etpFlag((byte)'N').etpLeverageFactor(0).inverseIndicator((byte)'N');
        return this;
    }

    /**
     * H: stock trading action.
     *
     * @param locate       stock locate code.
     * @param timestampNs  ns since midnight.
     * @param stock        symbol, padded with spaces or cut to {@link #STOCK_LENGTH} characters.
     * @param tradingState H, P, Q or T.
     * @return this.
     */
    public ItchPacketWriter tradingAction(
        final int locate, final long timestampNs, final String stock, final char tradingState)
    {
        return tradingAction(locate, timestampNs, ascii(stock, stockText), tradingState);
    }

    /**
     * H: stock trading action.
     *
     * @param locate       stock locate code.
     * @param timestampNs  ns since midnight.
     * @param stock        symbol, {@link #STOCK_LENGTH} bytes.
     * @param tradingState H, P, Q or T.
     * @return this.
     */
    public ItchPacketWriter tradingAction(
        final int locate, final long timestampNs, final byte[] stock, final char tradingState)
    {
        final int offset = next(StockTradingActionEncoder.BLOCK_LENGTH);
        tradingAction.wrap(buffer, offset).messageType((byte)'H').stockLocate(locate).trackingNumber(0);
        timestamp(tradingAction.timestamp(), timestampNs);
        tradingAction.putStock(stock, 0).tradingState((byte)tradingState).reserved((byte)' ').reason("    ");
        return this;
    }

    /**
     * h: operational halt of a stock on a market center.
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param stock       symbol, padded with spaces or cut to {@link #STOCK_LENGTH} characters.
     * @param marketCode  Q Nasdaq, B BX, X PSX.
     * @param action      H halted, T resumed.
     * @return this.
     */
    public ItchPacketWriter operationalHalt(
        final int locate, final long timestampNs, final String stock, final char marketCode, final char action)
    {
        final int offset = next(OperationalHaltEncoder.BLOCK_LENGTH);
        operationalHalt.wrap(buffer, offset).messageType((byte)'h').stockLocate(locate).trackingNumber(0);
        timestamp(operationalHalt.timestamp(), timestampNs);
        operationalHalt.putStock(ascii(stock, stockText), 0).marketCode((byte)marketCode)
            .operationalHaltAction((byte)action);
        return this;
    }

    /**
     * A (mpid null) or F: add order.
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param orderId     order reference number.
     * @param buy         true for a buy order.
     * @param shares      displayed.
     * @param stock       symbol, padded with spaces or cut to {@link #STOCK_LENGTH} characters.
     * @param price4      price, 4 implied decimals.
     * @param mpid        attribution (padded or cut to {@link #MPID_LENGTH} characters) for F, null for A.
     * @return this.
     */
    public ItchPacketWriter addOrder(
        final int locate, final long timestampNs, final long orderId, final boolean buy, final long shares,
        final String stock, final long price4, final String mpid)
    {
        return addOrder(locate, timestampNs, orderId, buy, shares, ascii(stock, stockText), price4,
            mpid == null ? null : ascii(mpid, mpidText));
    }

    /**
     * A (mpid null) or F: add order.
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param orderId     order reference number.
     * @param buy         true for a buy order.
     * @param shares      displayed.
     * @param stock       symbol, {@link #STOCK_LENGTH} bytes.
     * @param price4      price, 4 implied decimals.
     * @param mpid        attribution ({@link #MPID_LENGTH} bytes) for F, null for A.
     * @return this.
     */
    public ItchPacketWriter addOrder(
        final int locate, final long timestampNs, final long orderId, final boolean buy, final long shares,
        final byte[] stock, final long price4, final byte[] mpid)
    {
        final Side side = buy ? Side.BUY : Side.SELL;
        if (mpid == null)
        {
            final int offset = next(AddOrderEncoder.BLOCK_LENGTH);
            addOrder.wrap(buffer, offset).messageType((byte)'A').stockLocate(locate).trackingNumber(0);
            timestamp(addOrder.timestamp(), timestampNs);
            addOrder.orderReferenceNumber(orderId).buySellIndicator(side).shares(shares).putStock(stock, 0)
                .price(price4);
        }
        else
        {
            final int offset = next(AddOrderMpidEncoder.BLOCK_LENGTH);
            addOrderMpid.wrap(buffer, offset).messageType((byte)'F').stockLocate(locate).trackingNumber(0);
            timestamp(addOrderMpid.timestamp(), timestampNs);
            addOrderMpid.orderReferenceNumber(orderId).buySellIndicator(side).shares(shares).putStock(stock, 0)
                .price(price4).putAttribution(mpid, 0);
        }
        return this;
    }

    /**
     * E: order executed.
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param orderId     order reference number.
     * @param shares      executed.
     * @param matchNumber match number.
     * @return this.
     */
    public ItchPacketWriter executed(
        final int locate, final long timestampNs, final long orderId, final long shares, final long matchNumber)
    {
        final int offset = next(OrderExecutedEncoder.BLOCK_LENGTH);
        executed.wrap(buffer, offset).messageType((byte)'E').stockLocate(locate).trackingNumber(0);
        timestamp(executed.timestamp(), timestampNs);
        executed.orderReferenceNumber(orderId).executedShares(shares).matchNumber(matchNumber);
        return this;
    }

    /**
     * C: order executed with price.
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param orderId     order reference number.
     * @param shares      executed.
     * @param matchNumber match number.
     * @param printable   true when the execution is printed (a trade).
     * @param price4      execution price, 4 implied decimals.
     * @return this.
     */
    public ItchPacketWriter executedWithPrice(
        final int locate, final long timestampNs, final long orderId, final long shares, final long matchNumber,
        final boolean printable, final long price4)
    {
        final int offset = next(OrderExecutedWithPriceEncoder.BLOCK_LENGTH);
        executedWithPrice.wrap(buffer, offset).messageType((byte)'C').stockLocate(locate).trackingNumber(0);
        timestamp(executedWithPrice.timestamp(), timestampNs);
        executedWithPrice.orderReferenceNumber(orderId).executedShares(shares).matchNumber(matchNumber)
            .printable((byte)(printable ? 'Y' : 'N')).executionPrice(price4);
        return this;
    }

    /**
     * X: order cancel (part of the shares).
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param orderId     order reference number.
     * @param shares      cancelled.
     * @return this.
     */
    public ItchPacketWriter cancel(final int locate, final long timestampNs, final long orderId, final long shares)
    {
        final int offset = next(OrderCancelEncoder.BLOCK_LENGTH);
        cancel.wrap(buffer, offset).messageType((byte)'X').stockLocate(locate).trackingNumber(0);
        timestamp(cancel.timestamp(), timestampNs);
        cancel.orderReferenceNumber(orderId).cancelledShares(shares);
        return this;
    }

    /**
     * D: order delete.
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param orderId     order reference number.
     * @return this.
     */
    public ItchPacketWriter delete(final int locate, final long timestampNs, final long orderId)
    {
        final int offset = next(OrderDeleteEncoder.BLOCK_LENGTH);
        delete.wrap(buffer, offset).messageType((byte)'D').stockLocate(locate).trackingNumber(0);
        timestamp(delete.timestamp(), timestampNs);
        delete.orderReferenceNumber(orderId);
        return this;
    }

    /**
     * B: broken trade.
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param matchNumber of the execution or trade broken.
     * @return this.
     */
    public ItchPacketWriter brokenTrade(final int locate, final long timestampNs, final long matchNumber)
    {
        final int offset = next(BrokenTradeEncoder.BLOCK_LENGTH);
        brokenTrade.wrap(buffer, offset).messageType((byte)'B').stockLocate(locate).trackingNumber(0);
        timestamp(brokenTrade.timestamp(), timestampNs);
        brokenTrade.matchNumber(matchNumber);
        return this;
    }

    /**
     * I: net order imbalance indicator.
     *
     * @param locate          stock locate code.
     * @param timestampNs     ns since midnight.
     * @param stock           symbol, padded with spaces or cut to {@link #STOCK_LENGTH} characters.
     * @param pairedShares    shares paired at the reference price.
     * @param imbalanceShares shares of the imbalance.
     * @param direction       B buy, S sell, N no imbalance, O insufficient orders.
     * @param referencePrice4 current reference price, 4 implied decimals (0: none).
     * @param nearPrice4      near price (0: none).
     * @param farPrice4       far price (0: none).
     * @param crossType       O opening, C closing, H halt or IPO, A extended trading close.
     * @param priceVariation  L, 1-9, A, B, C or space.
     * @return this.
     */
    public ItchPacketWriter netOrderImbalance(
        final int locate, final long timestampNs, final String stock, final long pairedShares,
        final long imbalanceShares, final char direction, final long referencePrice4, final long nearPrice4,
        final long farPrice4, final char crossType, final char priceVariation)
    {
        final int offset = next(NetOrderImbalanceIndicatorEncoder.BLOCK_LENGTH);
        imbalance.wrap(buffer, offset).messageType((byte)'I').stockLocate(locate).trackingNumber(0);
        timestamp(imbalance.timestamp(), timestampNs);
        imbalance.pairedShares(pairedShares).imbalanceShares(imbalanceShares).imbalanceDirection((byte)direction)
            .putStock(ascii(stock, stockText), 0).farPrice(farPrice4).nearPrice(nearPrice4)
            .currentReferencePrice(referencePrice4).crossType((byte)crossType)
            .priceVariationIndicator((byte)priceVariation);
        return this;
    }

    /**
     * U: order replace.
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param originalId  order reference number replaced.
     * @param newId       new order reference number.
     * @param shares      of the new order.
     * @param price4      of the new order, 4 implied decimals.
     * @return this.
     */
    public ItchPacketWriter replace(
        final int locate, final long timestampNs, final long originalId, final long newId, final long shares,
        final long price4)
    {
        final int offset = next(OrderReplaceEncoder.BLOCK_LENGTH);
        replace.wrap(buffer, offset).messageType((byte)'U').stockLocate(locate).trackingNumber(0);
        timestamp(replace.timestamp(), timestampNs);
        replace.originalOrderReferenceNumber(originalId).newOrderReferenceNumber(newId).shares(shares).price(price4);
        return this;
    }

    /**
     * P: trade (non-cross), an execution of a non-displayed order.
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param orderId     order reference number (0 since 2014 in production; any here).
     * @param buy         true when the non-displayed order was a buy.
     * @param shares      executed.
     * @param stock       symbol, padded with spaces or cut to {@link #STOCK_LENGTH} characters.
     * @param price4      4 implied decimals.
     * @param matchNumber match number.
     * @return this.
     */
    public ItchPacketWriter trade(
        final int locate, final long timestampNs, final long orderId, final boolean buy, final long shares,
        final String stock, final long price4, final long matchNumber)
    {
        return trade(locate, timestampNs, orderId, buy, shares, ascii(stock, stockText), price4, matchNumber);
    }

    /**
     * P: trade (non-cross), an execution of a non-displayed order.
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param orderId     order reference number (0 since 2014 in production; any here).
     * @param buy         true when the non-displayed order was a buy.
     * @param shares      executed.
     * @param stock       symbol, {@link #STOCK_LENGTH} bytes.
     * @param price4      4 implied decimals.
     * @param matchNumber match number.
     * @return this.
     */
    public ItchPacketWriter trade(
        final int locate, final long timestampNs, final long orderId, final boolean buy, final long shares,
        final byte[] stock, final long price4, final long matchNumber)
    {
        final int offset = next(TradeEncoder.BLOCK_LENGTH);
        trade.wrap(buffer, offset).messageType((byte)'P').stockLocate(locate).trackingNumber(0);
        timestamp(trade.timestamp(), timestampNs);
        trade.orderReferenceNumber(orderId).buySellIndicator(buy ? Side.BUY : Side.SELL).shares(shares)
            .putStock(stock, 0).price(price4).matchNumber(matchNumber);
        return this;
    }

    /**
     * Q cross trade: the print of an opening, closing, halt/IPO or intraday cross (0 shares when none took place).
     *
     * @param locate      stock locate code.
     * @param timestampNs ns since midnight.
     * @param shares      matched in the cross.
     * @param stock       symbol, padded with spaces or cut to {@link #STOCK_LENGTH} characters.
     * @param price4      the cross price, 4 implied decimals.
     * @param matchNumber match number.
     * @param crossType   O opening, C closing, H halt or IPO, I intraday.
     * @return this.
     */
    public ItchPacketWriter crossTrade(
        final int locate, final long timestampNs, final long shares, final String stock, final long price4,
        final long matchNumber, final char crossType)
    {
        final int offset = next(CrossTradeEncoder.BLOCK_LENGTH);
        crossTrade.wrap(buffer, offset).messageType((byte)'Q').stockLocate(locate).trackingNumber(0);
        timestamp(crossTrade.timestamp(), timestampNs);
        crossTrade.shares(shares).putStock(ascii(stock, stockText), 0).crossPrice(price4).matchNumber(matchNumber)
            .crossType((byte)crossType);
        return this;
    }

    private int next(final int length)
    {
        block.wrap(buffer, position).messageLength(length);
        final int offset = position + MessageBlockEncoder.BLOCK_LENGTH;
        position = offset + length;
        header.messageCount(++count);
        return offset;
    }

    private static void timestamp(final Timestamp48Encoder timestamp, final long nanos)
    {
        timestamp.high((int)(nanos >>> 32) & 0xFFFF).low(nanos & 0xFFFF_FFFFL);
    }

    /**
     * The text as ITCH alphanumeric: ASCII ('?' for anything else, as the generated String setters write), padded
     * with spaces or cut to the field's length.
     */
    private static byte[] ascii(final String text, final byte[] field)
    {
        for (int i = 0; i < field.length; i++)
        {
            final char c = i < text.length() ? text.charAt(i) : ' ';
            field[i] = (byte)(c > 127 ? '?' : c);
        }
        return field;
    }
}
