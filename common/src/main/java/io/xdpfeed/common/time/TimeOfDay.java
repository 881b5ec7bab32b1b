package io.xdpfeed.common.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Times of day of one time zone turned into times since the epoch, and back: for feeds that stamp their messages in
 * ns since the local midnight of a day they do not send (Nasdaq TotalView-ITCH: US Eastern time).
 * <p>
 * A time of day is put on the day of a nearby epoch time (the receive time) when that brings it within 12 hours of
 * it, else on the day before or after: a message stamped just before midnight and received just after it is
 * yesterday's. Days are the zone's, 23 or 25 hours long when the clocks change. The current day's midnight and the
 * next are kept: nothing is allocated while the times stay on one day; a time on another day computes its day with
 * {@code java.time} (allocates, about once a day). One thread.
 */
public final class TimeOfDay
{
    /** The zone of the US equity exchanges' clocks (ITCH's midnight). */
    public static final ZoneId US_EASTERN = ZoneId.of("America/New_York");
    /** The longest day (the one the clocks go back): a time of day at or past it is not one. */
    public static final long MAX_DAY_NS = 25 * 3_600_000_000_000L;

    private static final long NS_PER_SECOND = 1_000_000_000L;
    private static final long HALF_DAY_NS = 12 * 3_600_000_000_000L;

    private final ZoneId zone;
    private long midnightNs = Long.MAX_VALUE;
    private long nextMidnightNs = Long.MIN_VALUE;

    /**
     * @param zone whose days and midnights these are.
     */
    public TimeOfDay(final ZoneId zone)
    {
        this.zone = zone;
    }

    /**
     * @param nsSinceMidnight a time of day in the zone, 0 to {@link #MAX_DAY_NS}.
     * @param nearEpochNs     an epoch time within 12 hours of it (when it was received).
     * @return the epoch ns of that time of day on the day that puts it nearest {@code nearEpochNs}; 0 for a time of
     * day outside {@code 0..MAX_DAY_NS} (not a time of day: "not sent").
     */
    public long epochNs(final long nsSinceMidnight, final long nearEpochNs)
    {
        if (nsSinceMidnight < 0 || nsSinceMidnight >= MAX_DAY_NS)
        {
            return 0;
        }
        if (nearEpochNs < midnightNs || nearEpochNs >= nextMidnightNs)
        {
            day(nearEpochNs);
        }
        final long epochNs = midnightNs + nsSinceMidnight;
        if (epochNs - nearEpochNs > HALF_DAY_NS)
        {
            return midnight(localDate(nearEpochNs).minusDays(1)) + nsSinceMidnight;
        }
        if (nearEpochNs - epochNs > HALF_DAY_NS)
        {
            return nextMidnightNs + nsSinceMidnight;
        }
        return epochNs;
    }

    /**
     * @param epochNs an epoch time.
     * @return ns since the zone's midnight of its day.
     */
    public long nsSinceMidnight(final long epochNs)
    {
        if (epochNs < midnightNs || epochNs >= nextMidnightNs)
        {
            day(epochNs);
        }
        return epochNs - midnightNs;
    }

    private void day(final long epochNs)
    {
        final LocalDate date = localDate(epochNs);
        midnightNs = midnight(date);
        nextMidnightNs = midnight(date.plusDays(1));
    }

    private LocalDate localDate(final long epochNs)
    {
        return LocalDate.ofInstant(
            Instant.ofEpochSecond(Math.floorDiv(epochNs, NS_PER_SECOND), Math.floorMod(epochNs, NS_PER_SECOND)), zone);
    }

    private long midnight(final LocalDate date)
    {
        final Instant instant = date.atStartOfDay(zone).toInstant();
        return instant.getEpochSecond() * NS_PER_SECOND + instant.getNano();
    }
}
