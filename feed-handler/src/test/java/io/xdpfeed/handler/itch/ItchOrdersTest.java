package io.xdpfeed.handler.itch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ITCH order store: ring slots by reference, the overflow for references whose slot is taken, the dense list of
 * live orders; checked against a plain map.
 */
@Timeout(30)
class ItchOrdersTest
{
    @Test
    void aReferenceWhoseSlotIsTakenGoesToTheOverflowAndIsFound()
    {
        final ItchOrders orders = new ItchOrders(4, 4);
        final int first = orders.add(5, true, 100, 10, 7);
        // 5 and 9 share ring slot 1 of 4
        final int second = orders.add(9, false, 200, 20, 8);
        assertEquals(1, first);
        assertTrue(second >= 4, "overflow handle " + second);
        assertEquals(first, orders.find(5));
        assertEquals(second, orders.find(9));
        assertEquals(List.of("5 B 100x10 @7", "9 S 200x20 @8"), contents(orders));

        orders.remove(first);
        assertEquals(ItchOrders.ABSENT, orders.find(5));
        assertEquals(second, orders.find(9), "still found though its ring slot is free now");
        assertEquals(1, orders.add(13, true, 300, 30, 9), "the free ring slot is used again");
        assertEquals(List.of("13 B 300x30 @9", "9 S 200x20 @8"), contents(orders));

        orders.shares(orders.find(9), 15);
        assertEquals(15, orders.sharesOf(9));
        assertEquals(0, orders.sharesOf(5));
        orders.clear();
        assertEquals(0, orders.orderCount());
        assertEquals(ItchOrders.ABSENT, orders.find(9));
        assertEquals(ItchOrders.ABSENT, orders.find(13));
    }

    @Test
    void anAddBeyondTheCapacityIsRefused()
    {
        final ItchOrders orders = new ItchOrders(3, 4);
        for (long reference = 1; reference <= 3; reference++)
        {
            assertNotEquals(ItchOrders.ABSENT, orders.add(reference * 4, true, 1, 1, 1), "all in ring slot 0");
        }
        assertEquals(ItchOrders.ABSENT, orders.add(99, true, 1, 1, 1));
        assertEquals(3, orders.orderCount());
        orders.remove(orders.find(8));
        assertNotEquals(ItchOrders.ABSENT, orders.add(99, true, 1, 1, 1));
        assertEquals(List.of("12 B 1x1 @1", "4 B 1x1 @1", "99 B 1x1 @1"), contents(orders));
    }

    @Test
    void randomTrafficAgreesWithAMap()
    {
        final Random random = new Random(18);
        final int capacity = 64;
        final ItchOrders orders = new ItchOrders(capacity, 64);
        final TreeMap<Long, String> expected = new TreeMap<>();
        long next = 1;
        for (int step = 0; step < 200_000; step++)
        {
            final int action = random.nextInt(10);
            if (action < 5 && expected.size() < capacity)
            {
                // mostly the next reference; sometimes one far away (an outlier)
                final long reference = random.nextInt(20) == 0 ? next + 1_000 + random.nextInt(100_000) : next++;
                if (expected.containsKey(reference))
                {
                    continue;
                }
                final boolean bid = random.nextBoolean();
                final long price = random.nextInt(1000);
                final long shares = 1 + random.nextInt(500);
                final int locate = random.nextInt(1 << 16);
                assertNotEquals(ItchOrders.ABSENT, orders.add(reference, bid, price, shares, locate));
                expected.put(reference, text(reference, bid, price, shares, locate));
            }
            else if (!expected.isEmpty())
            {
                final long reference = pick(expected, random);
                final int handle = orders.find(reference);
                assertNotEquals(ItchOrders.ABSENT, handle, "reference " + reference);
                if (action < 8)
                {
                    orders.remove(handle);
                    expected.remove(reference);
                }
                else
                {
                    final long shares = 1 + random.nextInt(500);
                    orders.shares(handle, shares);
                    expected.put(reference, text(reference, orders.isBid(handle), orders.price4(handle), shares,
                        orders.locate(handle)));
                }
                assertEquals(ItchOrders.ABSENT, orders.find(next + 200_000), "never added");
            }
            if (step == 100_000)
            {
                // a new session halfway: the slots used so far (the ring wrapped many times, the overflow) all free
                orders.clear();
                expected.clear();
                assertEquals(0, orders.overflowOrders());
            }
            if (step % 1000 == 0)
            {
                assertEquals(new ArrayList<>(sorted(expected)), contents(orders), "step " + step);
            }
        }
        assertEquals(new ArrayList<>(sorted(expected)), contents(orders));
    }

    private static long pick(final TreeMap<Long, String> map, final Random random)
    {
        final long span = map.lastKey() - map.firstKey();
        final Long key = map.ceilingKey(map.firstKey() + (long)(random.nextDouble() * span));
        return key == null ? map.lastKey() : key;
    }

    private static List<String> sorted(final TreeMap<Long, String> map)
    {
        final List<String> values = new ArrayList<>(map.values());
        values.sort(null);
        return values;
    }

    private static List<String> contents(final ItchOrders orders)
    {
        final List<String> values = new ArrayList<>();
        for (int handle = orders.nextLive(0); handle != ItchOrders.ABSENT; handle = orders.nextLive(handle + 1))
        {
            assertEquals(handle, orders.find(orders.reference(handle)), "the walk and the index agree");
            values.add(text(orders.reference(handle), orders.isBid(handle), orders.price4(handle),
                orders.shares(handle), orders.locate(handle)));
        }
        values.sort(null);
        return values;
    }

    private static String text(
        final long reference, final boolean bid, final long price, final long shares, final int locate)
    {
        return reference + (bid ? " B " : " S ") + price + "x" + shares + " @" + locate;
    }
}
