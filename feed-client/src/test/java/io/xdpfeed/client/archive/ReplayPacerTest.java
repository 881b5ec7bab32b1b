package io.xdpfeed.client.archive;

import io.xdpfeed.client.MarketDataListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The pacer holds each record until its SendingTime's distance from the first, divided by the speed, has passed on
 * the (injected) clock, and never waits for a record that is already due.
 */
@Timeout(10)
class ReplayPacerTest
{
    private long nowNs = 1_000_000_000L;
    private final List<Long> sleeps = new ArrayList<>();

    private ReplayPacer pacer(final double speed)
    {
        return new ReplayPacer(new MarketDataListener()
        {
        }, speed, () -> nowNs, ns ->
        {
            sleeps.add(ns);
            nowNs += ns;
        });
    }

    @Test
    void realTimeWaitsForTheSendingTimeSpacing()
    {
        final ReplayPacer pacer = pacer(1);
        pacer.pace(5_000_000_000L);
        pacer.pace(5_001_000_000L);
        nowNs += 500_000;
        pacer.pace(5_003_000_000L);
        pacer.pace(5_002_000_000L);
        assertEquals(List.of(1_000_000L, 1_500_000L), sleeps);
        assertEquals(2, pacer.waits());
    }

    @Test
    void tenTimesFasterWaitsATenth()
    {
        final ReplayPacer pacer = pacer(10);
        pacer.pace(7_000_000_000L);
        pacer.pace(7_010_000_000L);
        assertEquals(List.of(1_000_000L), sleeps);
    }

    @Test
    void recordsWithoutSendingTimeAreNotHeld()
    {
        final ReplayPacer pacer = pacer(1);
        pacer.pace(0);
        pacer.pace(5_000_000_000L);
        pacer.pace(0);
        assertEquals(List.of(), sleeps);
    }

    @Test
    void aSpeedOfZeroIsRefused()
    {
        assertThrows(IllegalArgumentException.class, () -> pacer(0));
    }
}
