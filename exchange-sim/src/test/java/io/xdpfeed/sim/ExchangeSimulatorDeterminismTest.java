package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimulatorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class ExchangeSimulatorDeterminismTest
{
    private static final SimulatorConfig FAULTY = SimulatorConfig.builder()
        .instruments(8).packets(6_000).seed(42).lossA(0.02).lossB(0.02).lossBothBursts(3).duplicate(0.01)
        .reorderWindow(3).resetAt(4_000).build();

    @Test
    void sameSeedGivesIdenticalCaptureTruthAndConfig(@TempDir final Path dir) throws Exception
    {
        final SimulationResult first = new ExchangeSimulator(FAULTY).run(
            dir.resolve("1.pcap"), dir.resolve("1.json"), dir.resolve("1.xml"));
        final SimulationResult second = new ExchangeSimulator(FAULTY).run(
            dir.resolve("2.pcap"), dir.resolve("2.json"), dir.resolve("2.xml"));

        assertArrayEquals(Files.readAllBytes(dir.resolve("1.pcap")), Files.readAllBytes(dir.resolve("2.pcap")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("1.json")), Files.readAllBytes(dir.resolve("2.json")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("1.xml")), Files.readAllBytes(dir.resolve("2.xml")));
        assertEquals(first.books(), second.books());
        assertEquals(first.summary(), second.summary());
    }

    @Test
    void oneSimulatorRunsTwiceTheSame()
    {
        final SimulationResult[] result = new SimulationResult[1];
        final List<Datagram> first = RecordingSink.record(FAULTY, result);
        final List<Datagram> second = RecordingSink.record(FAULTY, result);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++)
        {
            assertEquals(first.get(i).line(), second.get(i).line());
            assertEquals(first.get(i).timeNs(), second.get(i).timeNs());
            assertArrayEquals(first.get(i).payload(), second.get(i).payload(), "datagram " + i);
        }
    }

    @Test
    void anotherSeedGivesAnotherMarket(@TempDir final Path dir) throws Exception
    {
        new ExchangeSimulator(FAULTY).run(dir.resolve("1.pcap"), null, null);
        new ExchangeSimulator(FAULTY.toBuilder().seed(43).build()).run(dir.resolve("2.pcap"), null, null);
        assertFalse(java.util.Arrays.equals(
            Files.readAllBytes(dir.resolve("1.pcap")), Files.readAllBytes(dir.resolve("2.pcap"))));
    }

    @Test
    void faultsNeverChangeThePacketsOrTheTruth()
    {
        final SimulatorConfig clean = FAULTY.toBuilder().lossA(0).lossB(0).lossBothBursts(0).duplicate(0)
            .reorderWindow(0).build();
        final SimulationResult[] cleanResult = new SimulationResult[1];
        final SimulationResult[] faultyResult = new SimulationResult[1];
        final SortedMap<Long, byte[]> cleanPackets =
            ReferenceChannel.incrementalUnion(RecordingSink.record(clean, cleanResult));
        final List<Datagram> faulty = RecordingSink.record(FAULTY, faultyResult);
        final SortedMap<Long, byte[]> faultyPackets = ReferenceChannel.incrementalUnion(faulty);

        assertEquals(cleanResult[0].books(), faultyResult[0].books(), "the truth does not depend on faults");
        assertTrue(faultyResult[0].faults().lostOnBoth() > 0, "the faulty run lost packets on both lines");
        assertEquals(FAULTY.packets() - faultyResult[0].faults().lostOnBoth(), faultyPackets.size());
        faultyPackets.forEach((seq, payload) -> assertArrayEquals(cleanPackets.get(seq), payload, "packet " + seq));
        assertNotEquals(cleanResult[0].totalDatagrams(), faultyResult[0].totalDatagrams());
    }
}
