package io.xdpfeed.handler.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class OrderBookTest
{
    @Test
    void addsUpdatesDeletesAndClears()
    {
        final OrderBook book = new OrderBook(4);
        assertEquals(OrderBook.ADDED, book.add(11, true, 100, 5, 1));
        book.add(12, true, 101, 3, 2);
        book.add(13, false, 103, 7, 3);
        assertEquals(3, book.orderCount());
        assertEquals(101, book.bestPrice(true));
        assertEquals(103, book.bestPrice(false));

        assertEquals(OrderBook.REPLACED, book.update(12, true, 99, 4, 9));
        assertEquals(100, book.bestPrice(true));
        assertEquals(4, book.size(12));
        assertEquals(9, book.priority(12));
        assertEquals(5, book.sizeAt(true, 100));

        assertTrue(book.delete(11));
        assertEquals(100, book.deletedPrice());
        assertEquals(1, book.deletedPriority());
        assertFalse(book.delete(11));
        assertEquals(99, book.bestPrice(true));
        assertFalse(book.contains(11));
        assertTrue(book.isBid(12));

        book.clear();
        assertEquals(0, book.orderCount());
        assertEquals(Long.MAX_VALUE, book.bestPrice(false));
        book.add(14, false, 105, 1, 1);
        assertEquals(105, book.bestPrice(false));
    }

    @Test
    void refusesAndCountsOrdersBeyondItsCapacity()
    {
        final OrderBook book = new OrderBook(2);
        book.add(1, true, 100, 1, 1);
        book.add(2, true, 100, 1, 2);
        assertEquals(OrderBook.OVERFLOW, book.add(3, true, 100, 1, 3));
        assertEquals(1, book.overflows());
        assertEquals(2, book.orderCount());
        assertFalse(book.contains(3));
        assertEquals(OrderBook.REPLACED, book.update(2, true, 101, 4, 2));
        assertTrue(book.delete(1));
        assertEquals(OrderBook.ADDED, book.add(3, false, 102, 1, 3));
        assertEquals(1, book.overflows());
    }

    @Test
    void agreesWithAMapOverManyRandomEvents()
    {
        final int capacity = 512;
        final OrderBook book = new OrderBook(capacity);
        final Map<Long, long[]> reference = new HashMap<>();
        final SplittableRandom random = new SplittableRandom(42);
        for (int step = 0; step < 200_000; step++)
        {
            // ids clustered so that probe chains collide and wrap
            final long orderId = random.nextInt(1_000) * 1024L;
            final int action = random.nextInt(10);
            if (action < 5)
            {
                final boolean bid = random.nextBoolean();
                final long price = 100 + random.nextInt(20);
                final long size = 1 + random.nextInt(50);
                final long priority = random.nextLong(1_000_000);
                final int result = book.add(orderId, bid, price, size, priority);
                if (reference.containsKey(orderId) || reference.size() < capacity)
                {
                    assertEquals(reference.containsKey(orderId) ? OrderBook.REPLACED : OrderBook.ADDED, result);
                    reference.put(orderId, new long[]{bid ? 1 : 0, price, size, priority});
                }
                else
                {
                    assertEquals(OrderBook.OVERFLOW, result);
                }
            }
            else if (action < 9)
            {
                assertEquals(reference.remove(orderId) != null, book.delete(orderId));
            }
            else if (random.nextInt(200) == 0)
            {
                book.clear();
                reference.clear();
            }
            assertEquals(reference.size(), book.orderCount());
        }
        for (final Map.Entry<Long, long[]> entry : reference.entrySet())
        {
            final long orderId = entry.getKey();
            final long[] order = entry.getValue();
            assertEquals(order[0] == 1, book.isBid(orderId));
            assertEquals(order[1], book.price(orderId));
            assertEquals(order[2], book.size(orderId));
            assertEquals(order[3], book.priority(orderId));
        }
        for (int i = 0; i < book.orderCount(); i++)
        {
            assertTrue(reference.containsKey(book.orderIdAt(i)));
            assertEquals(i, book.indexOf(book.orderIdAt(i)));
        }
    }
}
