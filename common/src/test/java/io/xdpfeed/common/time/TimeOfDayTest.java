package io.xdpfeed.common.time;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * US Eastern times of day to epoch times and back: winter and summer time, the day the clocks change, a time of day
 * on the day before or after the receive time's, what is not a time of day, and nothing allocated within a day.
 */
@Timeout(30)
class TimeOfDayTest
{
    private static final long HOUR = 3_600_000_000_000L;

    private final TimeOfDay eastern = new TimeOfDay(TimeOfDay.US_EASTERN);

    @Test
    void aTimeOfDayIsOnTheReceiveTimesDayInWinterAndSummer()
    {
        final long open = 9 * HOUR + 30 * 60_000_000_000L;
        assertEquals(ns("2026-01-05T14:30:00Z"), eastern.epochNs(open, ns("2026-01-05T14:30:00.000020Z")));
        assertEquals(ns("2026-07-06T13:30:00Z"), eastern.epochNs(open, ns("2026-07-06T13:30:00.000020Z")));
        assertEquals(ns("2026-01-05T14:30:00Z"), eastern.epochNs(open, ns("2026-01-05T14:30:00.000020Z")), "back");
        assertEquals(open + 123, eastern.nsSinceMidnight(ns("2026-07-06T13:30:00.000000123Z")));
        assertEquals(open, eastern.nsSinceMidnight(ns("2026-01-05T14:30:00Z")));
    }

    @Test
    void theDaysTheClocksChangeCountFromTheirMidnight()
    {
        // 2026-03-08: 23 hours (02:00 EST -> 03:00 EDT); 2026-11-01: 25 hours (02:00 EDT -> 01:00 EST)
        assertEquals(ns("2026-03-08T05:00:00Z") + 12 * HOUR, eastern.epochNs(12 * HOUR, ns("2026-03-08T16:00:00Z")));
        assertEquals(ns("2026-11-01T04:00:00Z") + 24 * HOUR + 1, eastern.epochNs(24 * HOUR + 1,
            ns("2026-11-02T04:30:00Z")), "the 25-hour day's last hour");
        assertEquals(24 * HOUR + 1, eastern.nsSinceMidnight(ns("2026-11-01T04:00:00Z") + 24 * HOUR + 1));
        assertEquals(0, eastern.nsSinceMidnight(ns("2026-11-02T05:00:00Z")), "the next day's midnight");
    }

    @Test
    void aTimeOfDayAcrossMidnightFromItsReceiveTimeIsOnTheDayBeforeOrAfter()
    {
        final long beforeMidnight = 24 * HOUR - 100_000_000L;
        assertEquals(ns("2026-01-06T04:59:59.900Z"), eastern.epochNs(beforeMidnight, ns("2026-01-06T05:00:00.500Z")),
            "stamped 23:59:59.9, received 00:00:00.5 the next day");
        assertEquals(ns("2026-01-06T05:00:00.100Z"), eastern.epochNs(100_000_000L, ns("2026-01-06T04:59:59.900Z")),
            "stamped 00:00:00.1, received 23:59:59.9 the day before (clocks apart)");
    }

    @Test
    void whatIsNotATimeOfDayIsNotSent()
    {
        final long receive = ns("2026-01-05T14:30:00Z");
        assertEquals(0, eastern.epochNs(-1, receive));
        assertEquals(0, eastern.epochNs(TimeOfDay.MAX_DAY_NS, receive));
        assertEquals(0, eastern.epochNs(0xFFFF_FFFF_FFFFL, receive), "the largest 48-bit ITCH timestamp");
    }

    @Test
    void nothingIsAllocatedWithinADay()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        final long start = ns("2026-01-05T14:30:00Z");
        long sum = 0;
        long allocated = -1;
        for (int pass = 0; pass < 30 && allocated != 0; pass++)
        {
            final long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 100_000; i++)
            {
                final long receive = start + i * 100_000L;
                sum += eastern.epochNs(eastern.nsSinceMidnight(receive) - 20_000, receive);
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
        }
        assertEquals(0, allocated, "bytes allocated for 200,000 conversions (" + sum + ")");
    }

    private static long ns(final String instant)
    {
        final Instant time = Instant.parse(instant);
        return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    }
}
