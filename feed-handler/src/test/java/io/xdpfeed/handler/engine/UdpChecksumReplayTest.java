package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.replay.BookJsonWriter;
import io.xdpfeed.handler.replay.EngineReplay;
import io.xdpfeed.handler.replay.Replay;
import io.xdpfeed.handler.replay.ReplaySummary;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.SimulationResult;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.truth.TruthJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13, defect 8: one bit flipped inside a message body of some line-A copies of the real v8 capture (channel
 * 320, A and B), UDP checksums left as they were. The kernel's socket path would drop those copies; so must the
 * capture source: the books then equal the unmodified replay's, because line B's copy is used. With the check off
 * the damaged copies win arbitration and the books are wrong (the test can fail). The same on a simulated session,
 * against the simulator's truth.
 */
@Timeout(120)
class UdpChecksumReplayTest
{
    /** MDIncrementalRefreshBook in schema v8 (46 from v9 on). */
    private static final int MD_INCREMENTAL_REFRESH_BOOK = 32;
    /** Packet header (MsgSeqNum 4, SendingTime 8), MsgSize 2, SBE header 8: the root block of the first message. */
    private static final int ROOT_BLOCK = 12 + 2 + 8;

    @TempDir
    Path dir;

    @Test
    void damagedLineACopiesAreCountedAndDroppedSoLineBGivesTheTrueBooks() throws Exception
    {
        final Path original = TestCaptures.capture(TestCaptures.V8);
        final LineMap lineMap = TestCaptures.config(TestCaptures.V8);

        // the file offset of the first book entry's price in every other line-A book update (the mapping starts at
        // file offset 0, so a payload offset is a file offset)
        final List<Integer> priceOffsets = new ArrayList<>();
        final int[] bookUpdatesOnA = { 0 };
        try (PcapPacketSource source = PcapPacketSource.open(original))
        {
            while (!source.isEnd())
            {
                source.poll((group, port, buffer, offset, length, timeNs) ->
                {
                    final int lineId = lineMap.lineId(group, port);
                    if (lineId < 0 || length < ROOT_BLOCK + 16)
                    {
                        return;
                    }
                    final Line line = lineMap.line(lineId);
                    final int template = buffer.getShort(offset + 16, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                    if (line.feed() == Feed.A && line.isArbitrated() && template == MD_INCREMENTAL_REFRESH_BOOK &&
                        bookUpdatesOnA[0]++ % 2 == 0)
                    {
                        final int rootBlockLength = buffer.getShort(offset + 14, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                        // group header: blockLength u16, numInGroup u8; then MDEntryPx, an int64 mantissa
                        priceOffsets.add(offset + ROOT_BLOCK + rootBlockLength + 3);
                    }
                }, 256);
            }
        }
        assertTrue(priceOffsets.size() > 100, "line-A book updates damaged: " + priceOffsets.size());

        final byte[] bytes = Files.readAllBytes(original);
        for (final int priceOffset : priceOffsets)
        {
            bytes[priceOffset + 2] ^= 0x01; // the price moves by 65536 mantissa units, the checksum stays
        }
        final Path damaged = Files.write(dir.resolve("v8-damaged-on-a.pcap"), bytes);

        final String truth = books(original, true);
        assertTrue(truth.contains("[["), "the capture builds books: " + truth.substring(0, 300));
        assertEquals(truth, books(damaged, true), "line B's copies replace the damaged line-A copies");
        final String unchecked = books(damaged, false);
        assertNotEquals(truth, unchecked, "without the check the damaged copies win and the books are wrong");
        final List<String> truthLines = truth.lines().toList();
        final List<String> uncheckedLines = unchecked.lines().toList();
        assertEquals(truthLines.size(), uncheckedLines.size());
        long wrongInstruments = 0;
        for (int i = 0; i < truthLines.size(); i++)
        {
            wrongInstruments += truthLines.get(i).equals(uncheckedLines.get(i)) ? 0 : 1;
        }
        System.out.println("unchecked: " + wrongInstruments + " of " + (truthLines.size() - 2) +
            " instruments' books wrong after " + priceOffsets.size() + " damaged line-A copies");
        assertTrue(wrongInstruments > 0);

        final ReplaySummary clean = Replay.run(original, lineMap, null);
        final ReplaySummary checked = Replay.run(damaged, lineMap, null);
        final ReplaySummary notChecked = Replay.run(damaged, lineMap, false, null, false).summary();
        assertEquals(List.of(0L, 10000L, clean.acceptedPackets(), clean.duplicates(), 0L),
            List.of(clean.badChecksums(), clean.datagrams(), clean.acceptedPackets(), clean.duplicates(),
                clean.missingPackets()));
        assertEquals(List.of((long)priceOffsets.size(), 10000L - priceOffsets.size(), clean.acceptedPackets(),
            clean.duplicates() - priceOffsets.size(), 0L),
            List.of(checked.badChecksums(), checked.datagrams(), checked.acceptedPackets(), checked.duplicates(),
                checked.missingPackets()));
        assertEquals(List.of(0L, 10000L), List.of(notChecked.badChecksums(), notChecked.datagrams()));
        assertTrue(checked.toJson().contains(",\"badChecksums\":" + priceOffsets.size() + ","), checked.toJson());
    }

    @Test
    void simulatedSessionWithDamagedLineACopiesEndsWithTheSimulatorsTruth() throws Exception
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(12).packets(4_000).seed(13).build();
        final Path capture = dir.resolve("sim.pcap");
        final Path configXml = dir.resolve("sim-config.xml");
        final SimulationResult result = new ExchangeSimulator(config).run(capture, null, configXml);
        final LineMap lineMap = CmeConfigParser.parse(configXml);

        // one bit of the first book entry's price in every third line-A book update (46), checksums as the simulator
        // wrote them
        final List<Integer> damagedOffsets = new ArrayList<>();
        final int[] onA = { 0 };
        try (PcapPacketSource source = PcapPacketSource.open(capture))
        {
            while (!source.isEnd())
            {
                source.poll((group, port, buffer, offset, length, timeNs) ->
                {
                    final int lineId = lineMap.lineId(group, port);
                    final Line line = lineId < 0 ? null : lineMap.line(lineId);
                    if (line != null && line.feed() == Feed.A && line.isArbitrated() && length > ROOT_BLOCK + 24)
                    {
                        final int rootBlockLength = buffer.getShort(offset + 14, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                        final int entry = ROOT_BLOCK + rootBlockLength + 3;
                        final int template = buffer.getShort(offset + 16, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                        if (template == 46 && entry + 8 <= length && onA[0]++ % 3 == 0)
                        {
                            damagedOffsets.add(offset + entry);
                        }
                    }
                }, 256);
            }
            assertEquals(0, source.badChecksums(), "the simulator writes correct checksums");
        }
        assertTrue(damagedOffsets.size() > 500, "damaged: " + damagedOffsets.size());
        final byte[] bytes = Files.readAllBytes(capture);
        for (final int offset : damagedOffsets)
        {
            bytes[offset + 1] ^= 0x20;
        }
        final Path damaged = Files.write(dir.resolve("sim-damaged-on-a.pcap"), bytes);

        final String truth = TruthJson.toJson(result.books());
        for (final boolean verify : List.of(true, false))
        {
            try (PcapPacketSource source = PcapPacketSource.open(damaged, verify))
            {
                final EngineReplay.Result replay = EngineReplay.run(source, source::isEnd, lineMap,
                    EngineReplay.defaults());
                final String books = TruthJson.toJson(TruthJson.parse(BookJsonWriter.toJson(replay.engine())));
                if (verify)
                {
                    assertEquals(truth, books, "line B's copies give the simulator's truth");
                    assertEquals(List.of((long)damagedOffsets.size(), 0L, 0L),
                        List.of(source.badChecksums(), replay.staleInstruments(), replay.engine().gaps()));
                }
                else
                {
                    assertNotEquals(truth, books, "without the check the damaged copies win");
                    assertEquals(0, source.badChecksums());
                }
            }
        }
    }

    @Test
    void everyRealCaptureHasValidUdpChecksums()
    {
        for (final String capture : List.of(TestCaptures.V9, TestCaptures.V8, TestCaptures.V6))
        {
            try (PcapPacketSource source = PcapPacketSource.open(TestCaptures.capture(capture)))
            {
                while (!source.isEnd())
                {
                    source.poll((g, p, b, o, l, t) -> { }, 256);
                }
                assertEquals(List.of(0L, source.frames() - source.skippedFrames()),
                    List.of(source.badChecksums(), source.datagrams()), capture);
            }
        }
    }

    private static String books(final Path capture, final boolean verifyChecksum)
    {
        try (PcapPacketSource source = PcapPacketSource.open(capture, verifyChecksum))
        {
            final EngineReplay.Result result = EngineReplay.run(
                source, source::isEnd, TestCaptures.config(TestCaptures.V8), EngineReplay.defaults());
            // the stale count too: a copy lost on both lines would show there, not only in the books
            return "staleInstruments=" + result.staleInstruments() + " recoveries=" + result.recoveries() + " " +
                BookJsonWriter.toJson(result.engine());
        }
    }
}
