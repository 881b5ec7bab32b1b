package io.xdpfeed.handler.itch;

import io.xdpfeed.common.book.MbpSide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The ladder's reserve in one array: its levels after every insert, change and delete are the general
 * {@link MbpSide}'s after the same actions (random actions, several depths), and {@link ItchReserve#find} answers as a
 * scan of that side does.
 */
@Timeout(30)
class ItchReserveTest
{
    @Test
    void levelsFollowTheGeneralSideUnderRandomActions()
    {
        final Random random = new Random(18);
        for (final int depth : new int[]{1, 2, 3, 16, 30})
        {
            for (final boolean bid : new boolean[]{true, false})
            {
                final ItchReserve reserve = new ItchReserve(depth);
                final MbpSide expected = new MbpSide(depth);
                for (int step = 0; step < 5_000; step++)
                {
                    final long price = 100 + random.nextInt(3 * depth + 2);
                    final int found = reserve.find(bid, price);
                    assertEquals(find(expected, bid, price), found, "find " + price + " at step " + step);
                    if (found > 0)
                    {
                        if (random.nextBoolean())
                        {
                            reserve.delete(found);
                            expected.delete(found);
                        }
                        else
                        {
                            final long size = 1 + random.nextInt(1000);
                            final int orders = 1 + random.nextInt(9);
                            reserve.change(found, size, orders);
                            expected.change(found, price, size, orders);
                        }
                    }
                    else if (-found <= depth)
                    {
                        final long size = 1 + random.nextInt(1000);
                        reserve.add(-found, price, size, 1);
                        expected.add(-found, price, size, 1);
                    }
                    assertEquals(levels(expected), levels(reserve), "depth " + depth + " step " + step);
                }
                reserve.clear();
                assertEquals(List.of(), levels(reserve));
            }
        }
    }

    @Test
    void aFullReserveDropsItsLastLevelOnAnInsert()
    {
        final ItchReserve reserve = new ItchReserve(3);
        reserve.add(1, 105, 10, 1);
        reserve.add(2, 103, 20, 2);
        reserve.add(3, 101, 30, 3);
        reserve.add(2, 104, 40, 4);
        assertEquals(List.of("105x10(1)", "104x40(4)", "103x20(2)"), levels(reserve));
        assertEquals(-4, reserve.find(true, 100), "worse than every level");
        reserve.delete(1);
        assertEquals(List.of("104x40(4)", "103x20(2)"), levels(reserve));
        assertEquals(-1, reserve.find(true, 106));
    }

    private static int find(final MbpSide side, final boolean bid, final long price)
    {
        for (int level = 1; level <= side.count(); level++)
        {
            if (side.price(level) == price)
            {
                return level;
            }
            if (bid ? price > side.price(level) : price < side.price(level))
            {
                return -level;
            }
        }
        return -(side.count() + 1);
    }

    private static List<String> levels(final MbpSide side)
    {
        final List<String> levels = new ArrayList<>();
        for (int level = 1; level <= side.count(); level++)
        {
            levels.add(side.price(level) + "x" + side.size(level) + "(" + side.orderCount(level) + ")");
        }
        return levels;
    }

    private static List<String> levels(final ItchReserve reserve)
    {
        final List<String> levels = new ArrayList<>();
        for (int level = 1; level <= reserve.count(); level++)
        {
            levels.add(reserve.price(level) + "x" + reserve.size(level) + "(" + reserve.orderCount(level) + ")");
        }
        return levels;
    }
}
