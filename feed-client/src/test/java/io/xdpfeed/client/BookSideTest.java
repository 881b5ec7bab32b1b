package io.xdpfeed.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every book action at every position of a 4-deep side, with the resulting side asserted whole.
 */
@Timeout(10)
class BookSideTest
{
    private final BookSide side = new BookSide(4);

    @Test
    void newInsertsAndShiftsDownDroppingPastTheDepth()
    {
        assertTrue(side.insert(1, 100, 1, 1));
        assertTrue(side.insert(2, 90, 2, 2));
        assertTrue(side.insert(1, 110, 3, 3));
        assertEquals(List.of(px(110, 3), px(100, 1), px(90, 2)), Px.of(side));

        assertTrue(side.insert(4, 80, 4, 4));
        assertTrue(side.insert(2, 105, 5, 5));
        assertEquals(List.of(px(110, 3), px(105, 5), px(100, 1), px(90, 2)), Px.of(side));
        assertTrue(side.insert(4, 95, 6, 6));
        assertEquals(List.of(px(110, 3), px(105, 5), px(100, 1), px(95, 6)), Px.of(side));
        assertEquals(4, side.levelCount());
    }

    @Test
    void levelsOutsideTheDepthAreRejectedAndChangeNothing()
    {
        fill();
        assertFalse(side.insert(5, 1, 1, 1));
        assertFalse(side.insert(0, 1, 1, 1));
        assertFalse(side.replace(5, 1, 1, 1));
        assertFalse(side.delete(5));
        assertFalse(side.delete(0));
        assertFalse(side.deleteFrom(0));
        assertEquals(full(), Px.of(side));
    }

    @Test
    void changeAndOverlayReplaceTheLevel()
    {
        fill();
        assertTrue(side.replace(1, 40, 9, 9));
        assertTrue(side.replace(4, 10, 8, 8));
        assertEquals(List.of(px(40, 9), px(30, 3), px(20, 2), px(10, 8)), Px.of(side));
    }

    @Test
    void deleteRemovesTheLevelAndShiftsUp()
    {
        for (int level = 1; level <= 4; level++)
        {
            side.clear();
            fill();
            assertTrue(side.delete(level));
            final List<Px> expected = new java.util.ArrayList<>(full());
            expected.remove(level - 1);
            assertEquals(expected, Px.of(side), "DELETE at " + level);
            assertFalse(side.hasLevel(4));
        }
    }

    @Test
    void deleteFromRemovesTheTopLevels()
    {
        for (int count = 1; count <= 6; count++)
        {
            side.clear();
            fill();
            assertTrue(side.deleteFrom(count));
            final List<Px> all = full();
            assertEquals(all.subList(Math.min(count, all.size()), all.size()), Px.of(side), "DELETE_FROM " + count);
        }
    }

    @Test
    void clearEmptiesTheSide()
    {
        fill();
        side.clear();
        assertTrue(side.isEmpty());
        assertEquals(0, side.levelCount());
        assertEquals(BookSide.NULL_PRICE, side.price(1));
        assertEquals(0, side.size(1));
    }

    @Test
    void depthGrowsAndShrinksKeepingTheTop()
    {
        fill();
        side.depth(6);
        assertTrue(side.insert(5, 5, 1, 1));
        assertTrue(side.insert(6, 4, 1, 1));
        assertEquals(6, side.depth());
        assertEquals(6, side.levelCount());
        side.depth(2);
        assertEquals(List.of(px(40, 4), px(30, 3)), Px.of(side));
        side.depth(4);
        assertEquals(2, side.levelCount());
    }

    private void fill()
    {
        side.insert(1, 40, 4, 4);
        side.insert(2, 30, 3, 3);
        side.insert(3, 20, 2, 2);
        side.insert(4, 10, 1, 1);
    }

    private static List<Px> full()
    {
        return List.of(px(40, 4), px(30, 3), px(20, 2), px(10, 1));
    }

    private static Px px(final long price, final long size)
    {
        return new Px(price, size, (int)size);
    }
}
