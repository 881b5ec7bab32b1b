package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.market.MarketCount;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthJson;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer written here, applying the incremental packets of lines A and B in MsgSeqNum order, ends with the
 * simulator's truth.
 */
@Timeout(120)
class ReferenceBookTest
{
    @Test
    void noLossCaptureRebuildsTheTruth(@TempDir final Path dir) throws Exception
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(15).packets(20_000).seed(3).build();
        final SimulationResult result = new ExchangeSimulator(config).run(
            dir.resolve("clean.pcap"), dir.resolve("truth.json"), null);
        final List<Datagram> datagrams = Capture.read(dir.resolve("clean.pcap"), config.channel());

        final ReferenceChannel reference = replay(datagrams, config);
        assertEquals(config.packets(), reference.lastMsgSeqNum());
        assertBooksEqual(result.books(), reference);
        assertEquals(result.books(), TruthJson.read(dir.resolve("truth.json")), "truth file == result");
        assertTrue(reference.entries() > 50_000, "book entries applied: " + reference.entries());
        for (final MarketCount counter : List.of(MarketCount.TRADES, MarketCount.SWEEPS, MarketCount.DELETE_FROM,
            MarketCount.DELETE_THRU, MarketCount.OVERLAYS, MarketCount.IMPLIED_UPDATES, MarketCount.STATUS_MESSAGES))
        {
            assertTrue(result.count(counter) > 0, counter + " in " + result.summary());
        }
        for (final TruthBook book : result.books().values())
        {
            assertEquals(config.depth(), book.bids().size(), "full books");
            assertEquals(config.depth(), book.asks().size(), "full books");
            assertTrue(book.bids().get(0).price() < book.asks().get(0).price(), "books never cross");
            for (int i = 1; i < config.depth(); i++)
            {
                assertTrue(book.bids().get(i).price() < book.bids().get(i - 1).price(), "bids best first");
                assertTrue(book.asks().get(i).price() > book.asks().get(i - 1).price(), "asks best first");
            }
        }
    }

    @Test
    void oneLineLossDuplicatesAndReorderingLeaveTheUnionComplete()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(10).packets(15_000).seed(11)
            .lossA(0.05).lossB(0.05).duplicate(0.02).reorderWindow(4).reorderProbability(0.2).depth(5).build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);

        final ReferenceChannel reference = replay(datagrams, config);
        assertEquals(config.packets(), reference.lastMsgSeqNum());
        assertBooksEqual(result[0].books(), reference);
        result[0].books().values().forEach(book -> assertEquals(5, book.bids().size(), "depth 5 books"));
    }

    @Test
    void channelResetRestartsBooksAndRptSeqFromScratch()
    {
        final long resetAt = 3_000;
        final SimulatorConfig config = SimulatorConfig.builder().instruments(6).packets(6_000).seed(5)
            .resetAt(resetAt).build();
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> datagrams = RecordingSink.record(config, result);
        final SortedMap<Long, byte[]> union = ReferenceChannel.incrementalUnion(datagrams);

        final ReferenceChannel reference = new ReferenceChannel(config.depth());
        final long[] rptSeqBeforeReset = new long[config.instruments()];
        for (final Map.Entry<Long, byte[]> packet : union.entrySet())
        {
            if (packet.getKey() == resetAt)
            {
                for (int i = 0; i < config.instruments(); i++)
                {
                    rptSeqBeforeReset[i] = reference.rptSeq(config.securityId(i));
                }
            }
            reference.applyPacket(new UnsafeBuffer(packet.getValue()), packet.getValue().length);
            if (packet.getKey() == resetAt)
            {
                for (int i = 0; i < config.instruments(); i++)
                {
                    final TruthBook book = reference.outright(config.securityId(i));
                    assertTrue(book.bids().isEmpty() && book.asks().isEmpty(), "books empty after the reset");
                    assertEquals(0, reference.rptSeq(config.securityId(i)));
                }
            }
        }
        for (final long rptSeq : rptSeqBeforeReset)
        {
            assertTrue(rptSeq > 100, "activity before the reset");
        }
        assertEquals(1, reference.resets());
        assertEquals(1, result[0].count(MarketCount.RESETS));
        assertBooksEqual(result[0].books(), reference);
    }

    static ReferenceChannel replay(final List<Datagram> datagrams, final SimulatorConfig config)
    {
        final ReferenceChannel reference = new ReferenceChannel(config.depth());
        for (final byte[] payload : ReferenceChannel.incrementalUnion(datagrams).values())
        {
            reference.applyPacket(new UnsafeBuffer(payload), payload.length);
        }
        return reference;
    }

    static void assertBooksEqual(final Map<Integer, TruthBook> truth, final ReferenceChannel reference)
    {
        assertTrue(!truth.isEmpty());
        for (final Map.Entry<Integer, TruthBook> entry : truth.entrySet())
        {
            assertEquals(entry.getValue(), reference.outright(entry.getKey()), "book of " + entry.getKey());
        }
    }
}
