package io.xdpfeed.bench.live;

import io.xdpfeed.client.Book;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.BookSide;
import io.xdpfeed.sim.truth.TruthBook;

import java.util.List;
import java.util.Map;

/**
 * The subscriber's books against the simulator's truth or the replay's books, instrument by instrument: outright
 * levels that hold a price (price, size, orders), best first, as {@code --truth} and {@code scripts/replay --books}
 * write them.
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

    /**
     * The levels that hold a price, best first, against the JSON's: {@code --truth} and {@code scripts/replay --books}
     * leave empty levels out. A trusted book has none between prices; a stale one can (a capture that starts
     * mid-session changes level 3 of a book whose level 2 it never set), identically in the engine and the mirror,
     * which apply the same MBP actions, so {@link BookSide#levelCount()} (which stops at the first empty level) would
     * count fewer levels than the JSON lists.
     */
    private static String difference(final String name, final BookSide side, final List<TruthBook.Level> truth)
    {
        int present = 0;
        for (int level = 1; level <= side.depth(); level++)
        {
            if (!side.hasLevel(level))
            {
                continue;
            }
            if (present < truth.size())
            {
                final TruthBook.Level want = truth.get(present);
                if (side.price(level) != want.price() || side.size(level) != want.size() ||
                    side.orderCount(level) != want.orders())
                {
                    return name + " level " + (present + 1) + " " + side.price(level) + " x " + side.size(level) +
                        " (" + side.orderCount(level) + "), truth " + want.price() + " x " + want.size() + " (" +
                        want.orders() + ")";
                }
            }
            present++;
        }
        return present == truth.size() ? null : name + " levels " + present + ", truth " + truth.size();
    }
}
