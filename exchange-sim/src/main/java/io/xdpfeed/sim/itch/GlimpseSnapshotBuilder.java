package io.xdpfeed.sim.itch;

import io.xdpfeed.codecs.itch.AddOrderDecoder;
import io.xdpfeed.codecs.itch.AddOrderMpidDecoder;
import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.codecs.itch.MessageBlockEncoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderEncoder;
import io.xdpfeed.codecs.itch.OperationalHaltDecoder;
import io.xdpfeed.codecs.itch.OrderCancelDecoder;
import io.xdpfeed.codecs.itch.OrderDeleteDecoder;
import io.xdpfeed.codecs.itch.OrderExecutedDecoder;
import io.xdpfeed.codecs.itch.OrderExecutedWithPriceDecoder;
import io.xdpfeed.codecs.itch.OrderReplaceDecoder;
import io.xdpfeed.codecs.itch.Side;
import io.xdpfeed.codecs.itch.StockDirectoryDecoder;
import io.xdpfeed.codecs.itch.StockTradingActionDecoder;
import io.xdpfeed.codecs.itch.SystemEventDecoder;
import io.xdpfeed.codecs.itch.Timestamp48Decoder;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The book state of an ITCH session at a sequence point, rebuilt from its {@link ItchMessageLog} (messages
 * {@code 1..point-1} decoded with the generated flyweights and applied to an {@link ItchTruth}), and written as the
 * ITCH messages a GLIMPSE 5.0 snapshot carries: the last system event, a stock directory, the last trading action
 * and the operational halt in effect (if any) per instrument, and one Add Order (no MPID) per live order, per instrument in time priority (the sequence number of
 * the order's add). The end-of-snapshot message is the server's ({@link GlimpseSnapshotServer}).
 */
public final class GlimpseSnapshotBuilder
{
    private static final int MESSAGE_OFFSET = MoldUdp64HeaderEncoder.BLOCK_LENGTH + MessageBlockEncoder.BLOCK_LENGTH;

    private final ItchTruth truth = new ItchTruth();
    private final Map<Integer, Byte> tradingStates = new TreeMap<>();
    private byte systemEvent;
    private long lastTimestampNs;

    private final SystemEventDecoder systemEventDecoder = new SystemEventDecoder();
    private final StockDirectoryDecoder directory = new StockDirectoryDecoder();
    private final StockTradingActionDecoder tradingAction = new StockTradingActionDecoder();
    private final OperationalHaltDecoder operationalHalt = new OperationalHaltDecoder();
    private final AddOrderDecoder addOrder = new AddOrderDecoder();
    private final AddOrderMpidDecoder addOrderMpid = new AddOrderMpidDecoder();
    private final OrderExecutedDecoder executed = new OrderExecutedDecoder();
    private final OrderExecutedWithPriceDecoder executedWithPrice = new OrderExecutedWithPriceDecoder();
    private final OrderCancelDecoder cancel = new OrderCancelDecoder();
    private final OrderDeleteDecoder delete = new OrderDeleteDecoder();
    private final OrderReplaceDecoder replace = new OrderReplaceDecoder();

    /**
     * Rebuild the state before a sequence point.
     *
     * @param log   the session's messages.
     * @param point the sequence number of the first message NOT in the snapshot (the next live one).
     * @return the state.
     */
    public static GlimpseSnapshotBuilder at(final ItchMessageLog log, final long point)
    {
        final GlimpseSnapshotBuilder builder = new GlimpseSnapshotBuilder();
        log.forEach(1, point, builder::apply);
        return builder;
    }

    /**
     * @return the orders, symbols and books at the point (the same shapes as the session's truth).
     */
    public ItchTruth truth()
    {
        return truth;
    }

    private void apply(final DirectBuffer buffer, final int offset, final int length, final long sequence)
    {
        switch (buffer.getByte(offset))
        {
            case 'S' ->
            {
                systemEventDecoder.wrap(buffer, offset, SystemEventDecoder.BLOCK_LENGTH, 0);
                systemEvent = systemEventDecoder.eventCode();
                timestamp(systemEventDecoder.timestamp());
            }
            case 'R' ->
            {
                directory.wrap(buffer, offset, StockDirectoryDecoder.BLOCK_LENGTH, 0);
                truth.define(directory.stockLocate(), directory.stock().trim());
                timestamp(directory.timestamp());
            }
            case 'H' ->
            {
                tradingAction.wrap(buffer, offset, StockTradingActionDecoder.BLOCK_LENGTH, 0);
                tradingStates.put(tradingAction.stockLocate(), tradingAction.tradingState());
                timestamp(tradingAction.timestamp());
            }
            case 'h' ->
            {
                operationalHalt.wrap(buffer, offset, OperationalHaltDecoder.BLOCK_LENGTH, 0);
                final byte action = operationalHalt.operationalHaltAction();
                if (action == 'H' || action == 'T')
                {
                    truth.operationalHalt(operationalHalt.stockLocate(), operationalHalt.marketCode(), action == 'H');
                }
                timestamp(operationalHalt.timestamp());
            }
            case 'A' ->
            {
                addOrder.wrap(buffer, offset, AddOrderDecoder.BLOCK_LENGTH, 0);
                truth.add(addOrder.orderReferenceNumber(), new ItchTruth.Order(addOrder.stockLocate(),
                    addOrder.buySellIndicator() == Side.BUY, addOrder.price(), addOrder.shares(), sequence));
                timestamp(addOrder.timestamp());
            }
            case 'F' ->
            {
                addOrderMpid.wrap(buffer, offset, AddOrderMpidDecoder.BLOCK_LENGTH, 0);
                truth.add(addOrderMpid.orderReferenceNumber(), new ItchTruth.Order(addOrderMpid.stockLocate(),
                    addOrderMpid.buySellIndicator() == Side.BUY, addOrderMpid.price(), addOrderMpid.shares(),
                    sequence));
                timestamp(addOrderMpid.timestamp());
            }
            case 'E' ->
            {
                executed.wrap(buffer, offset, OrderExecutedDecoder.BLOCK_LENGTH, 0);
                truth.reduce(executed.orderReferenceNumber(), executed.executedShares());
                timestamp(executed.timestamp());
            }
            case 'C' ->
            {
                executedWithPrice.wrap(buffer, offset, OrderExecutedWithPriceDecoder.BLOCK_LENGTH, 0);
                truth.reduce(executedWithPrice.orderReferenceNumber(), executedWithPrice.executedShares());
                timestamp(executedWithPrice.timestamp());
            }
            case 'X' ->
            {
                cancel.wrap(buffer, offset, OrderCancelDecoder.BLOCK_LENGTH, 0);
                truth.reduce(cancel.orderReferenceNumber(), cancel.cancelledShares());
                timestamp(cancel.timestamp());
            }
            case 'D' ->
            {
                delete.wrap(buffer, offset, OrderDeleteDecoder.BLOCK_LENGTH, 0);
                truth.delete(delete.orderReferenceNumber());
                timestamp(delete.timestamp());
            }
            case 'U' ->
            {
                replace.wrap(buffer, offset, OrderReplaceDecoder.BLOCK_LENGTH, 0);
                final ItchTruth.Order original = truth.order(replace.originalOrderReferenceNumber());
                truth.delete(replace.originalOrderReferenceNumber());
                truth.add(replace.newOrderReferenceNumber(), new ItchTruth.Order(original.locate(), original.buy(),
                    replace.price(), replace.shares(), sequence));
                timestamp(replace.timestamp());
            }
            default ->
            {
                // trades and the other messages do not change the book
            }
        }
    }

    private void timestamp(final Timestamp48Decoder timestamp)
    {
        lastTimestampNs = (long)timestamp.high() << 32 | timestamp.low();
    }

    /**
     * Write the snapshot's ITCH messages, in the order a GLIMPSE server sends them.
     *
     * @param session MoldUDP64 session (written into nothing here; the writer needs a header).
     * @param sink    told each message.
     * @return messages written.
     */
    public int write(final String session, final ItchMessageLog.MessageVisitor sink)
    {
        final ItchPacketWriter writer = new ItchPacketWriter();
        int written = 0;
        if (systemEvent != 0)
        {
            emit(sink, writer.begin(session, 0).systemEvent(lastTimestampNs, (char)systemEvent), ++written);
        }
        final Map<Integer, String> symbols = truth.symbols();
        for (final Map.Entry<Integer, String> entry : symbols.entrySet())
        {
            emit(sink, writer.begin(session, 0).stockDirectory(entry.getKey(), lastTimestampNs, entry.getValue()),
                ++written);
            final Byte state = tradingStates.get(entry.getKey());
            if (state != null)
            {
                emit(sink, writer.begin(session, 0).tradingAction(entry.getKey(), lastTimestampNs, entry.getValue(),
                    (char)(byte)state), ++written);
            }
            final Byte haltedOn = truth.operationalHalts().get(entry.getKey());
            if (haltedOn != null)
            {
                emit(sink, writer.begin(session, 0).operationalHalt(entry.getKey(), lastTimestampNs, entry.getValue(),
                    (char)(byte)haltedOn, 'H'), ++written);
            }
        }
        final List<Map.Entry<Long, ItchTruth.Order>> orders = new ArrayList<>(truth.liveOrders().entrySet());
        orders.sort(Comparator.comparingInt((Map.Entry<Long, ItchTruth.Order> e) -> e.getValue().locate())
            .thenComparingLong(e -> e.getValue().priority()));
        for (final Map.Entry<Long, ItchTruth.Order> entry : orders)
        {
            final ItchTruth.Order order = entry.getValue();
            emit(sink, writer.begin(session, 0).addOrder(order.locate(), lastTimestampNs, entry.getKey(), order.buy(),
                order.shares(), symbols.getOrDefault(order.locate(), ""), order.price4(), null), ++written);
        }
        return written;
    }

    private static void emit(final ItchMessageLog.MessageVisitor sink, final ItchPacketWriter writer, final int index)
    {
        sink.onMessage(writer.buffer(), MESSAGE_OFFSET, writer.length() - MESSAGE_OFFSET, index);
    }
}
