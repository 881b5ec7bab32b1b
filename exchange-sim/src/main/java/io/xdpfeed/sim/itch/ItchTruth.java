package io.xdpfeed.sim.itch;

import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthOrderBook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's ground truth of an ITCH session: every live order by reference number, applied from the events
 * the session generates (not from its packets), and the books derived from them on demand by plain aggregation and
 * sorting. Deliberately simple and independent of the handler's {@code OrderTable}/{@code MbpSide} code it checks.
 * Prices are kept as ITCH Price4 and given out as PRICE9 mantissas (x 100000).
 */
public final class ItchTruth
{
    private static final long PRICE4_TO_PRICE9 = 100_000L;

    /**
     * One live order.
     *
     * @param locate   stock locate code.
     * @param buy      true for a buy order.
     * @param price4   ITCH price, 4 implied decimals.
     * @param shares   remaining displayed shares.
     * @param priority MoldUDP64 sequence number of the message that added it (time priority).
     */
    public record Order(int locate, boolean buy, long price4, long shares, long priority)
    {
    }

    private final Map<Long, Order> orders = new HashMap<>();
    private final Map<Integer, String> symbols = new TreeMap<>();
    private final Map<Integer, Byte> operationalHalts = new TreeMap<>();
    private final List<Imbalance> imbalances = new ArrayList<>();

    /**
     * A net order imbalance indicator (I) the session sent.
     *
     * @param locate          stock locate code.
     * @param pairedShares    shares paired at the reference price.
     * @param imbalanceShares shares of the imbalance.
     * @param direction       B buy, S sell, N none, O insufficient orders.
     * @param referencePrice4 the current reference price, 4 implied decimals (0: none).
     */
    public record Imbalance(int locate, long pairedShares, long imbalanceShares, char direction, long referencePrice4)
    {
    }

    void define(final int locate, final String symbol)
    {
        symbols.put(locate, symbol);
    }

    /**
     * An operational halt (h) of a stock: halted (action H) on a market center, or resumed (T).
     *
     * @param locate     stock locate code.
     * @param marketCode the market center's code (Q Nasdaq, B BX, X PSX).
     * @param halted     true for H, false for T.
     */
    void operationalHalt(final int locate, final byte marketCode, final boolean halted)
    {
        if (halted)
        {
            operationalHalts.put(locate, marketCode);
        }
        else
        {
            operationalHalts.remove(locate);
        }
    }

    /**
     * @return the stocks under an operational halt, by locate, with the halt's market code (read only).
     */
    public Map<Integer, Byte> operationalHalts()
    {
        return Collections.unmodifiableMap(operationalHalts);
    }

    void imbalance(final Imbalance imbalance)
    {
        imbalances.add(imbalance);
    }

    /**
     * @return every imbalance indicator sent, in sequence order (read only).
     */
    public List<Imbalance> imbalances()
    {
        return Collections.unmodifiableList(imbalances);
    }

    void add(final long orderId, final Order order)
    {
        if (orders.putIfAbsent(orderId, order) != null)
        {
            throw new IllegalStateException("order id reused: " + orderId);
        }
    }

    /**
     * Shares leave an order (executed or cancelled); it goes when none remain.
     */
    void reduce(final long orderId, final long shares)
    {
        final Order order = orders.get(orderId);
        final long remaining = order.shares() - shares;
        if (remaining < 0)
        {
            throw new IllegalStateException("more shares than order " + orderId + " holds");
        }
        if (remaining == 0)
        {
            orders.remove(orderId);
        }
        else
        {
            orders.put(orderId, new Order(order.locate(), order.buy(), order.price4(), remaining, order.priority()));
        }
    }

    void delete(final long orderId)
    {
        if (orders.remove(orderId) == null)
        {
            throw new IllegalStateException("no order " + orderId);
        }
    }

    /**
     * @param orderId order reference number.
     * @return the live order, or null.
     */
    public Order order(final long orderId)
    {
        return orders.get(orderId);
    }

    /**
     * @return every live order by reference number (a read-only view).
     */
    public Map<Long, Order> liveOrders()
    {
        return Collections.unmodifiableMap(orders);
    }

    /**
     * @return live orders.
     */
    public int orderCount()
    {
        return orders.size();
    }

    /**
     * @return symbols by stock locate code.
     */
    public Map<Integer, String> symbols()
    {
        return symbols;
    }

    /**
     * The MBP books: per instrument and side, the best {@code depth} price levels (shares summed, orders counted).
     *
     * @param depth levels per side.
     * @return books by stock locate code (every defined instrument, empty sides included).
     */
    public Map<Integer, TruthBook> books(final int depth)
    {
        final Map<Integer, TreeMap<Long, long[]>> bids = new TreeMap<>();
        final Map<Integer, TreeMap<Long, long[]>> asks = new TreeMap<>();
        for (final Order order : orders.values())
        {
            final Map<Integer, TreeMap<Long, long[]>> sides = order.buy() ? bids : asks;
            final long[] level = sides.computeIfAbsent(order.locate(), k -> new TreeMap<>())
                .computeIfAbsent(order.price4(), k -> new long[2]);
            level[0] += order.shares();
            level[1]++;
        }
        final Map<Integer, TruthBook> books = new TreeMap<>();
        for (final int locate : symbols.keySet())
        {
            books.put(locate, new TruthBook(
                levels(bids.getOrDefault(locate, new TreeMap<>()).descendingMap(), depth),
                levels(asks.getOrDefault(locate, new TreeMap<>()), depth)));
        }
        return books;
    }

    private static List<TruthBook.Level> levels(final Map<Long, long[]> byPrice, final int depth)
    {
        final List<TruthBook.Level> levels = new ArrayList<>();
        for (final Map.Entry<Long, long[]> entry : byPrice.entrySet())
        {
            if (levels.size() == depth)
            {
                break;
            }
            levels.add(new TruthBook.Level(entry.getKey() * PRICE4_TO_PRICE9, (int)entry.getValue()[0],
                (int)entry.getValue()[1]));
        }
        return levels;
    }

    /**
     * The order books: every live order per instrument and side, best price first, then time priority.
     *
     * @return order books by stock locate code.
     */
    public Map<Integer, TruthOrderBook> orderBooks()
    {
        final Map<Integer, List<TruthOrderBook.Order>> bids = new TreeMap<>();
        final Map<Integer, List<TruthOrderBook.Order>> asks = new TreeMap<>();
        for (final Map.Entry<Long, Order> entry : orders.entrySet())
        {
            final Order order = entry.getValue();
            (order.buy() ? bids : asks).computeIfAbsent(order.locate(), k -> new ArrayList<>())
                .add(new TruthOrderBook.Order(entry.getKey(), order.priority(), order.price4() * PRICE4_TO_PRICE9,
                order.shares()));
        }
        final Map<Integer, TruthOrderBook> books = new TreeMap<>();
        for (final int locate : symbols.keySet())
        {
            final List<TruthOrderBook.Order> b = bids.getOrDefault(locate, new ArrayList<>());
            final List<TruthOrderBook.Order> a = asks.getOrDefault(locate, new ArrayList<>());
            b.sort(TruthOrderBook.BID_ORDER);
            a.sort(TruthOrderBook.ASK_ORDER);
            books.put(locate, new TruthOrderBook(b, a));
        }
        return books;
    }
}
