package io.xdpfeed.handler.testing;

import io.xdpfeed.codecs.md.AggressorSide;
import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.OrderBook;
import io.xdpfeed.handler.book.PriceLevels;
import io.xdpfeed.handler.channel.BookChanges;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Records every {@link ChannelListener} call as a value, for tests asserting whole event lists.
 */
public final class RecordingChannelListener implements ChannelListener
{
    /** Marker of every recorded event. */
    public sealed interface Event permits Definition, Update, Snapshot, Trade, TradeCancel, Volume, Status, GroupStatus, Channel,
        Order, OrderSnapshot
    {
    }

    /**
     * @param securityId   SecurityID.
     * @param depth        outright depth.
     * @param impliedDepth implied depth.
     */
    public record Definition(int securityId, int depth, int impliedDepth) implements Event
    {
    }

    /**
     * @param side      side.
     * @param levelType outright or implied.
     * @param action    action.
     * @param level     1-based level.
     * @param price     mantissa.
     * @param size      size.
     * @param orders    order count.
     */
    public record Level(Side side, LevelType levelType, BookAction action, int level, long price, long size,
        int orders)
    {
    }

    /**
     * @param securityId SecurityID.
     * @param msgSeqNum  packet.
     * @param rptSeq     RptSeq after the message.
     * @param endOfEvent end of event.
     * @param levels     changed levels.
     */
    public record Update(int securityId, long msgSeqNum, long rptSeq, boolean endOfEvent, List<Level> levels)
        implements Event
    {
    }

    /**
     * @param securityId             SecurityID.
     * @param requestId              request answered.
     * @param lastMsgSeqNumProcessed last packet included.
     * @param feedStatus             instrument status.
     * @param book                   the book as text.
     */
    public record Snapshot(int securityId, long requestId, long lastMsgSeqNumProcessed, FeedStatus feedStatus,
        String book) implements Event
    {
    }

    /**
     * @param securityId SecurityID.
     * @param price      mantissa.
     * @param size       size.
     * @param aggressor  side.
     * @param endOfEvent end of event.
     * @param rptSeq     RptSeq.
     */
    public record Trade(int securityId, long price, long size, AggressorSide aggressor, boolean endOfEvent,
        long rptSeq) implements Event
    {
    }

    /**
     * @param securityId SecurityID.
     * @param price      mantissa sent with the cancel.
     * @param size       size sent with the cancel.
     * @param tradeId    of the cancelled trade.
     * @param rptSeq     RptSeq.
     */
    public record TradeCancel(int securityId, long price, long size, long tradeId, long rptSeq) implements Event
    {
    }

    /**
     * @param securityId  SecurityID.
     * @param totalVolume volume.
     * @param endOfEvent  end of event.
     */
    public record Volume(int securityId, long totalVolume, boolean endOfEvent) implements Event
    {
    }

    /**
     * @param securityId    SecurityID.
     * @param feedStatus    handler status.
     * @param tradingStatus CME status.
     */
    public record Status(int securityId, FeedStatus feedStatus, short tradingStatus) implements Event
    {
    }

    /**
     * @param tradingStatus CME status.
     */
    public record GroupStatus(short tradingStatus) implements Event
    {
    }

    /**
     * @param feedStatus channel state.
     * @param gapFrom    first missing.
     * @param gapTo      last missing.
     * @param recoveries recoveries so far.
     */
    public record Channel(FeedStatus feedStatus, long gapFrom, long gapTo, long recoveries) implements Event
    {
    }

    /**
     * @param securityId SecurityID.
     * @param msgSeqNum  packet.
     * @param side       side.
     * @param action     action.
     * @param orderId    OrderID.
     * @param priority   MDOrderPriority.
     * @param price      mantissa.
     * @param displayQty visible quantity.
     * @param endOfEvent end of event.
     */
    public record Order(int securityId, long msgSeqNum, Side side, OrderAction action, long orderId, long priority,
        long price, long displayQty, boolean endOfEvent) implements Event
    {
    }

    /**
     * @param securityId             SecurityID.
     * @param lastMsgSeqNumProcessed last packet included.
     * @param feedStatus             instrument status.
     * @param orders                 the order book as text, see {@link #orders(OrderBook)}.
     */
    public record OrderSnapshot(int securityId, long lastMsgSeqNumProcessed, FeedStatus feedStatus, String orders)
        implements Event
    {
    }

    private final List<Event> events = new ArrayList<>();

    /**
     * @param book to describe.
     * @return orders sorted by side (bids first), best price, priority, id: {@code B 501@100x5#10, A ...}.
     */
    public static String orders(final OrderBook book)
    {
        final List<long[]> orders = new ArrayList<>();
        for (int i = 0; i < book.orderCount(); i++)
        {
            orders.add(new long[]{book.isBidAt(i) ? 0 : 1, book.orderIdAt(i), book.priceAt(i), book.sizeAt(i),
                book.priorityAt(i)});
        }
        orders.sort(Comparator.<long[]>comparingLong(o -> o[0])
            .thenComparingLong(o -> o[0] == 0 ? -o[2] : o[2]).thenComparingLong(o -> o[4])
            .thenComparingLong(o -> o[1]));
        final StringBuilder text = new StringBuilder();
        for (final long[] o : orders)
        {
            text.append(text.isEmpty() ? "" : ", ").append(o[0] == 0 ? "B " : "A ").append(o[1]).append('@')
                .append(o[2]).append('x').append(o[3]).append('#').append(o[4]);
        }
        return text.toString();
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderUpdate(
        final Instrument instrument,
        final Side side,
        final OrderAction action,
        final long orderId,
        final long priority,
        final long price,
        final long displayQty,
        final boolean endOfEvent,
        final short matchEventIndicator,
        final PacketInfo packet)
    {
        events.add(new Order(instrument.securityId(), packet.msgSeqNum(), side, action, orderId, priority, price,
            displayQty, endOfEvent));
    }

    /**
     * {@inheritDoc}
     */
    public void onOrderBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        events.add(new OrderSnapshot(instrument.securityId(), lastMsgSeqNumProcessed, instrument.feedStatus(),
            orders(instrument.orderBook())));
    }

    /**
     * @return the events so far.
     */
    public List<Event> events()
    {
        return events;
    }

    /**
     * @return the events so far, then forgets them.
     */
    public List<Event> take()
    {
        final List<Event> copy = List.copyOf(events);
        events.clear();
        return copy;
    }

    /**
     * @param type of event.
     * @param <T>  event type.
     * @return events of that type.
     */
    public <T extends Event> List<T> ofType(final Class<T> type)
    {
        final List<T> result = new ArrayList<>();
        for (final Event event : events)
        {
            if (type.isInstance(event))
            {
                result.add(type.cast(event));
            }
        }
        return result;
    }

    /**
     * @param book to describe.
     * @return outright bids and asks as text, e.g. {@code bids=[100x1(1)] asks=[]}.
     */
    public static String outright(final MbpBook book)
    {
        return "bids=" + book.bids() + " asks=" + book.asks();
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentDefinition(final Instrument instrument, final PacketInfo packet)
    {
        events.add(new Definition(instrument.securityId(), instrument.depth(), instrument.impliedDepth()));
    }

    /**
     * {@inheritDoc}
     */
    public void onBookUpdate(
        final Instrument instrument,
        final BookChanges changes,
        final boolean endOfEvent,
        final short matchEventIndicator,
        final PacketInfo packet)
    {
        final List<Level> levels = new ArrayList<>();
        for (int i = 0; i < changes.count(); i++)
        {
            levels.add(new Level(changes.side(i), changes.levelType(i), changes.action(i), changes.level(i),
                changes.price(i), changes.size(i), changes.orderCount(i)));
        }
        events.add(new Update(instrument.securityId(), packet.msgSeqNum(), changes.rptSeq(), endOfEvent, levels));
    }

    /**
     * {@inheritDoc}
     */
    public void onBookSnapshot(
        final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed, final PacketInfo packet)
    {
        events.add(new Snapshot(instrument.securityId(), requestId, lastMsgSeqNumProcessed, instrument.feedStatus(),
            outright(instrument.book())));
    }

    /**
     * {@inheritDoc}
     */
    public void onTrade(
        final Instrument instrument,
        final long price,
        final long size,
        final int orderCount,
        final AggressorSide aggressorSide,
        final long tradeId,
        final boolean endOfEvent,
        final long rptSeq,
        final PacketInfo packet)
    {
        events.add(new Trade(instrument.securityId(), price, size, aggressorSide, endOfEvent, rptSeq));
    }

    @Override
    public void onTradeCancel(
        final Instrument instrument,
        final long price,
        final long size,
        final long tradeId,
        final long rptSeq,
        final PacketInfo packet)
    {
        events.add(new TradeCancel(instrument.securityId(), price, size, tradeId, rptSeq));
    }

    /**
     * {@inheritDoc}
     */
    public void onVolume(
        final Instrument instrument,
        final long totalVolume,
        final long rptSeq,
        final boolean endOfEvent,
        final PacketInfo packet)
    {
        events.add(new Volume(instrument.securityId(), totalVolume, endOfEvent));
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentStatus(final Instrument instrument, final PacketInfo packet)
    {
        events.add(new Status(instrument.securityId(), instrument.feedStatus(), instrument.tradingStatus()));
    }

    /**
     * {@inheritDoc}
     */
    public void onGroupStatus(
        final int channelId,
        final short tradingStatus,
        final short haltReason,
        final short tradingEvent,
        final PacketInfo packet)
    {
        events.add(new GroupStatus(tradingStatus));
    }

    /**
     * {@inheritDoc}
     */
    public void onChannelStatus(
        final int channelId,
        final FeedStatus feedStatus,
        final long gapFrom,
        final long gapTo,
        final long recoveries,
        final PacketInfo packet)
    {
        events.add(new Channel(feedStatus, gapFrom, gapTo, recoveries));
    }

    /**
     * @param levels side.
     * @return levels as text.
     */
    public static String text(final PriceLevels levels)
    {
        return levels.toString();
    }
}
