package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.replay.BookJsonWriter;
import io.xdpfeed.handler.replay.ReplayMain;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.truth.TruthJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine replays the exchange simulator's feed and ends with books equal to the simulator's truth: no loss,
 * loss on A, loss on B, bursts lost on both lines (recovered from the snapshot loop), duplicates and reordering,
 * and a channel reset on top. The simulator feeds the engine in memory (same datagrams and timestamps as its
 * capture); one test goes through a real capture file and {@code scripts/replay --books}.
 */
@Timeout(180)
class SimulatedFeedReplayTest
{
    private static final int PACKETS = 8_000;

    private static SimulatorConfig.Builder config()
    {
        return SimulatorConfig.builder().instruments(12).packets(PACKETS).seed(42);
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
        return SimulatedReplay.replay(config, false, skipDatagrams);
    }

    private static void assertBooksEqualTruth(final SimulatedReplay run)
    {
        final int levels = run.result().books().values().stream()
            .mapToInt(book -> book.bids().size() + book.asks().size()).sum();
        assertTrue(levels > 100, "the truth has books: " + levels + " levels");
        assertEquals(12, run.result().books().size());
        assertEquals(TruthJson.toJson(run.result().books()),
            TruthJson.toJson(TruthJson.parse(BookJsonWriter.toJson(run.engine()))));
        assertEquals(0, run.engine().staleInstruments());
        assertEquals(0, run.engine().malformed());
    }

    @Test
    void noLoss()
    {
        final SimulatedReplay run = replay(config().build());
        assertBooksEqualTruth(run);
        assertEquals(0, run.engine().recoveries());
        assertEquals(0, run.engine().gaps());
        assertEquals(PACKETS, run.engine().duplicates());
    }

    @Test
    void lossOnLineA()
    {
        final SimulatedReplay run = replay(config().lossA(0.05).build());
        assertTrue(run.result().faults().lostOnA() > 100);
        assertBooksEqualTruth(run);
        assertEquals(0, run.engine().recoveries());
        assertEquals(PACKETS - run.result().faults().lostOnA(), run.engine().duplicates());
    }

    @Test
    void lossOnLineB()
    {
        final SimulatedReplay run = replay(config().lossB(0.05).build());
        assertTrue(run.result().faults().lostOnB() > 100);
        assertBooksEqualTruth(run);
        assertEquals(0, run.engine().recoveries());
    }

    @Test
    void burstsLostOnBothLinesAreRecoveredFromSnapshots()
    {
        final SimulatedReplay run = replay(config().lossA(0.01).lossB(0.01).lossBothBursts(4).build());
        assertEquals(4, run.result().faults().bursts().size());
        assertBooksEqualTruth(run);
        assertEquals(4, run.engine().gaps());
        assertEquals(run.result().faults().lostOnBoth(), run.engine().lostPackets());
        assertTrue(run.engine().recoveries() >= 4, "recoveries " + run.engine().recoveries());
        assertTrue(run.engine().snapshotsApplied() >= 12, "snapshots " + run.engine().snapshotsApplied());
    }

    @Test
    void duplicatesAndReordering()
    {
        final SimulatedReplay run = replay(config().duplicate(0.02).reorderWindow(6).reorderProbability(0.2).build());
        assertTrue(run.result().faults().reorderedA() + run.result().faults().reorderedB() > 100);
        assertBooksEqualTruth(run);
        assertEquals(0, run.engine().recoveries());
    }

    @Test
    void everythingAtOnceWithChannelResets()
    {
        final SimulatedReplay run = replay(config().seed(7).lossA(0.02).lossB(0.02).lossBothBursts(3).duplicate(0.01)
            .reorderWindow(4).resetAt(3_000, 6_000).build());
        assertBooksEqualTruth(run);
        assertEquals(2, run.engine().channel(0).channelResets());
    }

    @Test
    void lateStartRecoversEveryInstrument()
    {
        final SimulatedReplay run = replay(config().lossA(0.01).duplicate(0.01).build(), 5_000);
        assertBooksEqualTruth(run);
        assertEquals(1, run.engine().channel(0).lateStarts());
        assertTrue(run.engine().snapshotsApplied() >= 12, "snapshots " + run.engine().snapshotsApplied());
    }

    @ParameterizedTest
    @ValueSource(longs = { 11, 12, 13 })
    void longerRunsWithEveryFault(final long seed)
    {
        final SimulatedReplay run = replay(SimulatorConfig.builder().instruments(20).packets(30_000).seed(seed)
            .lossA(0.02).lossB(0.02).lossBothBursts(8).burstLength(30).duplicate(0.01).reorderWindow(8)
            .resetAt(10_000).build());
        assertEquals(TruthJson.toJson(run.result().books()),
            TruthJson.toJson(TruthJson.parse(BookJsonWriter.toJson(run.engine()))));
        assertEquals(0, run.engine().staleInstruments());
    }

    @Test
    void replayToolWritesTheTruthFromACaptureFile(@TempDir final Path dir)
    {
        final SimulatorConfig config = config().seed(3).lossA(0.02).lossB(0.02).lossBothBursts(2).reorderWindow(3)
            .build();
        final Path pcap = dir.resolve("sim.pcap");
        final Path truth = dir.resolve("truth.json");
        final Path configXml = dir.resolve("config.xml");
        new ExchangeSimulator(config).run(pcap, truth, configXml);

        final Path books = dir.resolve("books.json");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReplayMain.run(new String[]{ "--config", configXml.toString(), pcap.toString(),
            "--books", books.toString(), "--summary-json" }, new PrintStream(out), new PrintStream(err));

        assertEquals(0, status, err.toString());
        assertTrue(Files.exists(books));
        assertEquals(TruthJson.read(truth), TruthJson.read(books));
        final String[] lines = out.toString().trim().split("\n");
        final String summary = lines[lines.length - 1];
        assertTrue(summary.contains("\"staleInstruments\":0"), summary);
        assertTrue(summary.matches(".*\"recoveries\":[1-9][0-9]*.*"), summary);
        assertFalse(summary.contains(",}"), summary);
    }
}
