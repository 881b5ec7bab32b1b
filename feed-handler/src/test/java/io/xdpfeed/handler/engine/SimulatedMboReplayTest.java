package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.replay.BookJsonWriter;
import io.xdpfeed.handler.replay.OrderBookJsonWriter;
import io.xdpfeed.handler.replay.ReplayMain;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.SimulationResult;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.sim.truth.TruthOrderBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine replays the exchange simulator's market-by-order feed ({@code --mbo}: 47 in the incremental events,
 * 53 chunks before each 52 in the recovery loop) and ends with order books equal to the simulator's
 * {@code --truth-orders} and MBP books equal to its {@code --truth}: no loss, loss on A, bursts lost on both lines
 * (recovered from 53 + 52), a late start, everything at once with a channel reset, longer runs with every fault;
 * one test goes through a capture file and
 * {@code scripts/replay --orders --books}.
 */
@Timeout(300)
class SimulatedMboReplayTest
{
    private static final int PACKETS = 8_000;

    private static SimulatorConfig.Builder config()
    {
        return SimulatorConfig.builder().instruments(10).packets(PACKETS).seed(42).mbo(true);
    }

    private static SimulatedReplay replay(final SimulatorConfig config)
    {
        return replay(config, 0);
    }

    /**
     * @param skipDatagrams datagrams of the feed the engine does not see: it starts late.
     */
    private static SimulatedReplay replay(final SimulatorConfig config, final long skipDatagrams)
    {
        return SimulatedReplay.replay(config, true, skipDatagrams);
    }

    private static void assertBothTruths(final SimulatedReplay run)
    {
        final SortedMap<Integer, TruthOrderBook> truthOrders = run.result().orderBooks();
        final long orders = truthOrders.values().stream().mapToLong(book -> book.bids().size() + book.asks().size())
            .sum();
        assertTrue(orders > 500, "the order truth has orders: " + orders);
        assertEquals(10, truthOrders.size());
        assertEquals(OrderTruthJson.toJson(truthOrders),
            OrderTruthJson.toJson(OrderTruthJson.parse(OrderBookJsonWriter.toJson(run.engine()))), "order books");
        assertEquals(TruthJson.toJson(run.result().books()),
            TruthJson.toJson(TruthJson.parse(BookJsonWriter.toJson(run.engine()))), "MBP books");
        assertEquals(0, run.engine().staleInstruments());
        assertEquals(0, run.engine().malformed());
    }

    @Test
    void noLoss()
    {
        final SimulatedReplay run = replay(config().build());
        assertBothTruths(run);
        assertEquals(0, run.engine().recoveries());
        assertEquals(0, run.engine().gaps());
    }

    @Test
    void lossOnLineA()
    {
        final SimulatedReplay run = replay(config().lossA(0.05).build());
        assertTrue(run.result().faults().lostOnA() > 100);
        assertBothTruths(run);
        assertEquals(0, run.engine().recoveries());
    }

    @Test
    void burstsLostOnBothLinesAreRecoveredFromOrderSnapshots()
    {
        final SimulatedReplay run = replay(config().lossA(0.01).lossB(0.01).lossBothBursts(4).build());
        assertEquals(4, run.result().faults().bursts().size());
        assertBothTruths(run);
        assertEquals(4, run.engine().gaps());
        assertTrue(run.engine().recoveries() >= 4, "recoveries " + run.engine().recoveries());
        assertTrue(run.engine().snapshotsApplied() >= 10, "snapshots " + run.engine().snapshotsApplied());
    }

    @Test
    void everythingAtOnceWithAChannelReset()
    {
        final SimulatedReplay run = replay(config().seed(7).lossA(0.02).lossB(0.02).lossBothBursts(3).burstLength(20)
            .duplicate(0.01).reorderWindow(4).resetAt(4_000).build());
        assertBothTruths(run);
        assertEquals(1, run.engine().channel(0).channelResets());
    }

    @Test
    void lateStartRecoversEveryOrderBook()
    {
        final SimulatedReplay run = replay(config().lossA(0.01).duplicate(0.01).build(), 5_000);
        assertBothTruths(run);
        assertEquals(1, run.engine().channel(0).lateStarts());
        assertTrue(run.engine().snapshotsApplied() >= 10, "snapshots " + run.engine().snapshotsApplied());
    }

    @ParameterizedTest
    @ValueSource(longs = { 11, 12, 13 })
    void longerRunsWithEveryFault(final long seed)
    {
        final SimulatedReplay run = replay(SimulatorConfig.builder().instruments(20).packets(30_000).seed(seed)
            .mbo(true).lossA(0.02).lossB(0.02).lossBothBursts(8).burstLength(30).duplicate(0.01).reorderWindow(8)
            .resetAt(10_000).build());
        assertEquals(OrderTruthJson.toJson(run.result().orderBooks()),
            OrderTruthJson.toJson(OrderTruthJson.parse(OrderBookJsonWriter.toJson(run.engine()))));
        assertEquals(TruthJson.toJson(run.result().books()),
            TruthJson.toJson(TruthJson.parse(BookJsonWriter.toJson(run.engine()))));
        assertEquals(0, run.engine().staleInstruments());
    }

    @Test
    void replayToolWritesBothTruthsFromACaptureFile(@TempDir final Path dir)
    {
        final SimulatorConfig config = config().seed(3).lossA(0.02).lossB(0.02).lossBothBursts(2).build();
        final Path pcap = dir.resolve("sim.pcap");
        final Path truth = dir.resolve("truth.json");
        final Path configXml = dir.resolve("config.xml");
        final SimulationResult result = new ExchangeSimulator(config).run(pcap, truth, configXml);
        final Path truthOrders = dir.resolve("truth-orders.json");
        OrderTruthJson.write(truthOrders, result.orderBooks());

        final Path books = dir.resolve("books.json");
        final Path orders = dir.resolve("orders.json");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReplayMain.run(new String[]{ "--config", configXml.toString(), pcap.toString(),
            "--books", books.toString(), "--orders", orders.toString(), "--summary-json" }, new PrintStream(out),
            new PrintStream(err));

        assertEquals(0, status, err.toString());
        assertEquals(TruthJson.read(truth), TruthJson.read(books));
        assertEquals(OrderTruthJson.read(truthOrders), OrderTruthJson.read(orders));
        assertTrue(Files.exists(orders));
        final String[] lines = out.toString().trim().split("\n");
        final String summary = lines[lines.length - 1];
        assertTrue(summary.contains("\"staleInstruments\":0"), summary);
        assertTrue(summary.matches(".*\"recoveries\":[1-9][0-9]*.*"), summary);
    }
}
