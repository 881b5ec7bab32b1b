package io.xdpfeed.common.latency;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class TierLatencyTest
{
    enum Tier implements LatencyTag
    {
        FIRST("first"),
        SECOND("second");

        private final String tag;

        Tier(final String tag)
        {
            this.tag = tag;
        }

        @Override
        public String tag()
        {
            return tag;
        }
    }

    static final class Latency extends TierLatency<Tier>
    {
        Latency(final long highestTrackableNs)
        {
            super(Tier.values().length, highestTrackableNs);
        }
    }

    static final class Log extends IntervalLog
    {
        Log(final File file) throws FileNotFoundException
        {
            super(file, 1_000, "test latency, tags: " + tags(Tier.values()));
        }
    }

    @Test
    void clampsPerTierAndTagsTheIntervals()
    {
        final Latency latency = new Latency(1_000);
        latency.record(Tier.FIRST, -5);
        latency.record(Tier.FIRST, 10);
        latency.record(Tier.SECOND.ordinal(), 5_000);

        assertEquals(List.of(1L, 0L, 0L, 1L), List.of(latency.clampedBelow(Tier.FIRST), latency.clampedAbove(Tier.FIRST),
            latency.clampedBelow(Tier.SECOND), latency.clampedAbove(Tier.SECOND)));
        final Histogram first = latency.intervalHistogram(Tier.FIRST);
        final Histogram second = latency.intervalHistogram(Tier.SECOND);
        assertEquals(List.of("first", 2L, 1L, "second", 1L, 1_000L), List.of(first.getTag(), first.getTotalCount(),
            first.getCountAtValue(1), second.getTag(), second.getTotalCount(), second.getMaxValue()));
        assertThrows(IllegalArgumentException.class, () -> new Latency(1));
    }

    @Test
    void intervalLogReadsBackWithItsTagsAndHeader(@TempDir final Path dir) throws Exception
    {
        final Latency latency = new Latency(1_000_000);
        final File file = dir.resolve("test.hlog").toFile();
        try (Log log = new Log(file))
        {
            latency.record(Tier.FIRST, 100);
            latency.record(Tier.SECOND, 200);
            latency.record(Tier.SECOND, 300);
            for (final Tier tier : Tier.values())
            {
                log.write(latency.intervalHistogram(tier));
            }
            assertEquals(file, log.file());
        }

        assertEquals("#test latency, tags: first, second", Files.readAllLines(file.toPath()).getFirst());
        final List<String> read = new ArrayList<>();
        final HistogramLogReader reader = new HistogramLogReader(file);
        EncodableHistogram histogram;
        while ((histogram = reader.nextIntervalHistogram()) != null)
        {
            read.add(histogram.getTag() + "=" + ((Histogram)histogram).getTotalCount());
        }
        assertEquals(List.of("first=1", "second=2"), read);
    }

    @Test
    void aTierEnumsTagIsItsNameInLowerCaseWordsJoinedByDashes()
    {
        assertEquals(List.of("bus", "end-to-end", "ring-wait"),
            List.of(LatencyTag.tagOf("BUS"), LatencyTag.tagOf("END_TO_END"), LatencyTag.tagOf("RING_WAIT")));
    }
}
