package io.xdpfeed.sim.truth;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares books by SecurityID and says where they first differ, for assertions that must be readable when a
 * handler's books do not match the truth.
 */
public final class BookComparison
{
    private BookComparison()
    {
    }

    /**
     * The first difference between two sets of books, SecurityIDs ascending, bids before asks, best level first.
     *
     * @param expected books, e.g. {@link io.xdpfeed.sim.SimulationResult#books()}.
     * @param actual   books, e.g. read with {@link TruthJson#read}.
     * @return null when equal, else one line such as
     *     {@code 1003 asks level 2: expected [2500250000000, 12, 3] but was [2500500000000, 7, 1]}.
     */
    public static String firstDifference(final Map<Integer, TruthBook> expected, final Map<Integer, TruthBook> actual)
    {
        final TreeSet<Integer> ids = new TreeSet<>(expected.keySet());
        ids.addAll(actual.keySet());
        for (final Integer id : ids)
        {
            final TruthBook want = expected.get(id);
            final TruthBook got = actual.get(id);
            if (want == null || got == null)
            {
                return id + ": " + (want == null ? "not expected" : "missing") + " (expected " + describe(want) +
                    " but was " + describe(got) + ")";
            }
            final String bids = sideDifference(want.bids(), got.bids());
            if (bids != null)
            {
                return id + " bids " + bids;
            }
            final String asks = sideDifference(want.asks(), got.asks());
            if (asks != null)
            {
                return id + " asks " + asks;
            }
        }
        return null;
    }

    private static String sideDifference(final List<TruthBook.Level> expected, final List<TruthBook.Level> actual)
    {
        final int levels = Math.max(expected.size(), actual.size());
        for (int i = 0; i < levels; i++)
        {
            final TruthBook.Level want = i < expected.size() ? expected.get(i) : null;
            final TruthBook.Level got = i < actual.size() ? actual.get(i) : null;
            if (want == null || !want.equals(got))
            {
                return "level " + (i + 1) + ": expected " + describe(want) + " but was " + describe(got);
            }
        }
        return null;
    }

    private static String describe(final TruthBook.Level level)
    {
        return level == null ? "no level" : "[" + level.price() + ", " + level.size() + ", " + level.orders() + "]";
    }

    private static String describe(final TruthBook book)
    {
        return book == null ? "no book" : book.bids().size() + " bids, " + book.asks().size() + " asks";
    }
}
