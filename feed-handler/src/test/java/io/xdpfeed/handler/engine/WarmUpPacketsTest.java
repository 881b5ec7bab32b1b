package io.xdpfeed.handler.engine;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.handler.stats.HandlerLatency;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the warm-up feeds its scratch engines must take the branches live traffic takes: instruments the directory
 * finds by its table (large ids, CME's) and by index (small ids), and wire latencies inside and outside the
 * histograms' range.
 */
@Timeout(10)
class WarmUpPacketsTest
{
    @Test
    void theWarmUpsInstrumentsHaveLargeAndSmallIdsInTurn()
    {
        final WarmUpPackets packets = new WarmUpPackets(1);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[WarmUpPackets.MAX_LENGTH]);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final MDIncrementalRefreshBook46Decoder book = new MDIncrementalRefreshBook46Decoder();
        final List<Integer> firstIds = new ArrayList<>();
        final TreeSet<Integer> ids = new TreeSet<>();
        for (int i = 0; i < 8; i++)
        {
            packets.next(buffer, 1_000_000_000L);
            book.wrapAndApplyHeader(buffer, 14, header);
            final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entries = book.noMDEntries();
            assertEquals(WarmUpPackets.ENTRIES, entries.count());
            int first = -1;
            for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entry : entries)
            {
                first = first == -1 ? entry.securityID() : first;
                ids.add(entry.securityID());
            }
            firstIds.add(first);
        }
        final int large = WarmUpPackets.FIRST_SECURITY_ID;
        final int small = WarmUpPackets.FIRST_SMALL_SECURITY_ID;
        assertEquals(new TreeSet<>(List.of(small, small + 1, large, large + 1)), ids);
        assertEquals(List.of(small, large + 1, small + 1, large, small, large + 1, small + 1, large), firstIds,
            "a small and a large id in turn, packet after packet");
    }

    @Test
    void sendingTimesPutSomeWireLatenciesOutsideTheHistogramsRange()
    {
        final long receiveNs = 1_767_600_000_000_000_000L;
        int ahead = 0;
        int beyondRange = 0;
        int usual = 0;
        for (int n = 0; n < 640; n++)
        {
            final long wireNs = receiveNs - WarmUp.sendingTimeNs(n, receiveNs);
            if (wireNs < 1)
            {
                ahead++;
            }
            else if (wireNs > HandlerLatency.DEFAULT_HIGHEST_TRACKABLE_NS)
            {
                beyondRange++;
            }
            else
            {
                assertEquals(20_000, wireNs);
                usual++;
            }
        }
        assertEquals(List.of(10, 10, 620), List.of(ahead, beyondRange, usual));
    }
}
