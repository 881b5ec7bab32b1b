package io.xdpfeed.common.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class OrderTableTest
{
    @Test
    void aFixedTableRefusesAndCountsWhatDoesNotFit()
    {
        final OrderTable table = new OrderTable(2, false);
        final List<Integer> results = List.of(table.add(1, true, 100, 1, 1), table.add(2, false, 101, 2, 2),
            table.add(3, true, 99, 3, 3), table.add(2, false, 102, 4, 2));
        assertEquals(List.of(OrderTable.ADDED, OrderTable.ADDED, OrderTable.OVERFLOW, OrderTable.REPLACED), results);
        assertEquals(List.of(2, 2, 1L), List.of(table.orderCount(), table.capacity(), table.overflows()));
        assertEquals(List.of("B 1@100x1#1", "A 2@102x4#2"), orders(table));
    }

    @Test
    void aGrowingTableDoublesAndKeepsEveryOrder()
    {
        final OrderTable table = new OrderTable(2, true);
        for (int id = 1; id <= 5; id++)
        {
            assertEquals(OrderTable.ADDED, table.add(id, id % 2 == 1, 100 + id, id, id));
        }
        assertEquals(List.of(5, 8, 0L), List.of(table.orderCount(), table.capacity(), table.overflows()));
        assertEquals(true, table.delete(2));
        assertEquals(List.of(102L, 2L), List.of(table.deletedPrice(), table.deletedPriority()));
        assertEquals(List.of("B 1@101x1#1", "B 5@105x5#5", "B 3@103x3#3", "A 4@104x4#4"), orders(table));
        assertEquals(List.of(105L, 104L, 8L), List.of(table.bestPrice(true), table.bestPrice(false),
            table.sizeAt(true, 103) + table.sizeAt(true, 105)));
        table.clear();
        assertEquals(List.of(0, OrderTable.NULL_PRICE), List.of(table.orderCount(), table.bestPrice(true)));
    }

    private static List<String> orders(final OrderTable table)
    {
        final List<String> orders = new ArrayList<>();
        for (int i = 0; i < table.orderCount(); i++)
        {
            orders.add((table.isBidAt(i) ? "B " : "A ") + table.orderIdAt(i) + "@" + table.priceAt(i) + "x" +
                table.sizeAt(i) + "#" + table.priorityAt(i));
        }
        return orders;
    }
}
