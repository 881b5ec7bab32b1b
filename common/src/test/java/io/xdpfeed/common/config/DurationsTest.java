package io.xdpfeed.common.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Durations in settings: every unit, blanks and case, and one line naming the key for what is not a duration.
 */
class DurationsTest
{
    @Test
    void everyUnitIsReadAsNanoseconds()
    {
        assertEquals(List.of(1_500L, 7L, 500_000L, 2_000_000L, 3_000_000_000L, 5_400_000_000_000L,
            86_400_000_000_000L, 90_000_000_000L, 0L),
            List.of(Durations.parseNs("k", "1500"), Durations.parseNs("k", "7ns"), Durations.parseNs("k", "500us"),
                Durations.parseNs("k", " 2MS "), Durations.parseNs("k", "3s"), Durations.parseNs("k", "90m"),
                Durations.parseNs("k", "1d"), Durations.parseNs("k", "90 s"), Durations.parseNs("k", "0")));
    }

    @Test
    void whatIsNotADurationStopsWithOneLineNamingTheKey()
    {
        final List<String> errors = new ArrayList<>();
        for (final String value : List.of("soon", "1.5ms", "-2ms", "ms", "99999999999d"))
        {
            errors.add(assertThrows(ConfigurationException.class, () -> Durations.parseNs("xdpfeed.gap.wait", value))
                .getMessage());
        }
        errors.add(assertThrows(ConfigurationException.class,
            () -> Durations.parseNs("xdpfeed.archive.purge.age", "1w", "24h, 90m, 30s")).getMessage());
        assertEquals(List.of(
            "xdpfeed.gap.wait=soon is not a duration: use e.g. 500us, 2ms, 1s",
            "xdpfeed.gap.wait=1.5ms is not a duration: use e.g. 500us, 2ms, 1s",
            "xdpfeed.gap.wait=-2ms is negative: give a duration like 2ms",
            "xdpfeed.gap.wait=ms is not a duration: use e.g. 500us, 2ms, 1s",
            "xdpfeed.gap.wait=99999999999d is not a duration: use e.g. 500us, 2ms, 1s",
            "xdpfeed.archive.purge.age=1w is not a duration: use e.g. 24h, 90m, 30s"), errors);
    }
}
