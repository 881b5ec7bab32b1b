package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.common.book.MbpSide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The books by locate and side: each instrument's top is the channel's side of that instrument (or one of the books'
 * own when the channel gives none or one of another depth), the levels told are those of its top, a reset empties
 * every book and gives them back, and books are refused past the capacity.
 */
@Timeout(30)
class ItchBooksTest
{
    private final Map<Integer, MbpSide> channelSides = new HashMap<>();
    private final List<String> told = new ArrayList<>();
    private final ItchListener listener = new ItchListener()
    {
        public void onLevel(
            final int locate, final boolean bid, final BookAction action, final int level, final long price,
            final long size, final int orderCount)
        {
            told.add(locate + (bid ? " bid " : " ask ") + action + " " + level + " " + price + "x" + size + "(" +
                orderCount + ")");
        }

        public MbpSide levels(final int locate, final boolean bid)
        {
            return locate == 9 ? null : channelSides.computeIfAbsent(locate << 1 | (bid ? 0 : 1),
                (key) -> new MbpSide(locate == 8 ? 3 : 2));
        }
    };

    @Test
    void eachSideIsTheChannelsAndTellsItsTopOnly()
    {
        final ItchBooks books = new ItchBooks(3, 2, 4, listener, new ItchOrders(16, 64));
        assertTrue(books.assign(7));
        assertTrue(books.assign(5));
        assertSame(channelSides.get(7 << 1), books.top(7, true));
        assertSame(channelSides.get(7 << 1 | 1), books.top(7, false));
        assertSame(channelSides.get(5 << 1 | 1), books.top(5, false));

        books.add(7, true, 100, 10);
        books.add(7, true, 101, 5);
        books.add(7, true, 99, 7);
        books.add(7, true, 98, 1);
        books.add(5, false, 200, 3);
        assertEquals(List.of(
            "7 bid NEW 1 100x10(1)",
            "7 bid NEW 1 101x5(1)",
            "5 ask NEW 1 200x3(1)"), told, "99 and 98 go to the reserve: not told");
        assertEquals("[101x5(1), 100x10(1)]", books.top(7, true).toString());
        final MbpSide ladder = new MbpSide(4);
        books.ladder(7, true, ladder);
        assertEquals("[101x5(1), 100x10(1), 99x7(1), 98x1(1)]", ladder.toString());

        told.clear();
        books.remove(7, true, 101, 5, true, ItchOrders.NO_HINT);
        assertEquals(List.of("7 bid DELETE 1 101x0(0)", "7 bid NEW 2 99x7(1)"), told);
        assertEquals(List.of(7, 5), locates(books));
    }

    @Test
    void aResetEmptiesEveryBookAndGivesThemBack()
    {
        final ItchBooks books = new ItchBooks(2, 2, 4, listener, new ItchOrders(16, 64));
        books.assign(7);
        books.assign(5);
        assertFalse(books.assign(6), "past the capacity");
        books.add(7, true, 100, 10);
        books.add(7, true, 99, 1);
        books.add(7, true, 98, 1);
        books.add(7, true, 97, 1);
        books.add(7, true, 96, 1);
        assertEquals(1, books.hidden(7, true), "the ladder holds 4 levels: the fifth is hidden");

        books.reset();
        assertEquals(List.of(), locates(books));
        assertFalse(books.has(7));
        assertNull(books.top(7, true));
        assertEquals("[]", channelSides.get(7 << 1).toString(), "the channel's side is emptied too");

        assertTrue(books.assign(6));
        assertTrue(books.assign(7));
        assertEquals(0, books.hidden(7, true));
        assertEquals(0, books.reserve(7, true).count());
        assertSame(channelSides.get(6 << 1), books.top(6, true));
        assertSame(channelSides.get(7 << 1), books.top(7, true));
        assertEquals(List.of(6, 7), locates(books));
    }

    @Test
    void aSideOfAnotherDepthOrNoneIsReplacedByAnOwnOne()
    {
        final ItchBooks books = new ItchBooks(2, 2, 4, listener, new ItchOrders(16, 64));
        books.assign(8);
        books.assign(9);
        assertEquals(2, books.top(8, true).depth());
        assertFalse(channelSides.containsValue(books.top(8, true)), "the channel's side of depth 3 is not taken");
        assertEquals(2, books.top(9, false).depth());
        books.add(9, false, 50, 1);
        assertEquals("[50x1(1)]", books.top(9, false).toString());
    }

    private static List<Integer> locates(final ItchBooks books)
    {
        final List<Integer> locates = new ArrayList<>();
        for (int i = 0; i < books.count(); i++)
        {
            locates.add(books.locateAt(i));
        }
        return locates;
    }
}
