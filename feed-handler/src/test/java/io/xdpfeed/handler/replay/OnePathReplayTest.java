package io.xdpfeed.handler.replay;

import io.aeron.ExclusivePublication;
import io.xdpfeed.handler.TestCaptures.Datagram;
import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.FeedType;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.mdp3.Mdp3Framing;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.SimulationResult;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.truth.TruthJson;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every output of {@code scripts/replay} comes from one run of the engine the live handler runs: the summary's
 * sequencing counts are the engine's (after its reorder window), the events are the records the publisher is given,
 * and books and summary come from the same run.
 */
@Timeout(180)
class OnePathReplayTest
{
    private static final String CHANNEL = "aeron:ipc";
    private static final int STREAM = 1001;

    @TempDir
    Path dir;

    private record Result(int status, String out, String err)
    {
        String summary()
        {
            final String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Result replay(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReplayMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static long field(final String json, final String name)
    {
        final String key = "\"" + name + "\":";
        final int start = json.indexOf(key) + key.length();
        int end = start;
        while (end < json.length() && Character.isDigit(json.charAt(end)))
        {
            end++;
        }
        return Long.parseLong(json.substring(start, end));
    }

    private static String withoutElapsed(final String summary)
    {
        return summary.replaceAll("\"elapsedMs\":[0-9]+", "\"elapsedMs\":_");
    }

    /**
     * The MsgSeqNums of a channel's incremental lines that no line carried, read from the capture bytes
     * independently of the engine, as maximal runs (a run is one hole, its length the packets it lost).
     */
    private static List<long[]> holesOnEveryLine(final Path capture, final LineMap lineMap)
    {
        final TreeSet<Long> seen = new TreeSet<>();
        for (final Datagram datagram : TestCaptures.datagrams(capture))
        {
            final int lineId = lineMap.lineId(datagram.groupAddress(), datagram.port());
            if (lineId != LineMap.NO_LINE && lineMap.line(lineId).feedType() == FeedType.INCREMENTAL)
            {
                seen.add(Mdp3Framing.msgSeqNum(new UnsafeBuffer(datagram.payload()), 0));
            }
        }
        final List<long[]> holes = new ArrayList<>();
        long expected = seen.first();
        for (final long seqNum : seen)
        {
            if (seqNum > expected)
            {
                holes.add(new long[]{ expected, seqNum - 1 });
            }
            expected = seqNum + 1;
        }
        return holes;
    }

    /**
     * A simulated session with reordering on both lines ({@code exchange-sim --reorder 3}), independent loss on
     * A and on B and bursts lost on both: the engine's reorder window puts every reordered packet back, the other
     * line fills every one-line loss, so the summary's gaps and missing packets are exactly the packets lost on both
     * lines (the simulator's truth), one gap per run of them. Sequencing that does not wait (a gap at every packet
     * ahead of the expected one) would have counted every reordered packet as a gap and its late copy as a duplicate.
     */
    @Test
    void reorderedSessionCountsOnlyThePacketsLostOnBothLines()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(12).packets(8_000).seed(5)
            .lossA(0.03).lossB(0.03).lossBothBursts(3).duplicate(0.01).reorderWindow(3).reorderProbability(0.2)
            .build();
        final Path pcap = dir.resolve("sim.pcap");
        final Path truth = dir.resolve("truth.json");
        final Path configXml = dir.resolve("config.xml");
        final SimulationResult simulated = new ExchangeSimulator(config).run(pcap, truth, configXml);
        final SimulationResult.Faults faults = simulated.faults();
        assertTrue(faults.reorderedA() + faults.reorderedB() > 500,
            "reordered " + faults.reorderedA() + " + " + faults.reorderedB());
        assertEquals(3, faults.bursts().size());

        final List<long[]> holes = holesOnEveryLine(pcap, CmeConfigParser.parse(configXml));
        final long lostOnBoth = holes.stream().mapToLong(h -> h[1] - h[0] + 1).sum();
        assertEquals(faults.lostOnBoth(), lostOnBoth, "the capture's holes are the simulator's truth");

        final Result result = replay("--config", configXml.toString(), pcap.toString(), "--summary-json");
        assertEquals(0, result.status, result.err);
        final String summary = result.summary();
        assertEquals(faults.lostOnBoth(), field(summary, "missingPackets"), summary);
        assertEquals(holes.size(), field(summary, "gaps"), summary);
        assertEquals(0, field(summary, "staleInstruments"), summary);
        assertEquals(0, field(summary, "malformed"), summary);
    }

    /**
     * {@code --books} and {@code --summary-json} in one run give both; the books are those of a run with
     * {@code --books} alone (and the simulator's truth), the summary that of a run with {@code --summary-json} alone.
     */
    @Test
    void booksAndSummaryFromOneRun()
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(12).packets(6_000).seed(3)
            .lossA(0.02).lossB(0.02).lossBothBursts(2).reorderWindow(3).build();
        final Path pcap = dir.resolve("sim.pcap");
        final Path truth = dir.resolve("truth.json");
        final Path configXml = dir.resolve("config.xml");
        new ExchangeSimulator(config).run(pcap, truth, configXml);

        final Path both = dir.resolve("both.json");
        final Path alone = dir.resolve("alone.json");
        final Result oneRun = replay("--config", configXml.toString(), pcap.toString(), "--books", both.toString(),
            "--summary-json");
        final Result booksOnly = replay("--config", configXml.toString(), pcap.toString(), "--books",
            alone.toString());
        final Result summaryOnly = replay("--config", configXml.toString(), pcap.toString(), "--summary-json");

        assertEquals(0, oneRun.status, oneRun.err);
        assertEquals(0, booksOnly.status, booksOnly.err);
        assertEquals(0, summaryOnly.status, summaryOnly.err);
        assertEquals(TruthJson.read(alone), TruthJson.read(both));
        assertEquals(TruthJson.read(truth), TruthJson.read(both));
        assertTrue(oneRun.summary().startsWith("{\"capture\":\"sim.pcap\""), oneRun.summary());
        assertEquals(withoutElapsed(summaryOnly.summary()), withoutElapsed(oneRun.summary()));
        assertTrue(field(oneRun.summary(), "recoveries") >= 2, oneRun.summary());
    }

    /**
     * {@code --events} writes one line per record the publisher is given: as many lines as records a real
     * {@link MarketDataProxy} on Aeron counts (recordSeq, dropped ones included) over the same capture, and the
     * trade lines are the summary's trades.
     */
    @Test
    void eventsAreTheRecordsThePublisherIsGiven() throws Exception
    {
        final Path events = dir.resolve("events.jsonl");
        final Result result = replay("--config", TestCaptures.resource("cme-mdp3/" + TestCaptures.V9 +
            ".config.xml").toString(), TestCaptures.capture(TestCaptures.V9).toString(), "--events",
            events.toString(), "--summary-json");
        assertEquals(0, result.status, result.err);
        final List<String> lines = Files.readAllLines(events);

        final long records;
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            final ExclusivePublication publication = aeron.aeron().addExclusivePublication(CHANNEL, STREAM);
            final MarketDataProxy proxy = new MarketDataProxy(publication, new OffsetEpochNanoClock());
            final EngineReplay.Options defaults = EngineReplay.defaults();
            EngineReplay.run(TestCaptures.capture(TestCaptures.V9), TestCaptures.config(TestCaptures.V9),
                new EngineReplay.Options(defaults.channelOptions(), defaults.snapshotFeed(), proxy));
            records = proxy.recordSeq();
        }
        assertTrue(records > 100, "records " + records);
        assertEquals(records, lines.size());

        final Map<String, Integer> byRecord = new HashMap<>();
        for (final String line : lines)
        {
            assertTrue(line.startsWith("{\"msgSeqNum\":") && line.endsWith("}"), line);
            final String record = line.replaceAll("^.*?\"record\":\"([A-Za-z]+)\".*$", "$1");
            byRecord.merge(record, 1, Integer::sum);
        }
        assertEquals(field(result.summary(), "trades"), byRecord.get("Trade").longValue(), byRecord.toString());
        assertTrue(lines.stream().anyMatch(line -> line.matches("\\{\"msgSeqNum\":884140,\"record\":\"Trade\"," +
            "\"channelId\":3[0-9][0-9],\"securityId\":170506,\"rptSeq\":20185,\"price\":12952000000000,\"size\":2," +
            "\"orderCount\":3,\"aggressorSide\":\"SELL\",\"tradeId\":341412,\"endOfEvent\":false}")),
            "the first trade of the capture, its fields as GoldenCaptureTest reads them from the bytes");
    }
}
