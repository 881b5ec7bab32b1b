package io.xdpfeed.handler.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class OrderBookTest
{
    @Test
    void addsUpdatesDeletesAndGrowsItsPool()
    {
        final OrderBook book = new OrderBook(2);
        book.add(11, true, 100, 5, 1);
        book.add(12, true, 101, 3, 2);
        book.add(13, false, 103, 7, 3);
        assertEquals(3, book.orderCount());
        assertEquals(101, book.bestPrice(true));
        assertEquals(103, book.bestPrice(false));

        book.update(12, true, 99, 4, 9);
        assertEquals(100, book.bestPrice(true));
        assertEquals(4, book.size(12));
        assertEquals(9, book.priority(12));
        assertEquals(5, book.sizeAt(true, 100));

        assertTrue(book.delete(11));
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
}
