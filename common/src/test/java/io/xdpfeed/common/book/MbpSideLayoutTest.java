package io.xdpfeed.common.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link MbpSide} keeps its levels in slots that do not move and shifts only their order (one long of 4-bit slot
 * numbers up to 16 levels, an int array beyond). These tests check that layout against the plain one it replaced:
 * three arrays by level, every level below moved on a New or a Delete.
 */
@Timeout(10)
class MbpSideLayoutTest
{
    @Test
    void aTenLevelSideShiftsAsTheArraysDid()
    {
        final MbpSide side = new MbpSide(10);
        final List<String> steps = new ArrayList<>();
        for (int level = 1; level <= 10; level++)
        {
            side.add(level, 100 - level, level, 1);
        }
        steps.add(side.toString());
        side.add(3, 500, 5, 5);
        steps.add(side.toString());
        side.delete(1);
        steps.add(side.toString());
        side.add(10, 1, 1, 1);
        steps.add(side.toString());
        side.deleteFrom(8);
        steps.add(side.toString());
        side.add(4, 7, 7, 7);
        steps.add(side.toString() + " count " + side.count() + " present " + side.presentLevels());

        assertEquals(List.of(
            "[99x1(1), 98x2(1), 97x3(1), 96x4(1), 95x5(1), 94x6(1), 93x7(1), 92x8(1), 91x9(1), 90x10(1)]",
            "[99x1(1), 98x2(1), 500x5(5), 97x3(1), 96x4(1), 95x5(1), 94x6(1), 93x7(1), 92x8(1), 91x9(1)]",
            "[98x2(1), 500x5(5), 97x3(1), 96x4(1), 95x5(1), 94x6(1), 93x7(1), 92x8(1), 91x9(1)]",
            "[98x2(1), 500x5(5), 97x3(1), 96x4(1), 95x5(1), 94x6(1), 93x7(1), 92x8(1), 91x9(1), 1x1(1)]",
            "[91x9(1), 1x1(1)]",
            "[91x9(1), 1x1(1), -, 7x7(7)] count 4 present 3"), steps);
    }

    @Test
    void randomActionsLeaveTheSameLevelsAsShiftingArrays()
    {
        for (final int depth : new int[] {1, 2, 3, 10, 15, 16, 17, 40})
        {
            final SplittableRandom random = new SplittableRandom(depth);
            final MbpSide side = new MbpSide(depth);
            final ShiftingSide reference = new ShiftingSide(depth);
            for (int step = 0; step < 20_000; step++)
            {
                final int level = random.nextInt(depth + 2);
                final long price = random.nextLong(1_000);
                final long size = random.nextLong(100);
                final int orders = random.nextInt(10);
                final int action = random.nextInt(20);
                final boolean applied;
                final boolean expected;
                if (action < 8)
                {
                    applied = side.add(level, price, size, orders);
                    expected = reference.add(level, price, size, orders);
                }
                else if (action < 13)
                {
                    applied = side.change(level, price, size, orders);
                    expected = reference.change(level, price, size, orders);
                }
                else if (action < 19)
                {
                    applied = side.delete(level);
                    expected = reference.delete(level);
                }
                else if (random.nextInt(4) == 0)
                {
                    side.clear();
                    reference.clear();
                    applied = true;
                    expected = true;
                }
                else
                {
                    applied = side.deleteFrom(level);
                    expected = reference.deleteFrom(level);
                }
                assertEquals(expected + " " + reference, applied + " " + side, "depth " + depth + " step " + step);
                assertEquals(reference.count, side.count());
            }
            final MbpSide copy = new MbpSide(depth / 2);
            copy.copyFrom(side);
            reference.depth(depth / 2);
            assertEquals(reference.toString(), copy.toString(), "copy at depth " + depth / 2);
            side.depth(depth / 2);
            assertEquals(reference.toString(), side.toString(), "depth " + depth + " to " + depth / 2);
        }
    }

    @Test
    void aSlotHintNamesItsLevelWhileTheLevelHoldsItsPriceAndNothingElse()
    {
        for (final int depth : new int[] {1, 2, 3, 10, 15, 16, 17})
        {
            final SplittableRandom random = new SplittableRandom(100 + depth);
            final MbpSide side = new MbpSide(depth);
            // hints taken at some step, checked at later ones: (slot, price) -> the level holding that price now
            final List<long[]> hints = new ArrayList<>();
            int checked = 0;
            for (int step = 0; step < 20_000; step++)
            {
                final long price = random.nextLong(64);
                if (random.nextInt(3) == 0 && side.count() > 0)
                {
                    side.delete(1 + random.nextInt(side.count()));
                }
                else if (side.find(false, price) < 0)
                {
                    // an ascending side without repeated prices, as ITCH's tops
                    final int at = -side.find(false, price);
                    if (at <= depth)
                    {
                        side.add(at, price, 1, 1);
                    }
                }
                for (int l = 1; l <= side.count(); l++)
                {
                    final int slot = side.slotOf(l);
                    assertEquals(depth <= 16 ? l : 0, slot < 0 ? 0 : side.levelOfSlot(slot, side.price(l)),
                        "depth " + depth + " step " + step + " level " + l);
                }
                if (side.count() > 0 && depth <= 16)
                {
                    final int l = 1 + random.nextInt(side.count());
                    hints.add(new long[]{side.slotOf(l), side.price(l)});
                }
                for (final long[] hint : hints)
                {
                    final int named = side.levelOfSlot((int)hint[0], hint[1]);
                    final int found = side.find(false, hint[1]);
                    // a hint names the price's level or nothing, never another level
                    assertTrue(named == 0 || named == found, "depth " + depth + " step " + step);
                    checked += named > 0 ? 1 : 0;
                }
                if (hints.size() > 8)
                {
                    hints.remove(0);
                }
            }
            assertEquals(-1, side.slotOf(0));
            assertEquals(-1, side.slotOf(side.count() + 1));
            assertEquals(0, side.levelOfSlot(-1, 5));
            assertEquals(0, side.levelOfSlot(depth, 5));
            assertTrue(depth > 16 || checked > 1_000, "hints that named their level: " + checked);
        }
    }

    /**
     * The layout MbpSide had before: three arrays by level, shifted on New, Delete and DeleteFrom.
     */
    private static final class ShiftingSide
    {
        private long[] prices;
        private long[] sizes;
        private int[] orderCounts;
        private int depth;
        private int count;

        ShiftingSide(final int depth)
        {
            this.depth = depth;
            prices = new long[depth];
            sizes = new long[depth];
            orderCounts = new int[depth];
            Arrays.fill(prices, MbpSide.NULL_PRICE);
        }

        boolean add(final int level, final long price, final long size, final int orderCount)
        {
            if (level < 1 || level > depth)
            {
                return false;
            }
            final int index = level - 1;
            for (int i = Math.min(count, depth - 1); i > index; i--)
            {
                prices[i] = prices[i - 1];
                sizes[i] = sizes[i - 1];
                orderCounts[i] = orderCounts[i - 1];
            }
            prices[index] = price;
            sizes[index] = size;
            orderCounts[index] = orderCount;
            count = Math.min(depth, Math.max(count + 1, level));
            return true;
        }

        boolean change(final int level, final long price, final long size, final int orderCount)
        {
            if (level < 1 || level > depth)
            {
                return false;
            }
            prices[level - 1] = price;
            sizes[level - 1] = size;
            orderCounts[level - 1] = orderCount;
            count = Math.max(count, level);
            return true;
        }

        boolean delete(final int level)
        {
            if (level < 1 || level > depth)
            {
                return false;
            }
            if (level > count)
            {
                return true;
            }
            for (int i = level - 1; i < count - 1; i++)
            {
                prices[i] = prices[i + 1];
                sizes[i] = sizes[i + 1];
                orderCounts[i] = orderCounts[i + 1];
            }
            count--;
            empty(count);
            return true;
        }

        boolean deleteFrom(final int level)
        {
            if (level < 1)
            {
                return false;
            }
            final int removed = Math.min(level, count);
            final int moved = count - removed;
            System.arraycopy(prices, removed, prices, 0, moved);
            System.arraycopy(sizes, removed, sizes, 0, moved);
            System.arraycopy(orderCounts, removed, orderCounts, 0, moved);
            for (int i = moved; i < count; i++)
            {
                empty(i);
            }
            count = moved;
            return true;
        }

        void clear()
        {
            for (int i = 0; i < count; i++)
            {
                empty(i);
            }
            count = 0;
        }

        void depth(final int newDepth)
        {
            final int keep = Math.min(count, newDepth);
            prices = Arrays.copyOf(prices, newDepth);
            sizes = Arrays.copyOf(sizes, newDepth);
            orderCounts = Arrays.copyOf(orderCounts, newDepth);
            depth = newDepth;
            count = keep;
        }

        private void empty(final int index)
        {
            prices[index] = MbpSide.NULL_PRICE;
            sizes[index] = 0;
            orderCounts[index] = 0;
        }

        public String toString()
        {
            final StringBuilder builder = new StringBuilder("[");
            for (int i = 0; i < count; i++)
            {
                builder.append(i > 0 ? ", " : "");
                if (prices[i] == MbpSide.NULL_PRICE)
                {
                    builder.append('-');
                }
                else
                {
                    builder.append(prices[i]).append('x').append(sizes[i]).append('(').append(orderCounts[i])
                        .append(')');
                }
            }
            return builder.append(']').toString();
        }
    }
}
