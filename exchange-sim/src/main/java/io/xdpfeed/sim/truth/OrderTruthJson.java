package io.xdpfeed.sim.truth;


import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.common.config.OutputPaths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The order books JSON shared with {@code scripts/replay --orders} ({@code --truth-orders}): an object keyed by
 * SecurityID (as a string), each value {@code {"bids": [[orderId, priority, price, displayQty], ...], "asks": [...]}}
 * with PRICE9 mantissas, best price first, then priority ascending, then order id ascending; full depth.
 * <pre>
 * {
 *   "1001": {"bids": [[17, 17, 2499750000000, 12], [40, 52, 2499750000000, 3], ...], "asks": [...]},
 *   "1002": {"bids": [], "asks": []}
 * }
 * </pre>
 */
public final class OrderTruthJson
{
    private OrderTruthJson()
    {
    }

    /**
     * Render order books, SecurityIDs ascending, one instrument per line.
     *
     * @param books by SecurityID.
     * @return the JSON text, ending with a newline.
     */
    public static String toJson(final Map<Integer, TruthOrderBook> books)
    {
        final StringBuilder json = new StringBuilder(256 + books.size() * 4096);
        json.append("{\n");
        boolean first = true;
        for (final Map.Entry<Integer, TruthOrderBook> entry : new TreeMap<>(books).entrySet())
        {
            if (!first)
            {
                json.append(",\n");
            }
            first = false;
            json.append("  \"").append(entry.getKey()).append("\": {\"bids\": ");
            orders(json, entry.getValue().bids());
            json.append(", \"asks\": ");
            orders(json, entry.getValue().asks());
            json.append('}');
        }
        json.append("\n}\n");
        return json.toString();
    }

    /**
     * Write order books to a file.
     *
     * @param path  to write.
     * @param books by SecurityID.
     */
    public static void write(final Path path, final Map<Integer, TruthOrderBook> books)
    {
        try
        {
            Files.writeString(path, toJson(books), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("cannot write order truth " + path + ": " + OutputPaths.reason(ex), ex);
        }
    }

    /**
     * Read an order books file.
     *
     * @param path to read.
     * @return order books by SecurityID, ascending.
     */
    public static SortedMap<Integer, TruthOrderBook> read(final Path path)
    {
        try
        {
            return parse(Files.readString(path, StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("cannot read order books " + path + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Parse order books JSON.
     *
     * @param json the text.
     * @return order books by SecurityID, ascending.
     * @throws IllegalArgumentException when the text is not order books JSON.
     */
    public static SortedMap<Integer, TruthOrderBook> parse(final String json)
    {
        final TruthJson.Parser parser = new TruthJson.Parser(json);
        final SortedMap<Integer, TruthOrderBook> books = new TreeMap<>();
        parser.expect('{');
        if (!parser.tryConsume('}'))
        {
            do
            {
                final int securityId = Integer.parseInt(parser.string());
                parser.expect(':');
                parser.expect('{');
                List<TruthOrderBook.Order> bids = List.of();
                List<TruthOrderBook.Order> asks = List.of();
                do
                {
                    final String side = parser.string();
                    parser.expect(':');
                    final List<TruthOrderBook.Order> orders = new ArrayList<>();
                    for (final long[] tuple : parser.tuples(4))
                    {
                        orders.add(new TruthOrderBook.Order(tuple[0], tuple[1], tuple[2], tuple[3]));
                    }
                    switch (side)
                    {
                        case "bids" -> bids = orders;
                        case "asks" -> asks = orders;
                        default -> throw parser.error("unknown side \"" + side + "\"");
                    }
                }
                while (parser.tryConsume(','));
                parser.expect('}');
                books.put(securityId, new TruthOrderBook(bids, asks));
            }
            while (parser.tryConsume(','));
            parser.expect('}');
        }
        parser.end();
        return books;
    }

    private static void orders(final StringBuilder json, final List<TruthOrderBook.Order> orders)
    {
        json.append('[');
        for (int i = 0; i < orders.size(); i++)
        {
            final TruthOrderBook.Order order = orders.get(i);
            json.append(i == 0 ? "" : ", ").append('[').append(order.orderId()).append(", ").append(order.priority())
                .append(", ").append(order.price()).append(", ").append(order.displayQuantity()).append(']');
        }
        json.append(']');
    }
}
