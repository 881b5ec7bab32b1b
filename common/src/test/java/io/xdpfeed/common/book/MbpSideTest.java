package io.xdpfeed.common.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class MbpSideTest
{
    @Test
    void appliesTheCmeActionsInTurn()
    {
        final MbpSide side = new MbpSide(3);
        final List<String> steps = new ArrayList<>();
        side.add(1, 100, 5, 1);
        side.add(1, 101, 2, 1);
        steps.add(side.toString());
        side.add(1, 102, 1, 1);
        side.add(1, 103, 4, 2);
        steps.add(side.toString());
        side.change(2, 102, 9, 3);
        steps.add(side.toString());
        side.delete(1);
        steps.add(side.toString());
        steps.add(side.add(4, 1, 1, 1) + " " + side.delete(0) + " " + side);
        side.deleteFrom(1);
        steps.add(side.toString());
        side.depth(1);
        steps.add(side.toString() + " depth " + side.depth());
        side.clear();
        steps.add(side.toString() + " " + side.presentLevels());

        assertEquals(List.of(
            "[101x2(1), 100x5(1)]",
            "[103x4(2), 102x1(1), 101x2(1)]",
            "[103x4(2), 102x9(3), 101x2(1)]",
            "[102x9(3), 101x2(1)]",
            "false false [102x9(3), 101x2(1)]",
            "[101x2(1)]",
            "[101x2(1)] depth 1",
            "[] 0"), steps);
    }

    @Test
    void appliesNormalizedBookActionsAndRefusesClear()
    {
        final MbpSide side = new MbpSide(3);
        final List<String> steps = new ArrayList<>();
        steps.add(side.apply(MbpAction.NEW, 1, 100, 5, 1) + " " + side);
        steps.add(side.apply(MbpAction.NEW, 1, 101, 2, 1) + " " + side);
        steps.add(side.apply(MbpAction.CHANGE, 2, 100, 7, 2) + " " + side);
        steps.add(side.apply(MbpAction.OVERLAY, 1, 102, 3, 1) + " " + side);
        steps.add(side.apply(MbpAction.NEW, 4, 99, 1, 1) + " " + side);
        steps.add(side.apply(MbpAction.CLEAR, 1, 0, 0, 0) + " " + side);
        steps.add(side.apply(MbpAction.DELETE, 1, 0, 0, 0) + " " + side);
        steps.add(side.apply(MbpAction.NEW, 2, 98, 4, 1) + " " + side);
        steps.add(side.apply(MbpAction.DELETE_FROM, 1, 0, 0, 0) + " " + side);
        steps.add(side.apply(MbpAction.DELETE_THRU, 1, 0, 0, 0) + " " + side);

        assertEquals(List.of(
            "true [100x5(1)]",
            "true [101x2(1), 100x5(1)]",
            "true [101x2(1), 100x7(2)]",
            "true [102x3(1), 100x7(2)]",
            "false [102x3(1), 100x7(2)]",
            "false [102x3(1), 100x7(2)]",
            "true [100x7(2)]",
            "true [100x7(2), 98x4(1)]",
            "true [98x4(1)]",
            "true []"), steps);
    }

    @Test
    void rawValuesOutsideTheSchemaAreNoAction()
    {
        assertEquals(Arrays.asList(null, MbpAction.NEW, MbpAction.CLEAR, null, null),
            Arrays.asList(MbpAction.ofRaw(-1), MbpAction.ofRaw(0), MbpAction.ofRaw(6), MbpAction.ofRaw(7),
                MbpAction.ofRaw(255)));
    }

    @Test
    void findsAPriceOrWhereItGoesAsAScanOfTheLevelsDoes()
    {
        // a packed side (depth 10) and a deep one (40, the slot array), bids and asks, after random adds and deletes
        final Random random = new Random(18);
        final List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (final int depth : new int[] {10, 40})
        {
            for (final boolean descending : new boolean[] {true, false})
            {
                final MbpSide side = new MbpSide(depth);
                for (int step = 0; step < 2_000; step++)
                {
                    final long price = 100 + random.nextInt(60);
                    final int found = side.find(descending, price);
                    final int scanned = scan(side, descending, price);
                    checked++;
                    if (found != scanned)
                    {
                        mismatches.add(depth + " " + descending + " " + price + " " + side + ": " + found + " != " +
                            scanned);
                    }
                    if (found > 0 && random.nextBoolean())
                    {
                        side.delete(found);
                    }
                    else if (found < 0)
                    {
                        side.add(-found, price, 1, 1);
                    }
                }
            }
        }
        assertEquals(8_000, checked);
        assertEquals(List.of(), mismatches);
    }

    private static int scan(final MbpSide side, final boolean descending, final long price)
    {
        for (int level = 1; level <= side.count(); level++)
        {
            final long levelPrice = side.price(level);
            if (levelPrice == price)
            {
                return level;
            }
            if (descending ? price > levelPrice : price < levelPrice)
            {
                return -level;
            }
        }
        return -(side.count() + 1);
    }
}
