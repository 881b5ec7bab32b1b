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
    void aTierNotAskedForKeepsItsValuesUntilItsOwnCall()
    {
        final Latency latency = new Latency(1_000_000);
        latency.beginSample();
        latency.recordInSample(Tier.FIRST.ordinal(), 10);
        latency.recordInSample(Tier.SECOND.ordinal(), 20);
        latency.endSample();
        assertEquals(1, latency.intervalHistogram(Tier.FIRST).getTotalCount());
        latency.record(Tier.SECOND, 30);
        latency.record(Tier.FIRST, 40);

        // FIRST's call flipped every tier: SECOND's interval is its values up to that flip, 30 comes with its next
        final Histogram second = latency.intervalHistogram(Tier.SECOND);
        assertEquals(List.of(1L, 20L), List.of(second.getTotalCount(), second.getMinValue()));
        final Histogram first = latency.intervalHistogram(Tier.FIRST);
        assertEquals(List.of(1L, 40L), List.of(first.getTotalCount(), first.getMinValue()));
        final Histogram secondAgain = latency.intervalHistogram(Tier.SECOND);
        assertEquals(List.of(1L, 30L), List.of(secondAgain.getTotalCount(), secondAgain.getMinValue()));
        assertEquals(0, latency.intervalHistogram(Tier.SECOND).getTotalCount());
        assertEquals(0, latency.intervalHistogram(Tier.FIRST).getTotalCount());
    }

    @Test
    void noValueIsLostOrCountedTwiceWhileAnotherThreadTakesIntervals() throws Exception
    {
        final Latency latency = new Latency(1_000_000);
        final int samples = 2_000_000;
        final Thread writer = new Thread(() ->
        {
            for (int i = 1; i <= samples; i++)
            {
                latency.beginSample();
                latency.recordInSample(Tier.FIRST.ordinal(), i % 1000 + 1);
                latency.recordInSample(Tier.SECOND.ordinal(), i % 1000 + 1);
                latency.endSample();
            }
        });
        writer.start();
        long first = 0;
        long second = 0;
        int intervals = 0;
        while (writer.isAlive())
        {
            first += latency.intervalHistogram(Tier.FIRST).getTotalCount();
            second += latency.intervalHistogram(Tier.SECOND).getTotalCount();
            intervals++;
        }
        writer.join();
        first += latency.intervalHistogram(Tier.FIRST).getTotalCount();
        second += latency.intervalHistogram(Tier.SECOND).getTotalCount();
        assertEquals(List.of((long)samples, (long)samples), List.of(first, second), intervals + " intervals taken");
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
