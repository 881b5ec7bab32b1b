package io.xdpfeed.bench.live;

import io.xdpfeed.client.Book;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.BookSide;
import io.xdpfeed.sim.truth.TruthBook;

import java.util.List;
import java.util.Map;

/**
 * The subscriber's books against the simulator's truth, instrument by instrument: outright levels (price, size,
 * orders), best first, as {@code --truth} writes them.
 *
 * @param equal           instruments whose outright book equals the truth.
 * @param instruments     instruments in the truth.
 * @param trusted         of those, books the mirror trusts ({@link Book#isTrusted()}).
 * @param firstDifference the first instrument that differs and how, or null when all are equal.
 */
public record BookComparison(int equal, int instruments, int trusted, String firstDifference)
{
    /**
     * @return true when every instrument equals the truth.
     */
    public boolean allEqual()
    {
        return equal == instruments && firstDifference == null;
    }

    /**
     * Compare, on the thread that owns the mirror.
     *
     * @param mirror    the subscriber's books.
     * @param channelId CME channel id.
     * @param truth     by SecurityID.
     * @return the comparison.
     */
    public static BookComparison compare(
        final BookMirror mirror, final int channelId, final Map<Integer, TruthBook> truth)
    {
        int equal = 0;
        int trusted = 0;
        String firstDifference = null;
        for (final Map.Entry<Integer, TruthBook> entry : truth.entrySet())
        {
            final int securityId = entry.getKey();
            final Book book = mirror.book(channelId, securityId);
            String difference;
            if (book == null)
            {
                difference = entry.getValue().bids().isEmpty() && entry.getValue().asks().isEmpty() ? null :
                    "no book";
            }
            else
            {
                trusted += book.isTrusted() ? 1 : 0;
                difference = difference("bid", book.bids(), entry.getValue().bids());
                if (difference == null)
                {
                    difference = difference("ask", book.asks(), entry.getValue().asks());
                }
            }
            if (difference == null)
            {
                equal++;
            }
            else if (firstDifference == null)
            {
                firstDifference = "SecurityID " + securityId + ": " + difference;
            }
        }
        return new BookComparison(equal, truth.size(), trusted, firstDifference);
    }

    private static String difference(final String name, final BookSide side, final List<TruthBook.Level> truth)
    {
        if (side.levelCount() != truth.size())
        {
            return name + " levels " + side.levelCount() + ", truth " + truth.size();
        }
        for (int i = 0; i < truth.size(); i++)
        {
            final TruthBook.Level level = truth.get(i);
            final int at = i + 1;
            if (side.price(at) != level.price() || side.size(at) != level.size() ||
                side.orderCount(at) != level.orders())
            {
                return name + " level " + at + " " + side.price(at) + " x " + side.size(at) + " (" +
                    side.orderCount(at) + "), truth " + level.price() + " x " + level.size() + " (" + level.orders() +
                    ")";
            }
        }
        return null;
    }
}
