package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.archive.ArchiveCounter;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.handler.stats.HandlerLatencyTier;
import io.xdpfeed.handler.stats.IngressCounter;
import io.xdpfeed.handler.stats.LatencyCounter;
import io.xdpfeed.handler.testing.RepositoryDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * docs/counters.md has a row (label in backticks in the first column) for every counter the handler allocates with a
 * fixed label, and for every per-channel one with {@code <id>} for the channel id, and no row for a label the code
 * no longer has.
 */
@Timeout(10)
class CountersReferenceTest
{
    private static final String PAGE = "docs/counters.md";

    private static Set<String> codeLabels()
    {
        final Set<String> labels = new TreeSet<>();
        for (final HandlerCounter counter : HandlerCounter.values())
        {
            labels.add(counter.label());
        }
        for (final ChannelCounter counter : ChannelCounter.values())
        {
            labels.add(counter.label() + ChannelCounter.LABEL_SUFFIX + "<id>");
        }
        labels.add(ChannelCounter.stateLabel(0).replace(" 0 ", " <id> "));
        for (final IngressCounter counter : IngressCounter.values())
        {
            labels.add(counter.label());
        }
        for (final HandlerLatencyTier tier : HandlerLatencyTier.tiers())
        {
            for (final LatencyCounter counter : LatencyCounter.values())
            {
                labels.add(counter.label(tier));
            }
        }
        labels.add(LatencyCounter.INTERVAL_END_LABEL);
        for (final ArchiveCounter counter : ArchiveCounter.values())
        {
            labels.add(counter.label());
        }
        return labels;
    }

    @Test
    void everyCounterHasARow()
    {
        final Set<String> missing = new TreeSet<>(codeLabels());
        missing.removeAll(RepositoryDocs.tableKeys(PAGE));
        assertEquals(Set.of(), missing, PAGE + " lacks a row (| `label` | type id | meaning |) for " +
            missing.size() + " counter(s): " + String.join(", ", missing));
    }

    @Test
    void everyRowIsACounterOfTheCode()
    {
        final Set<String> stale = new TreeSet<>(RepositoryDocs.tableKeys(PAGE));
        stale.removeAll(codeLabels());
        assertEquals(Set.of(), stale, PAGE + " has rows for counters the code does not have: " +
            String.join(", ", stale));
    }
}
