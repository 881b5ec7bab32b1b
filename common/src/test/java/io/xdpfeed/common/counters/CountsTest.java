package io.xdpfeed.common.counters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each constant has its own counter: what is added to one is read back from it alone, and {@code clear} zeroes all.
 */
@Timeout(10)
class CountsTest
{
    private enum Event
    {
        GAP,
        RECORD,
        REQUEST
    }

    @Test
    void eachConstantCountsOnItsOwn()
    {
        final Counts<Event> counts = new Counts<>(Event.class);
        counts.increment(Event.RECORD);
        counts.increment(Event.RECORD);
        counts.add(Event.GAP, 7);
        counts.add(Event.GAP, -2);
        assertEquals(List.of(5L, 2L, 0L), valuesOf(counts));
    }

    @Test
    void clearSetsEveryCounterToZero()
    {
        final Counts<Event> counts = new Counts<>(Event.class);
        counts.add(Event.REQUEST, Long.MAX_VALUE);
        counts.increment(Event.GAP);
        counts.clear();
        assertEquals(List.of(0L, 0L, 0L), valuesOf(counts));
        counts.increment(Event.REQUEST);
        assertEquals(List.of(0L, 0L, 1L), valuesOf(counts));
    }

    private static List<Long> valuesOf(final Counts<Event> counts)
    {
        final List<Long> values = new ArrayList<>();
        for (final Event event : Event.values())
        {
            values.add(counts.get(event));
        }
        return values;
    }
}
