package io.xdpfeed.handler.testing;

import io.xdpfeed.client.Book;
import io.xdpfeed.client.BookSide;
import io.xdpfeed.client.OrderBook;
import io.xdpfeed.common.book.OrderView;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthOrderBook;

import java.util.ArrayList;
import java.util.List;

/**
 * A feed-client mirror's books in the simulator's truth shapes, to compare them whole with the truth.
 */
public final class MirroredTruth
{
    private MirroredTruth()
    {
    }

    /**
     * @param book a {@code BookMirror}'s book.
     * @return its outright levels as a truth book.
     */
    public static TruthBook book(final Book book)
    {
        return new TruthBook(levels(book.bids()), levels(book.asks()));
    }

    /**
     * @param book an {@code OrderBookMirror}'s book.
     * @return its orders as a truth order book, each side in book order.
     */
    public static TruthOrderBook orders(final OrderBook book)
    {
        return orders(book.orders());
    }

    /**
     * @param orders a mirror's or the handler's orders.
     * @return them as a truth order book, each side in book order.
     */
    public static TruthOrderBook orders(final OrderView orders)
    {
        final List<TruthOrderBook.Order> bids = new ArrayList<>();
        final List<TruthOrderBook.Order> asks = new ArrayList<>();
        for (int i = 0; i < orders.orderCount(); i++)
        {
            (orders.isBidAt(i) ? bids : asks).add(new TruthOrderBook.Order(orders.orderIdAt(i),
                orders.priorityAt(i), orders.priceAt(i), orders.sizeAt(i)));
        }
        bids.sort(TruthOrderBook.BID_ORDER);
        asks.sort(TruthOrderBook.ASK_ORDER);
        return new TruthOrderBook(bids, asks);
    }

    private static List<TruthBook.Level> levels(final BookSide side)
    {
        final List<TruthBook.Level> levels = new ArrayList<>();
        for (int level = 1; level <= side.levelCount(); level++)
        {
            levels.add(new TruthBook.Level(side.price(level), (int)side.size(level), side.orderCount(level)));
        }
        return levels;
    }
}
