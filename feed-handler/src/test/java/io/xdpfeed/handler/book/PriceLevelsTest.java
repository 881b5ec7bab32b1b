package io.xdpfeed.handler.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class PriceLevelsTest
{
    private static PriceLevels full()
    {
        final PriceLevels levels = new PriceLevels(3);
        levels.add(1, 100, 1, 1);
        levels.add(2, 99, 2, 2);
        levels.add(3, 98, 3, 3);
        return levels;
    }

    @Test
    void newAtEveryLevelOfAFullSideShiftsDownAndDropsTheLast()
    {
        PriceLevels levels = full();
        assertTrue(levels.add(1, 101, 9, 9));
        assertEquals("[101x9(9), 100x1(1), 99x2(2)]", levels.toString());

        levels = full();
        assertTrue(levels.add(2, 1005, 9, 9));
        assertEquals("[100x1(1), 1005x9(9), 99x2(2)]", levels.toString());

        levels = full();
        assertTrue(levels.add(3, 985, 9, 9));
        assertEquals("[100x1(1), 99x2(2), 985x9(9)]", levels.toString());
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 4, 5, 255 })
    void newOutsideTheDepthIsRefused(final int level)
    {
        final PriceLevels levels = full();
        assertFalse(levels.add(level, 1, 1, 1));
        assertEquals("[100x1(1), 99x2(2), 98x3(3)]", levels.toString());
    }

    @Test
    void newOnAPartialSideGrowsIt()
    {
        final PriceLevels levels = new PriceLevels(3);
        assertTrue(levels.add(1, 100, 1, 1));
        assertTrue(levels.add(1, 101, 2, 2));
        assertEquals("[101x2(2), 100x1(1)]", levels.toString());
        assertTrue(levels.add(3, 98, 3, 3));
        assertEquals("[101x2(2), 100x1(1), 98x3(3)]", levels.toString());
        assertEquals(3, levels.count());
    }

    @Test
    void newBelowAHoleLeavesTheHoleEmpty()
    {
        final PriceLevels levels = new PriceLevels(3);
        assertTrue(levels.add(3, 98, 3, 3));
        assertEquals("[-, -, 98x3(3)]", levels.toString());
        assertEquals(1, levels.presentLevels());
        assertFalse(levels.isPresent(1));
        assertTrue(levels.isPresent(3));
    }

    @Test
    void changeAtEveryLevelSetsInPlace()
    {
        for (int level = 1; level <= 3; level++)
        {
            final PriceLevels levels = full();
            assertTrue(levels.change(level, 50 + level, 70, 7));
            assertEquals(50 + level, levels.price(level));
            assertEquals(70, levels.size(level));
            assertEquals(7, levels.orderCount(level));
            assertEquals(3, levels.count());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 4, 200 })
    void changeOutsideTheDepthIsRefused(final int level)
    {
        final PriceLevels levels = full();
        assertFalse(levels.change(level, 1, 1, 1));
        assertEquals("[100x1(1), 99x2(2), 98x3(3)]", levels.toString());
    }

    @Test
    void deleteAtEveryLevelShiftsUpAndEmptiesTheLast()
    {
        PriceLevels levels = full();
        assertTrue(levels.delete(1));
        assertEquals("[99x2(2), 98x3(3)]", levels.toString());

        levels = full();
        assertTrue(levels.delete(2));
        assertEquals("[100x1(1), 98x3(3)]", levels.toString());

        levels = full();
        assertTrue(levels.delete(3));
        assertEquals("[100x1(1), 99x2(2)]", levels.toString());
        assertEquals(PriceLevels.NULL_PRICE, levels.price(3));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 4, 11 })
    void deleteOutsideTheDepthIsRefused(final int level)
    {
        final PriceLevels levels = full();
        assertFalse(levels.delete(level));
        assertEquals("[100x1(1), 99x2(2), 98x3(3)]", levels.toString());
    }

    @Test
    void deleteOfAnEmptyLevelInsideTheDepthChangesNothing()
    {
        final PriceLevels levels = new PriceLevels(3);
        levels.add(1, 100, 1, 1);
        assertTrue(levels.delete(2));
        assertEquals("[100x1(1)]", levels.toString());
    }

    @Test
    void deleteThruEmptiesTheSide()
    {
        final PriceLevels levels = full();
        levels.clear();
        assertEquals("[]", levels.toString());
        assertEquals(0, levels.presentLevels());
    }

    @Test
    void deleteFromRemovesTheTopLevelsAtEveryLevelAndPastTheDepth()
    {
        PriceLevels levels = full();
        assertTrue(levels.deleteFrom(1));
        assertEquals("[99x2(2), 98x3(3)]", levels.toString());

        levels = full();
        assertTrue(levels.deleteFrom(2));
        assertEquals("[98x3(3)]", levels.toString());

        levels = full();
        assertTrue(levels.deleteFrom(3));
        assertEquals("[]", levels.toString());

        levels = full();
        assertTrue(levels.deleteFrom(4));
        assertEquals("[]", levels.toString());

        levels = full();
        assertFalse(levels.deleteFrom(0));
        assertEquals("[100x1(1), 99x2(2), 98x3(3)]", levels.toString());
    }

    @Test
    void depthChangeKeepsTheBestLevels()
    {
        final PriceLevels levels = full();
        levels.depth(2);
        assertEquals("[100x1(1), 99x2(2)]", levels.toString());
        levels.depth(5);
        assertTrue(levels.add(5, 90, 1, 1));
        assertEquals("[100x1(1), 99x2(2), -, -, 90x1(1)]", levels.toString());
    }

    @Test
    void copyFromTakesWhatFits()
    {
        final PriceLevels small = new PriceLevels(2);
        small.copyFrom(full());
        assertEquals("[100x1(1), 99x2(2)]", small.toString());
    }
}
