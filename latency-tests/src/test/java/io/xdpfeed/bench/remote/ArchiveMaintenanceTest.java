package io.xdpfeed.bench.remote;

import io.aeron.Aeron;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.ArchivingMediaDriver;
import io.aeron.archive.client.AeronArchive;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.handler.archive.ArchiveSettings;
import io.xdpfeed.handler.archive.HandlerArchive;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.FeedHandler;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.CmeConfigWriter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recording's upkeep: segments older than the purge age are purged while the handler runs (the recording's start
 * moves forward a whole segment at a time), and an external archive (one running with the external media driver)
 * records the stream as the embedded one does.
 */
@Timeout(60)
class ArchiveMaintenanceTest
{
    private final List<AutoCloseable> resources = new ArrayList<>();
    @TempDir
    Path temp;

    @AfterEach
    void tearDown()
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(resources.get(i));
        }
    }

    @Test
    void segmentsOlderThanThePurgeAgeArePurgedWhileRunning() throws Exception
    {
        final SimulatorConfig simulation = SimulatorConfig.builder().instruments(12).packets(6_000).seed(9).build();
        final QueuedPacketSource source = new QueuedPacketSource();
        final FeedHandler handler = FeedHandler.launch(new FeedHandler.Context()
            .lineMap(lineMap(simulation))
            .packetSource(source)
            .embeddedAeronDir(RemoteSubscriberTest.uniqueDir("purge-handler"))
            .marketDataChannel("aeron:ipc?term-length=64k")
            .archive(new ArchiveSettings(ArchiveSettings.Mode.EMBEDDED, temp.resolve("archive").toString(), "",
                128 * 1024, 500_000_000L))
            .receiveIdleStrategy(new BackoffIdleStrategy()));
        resources.add(handler);
        final List<byte[][]> batches = batches(simulation, 20);
        for (final byte[][] batch : batches)
        {
            for (final byte[] datagram : batch)
            {
                source.add(intAt(datagram, 0), intAt(datagram, 4), Arrays.copyOfRange(datagram, 8,
                    datagram.length));
            }
            Thread.sleep(100);
        }
        final long deadlineMs = System.currentTimeMillis() + 10_000;
        while (handler.recording().segmentsPurged() == 0 && System.currentTimeMillis() < deadlineMs)
        {
            Thread.sleep(50);
        }
        assertTrue(handler.recording().segmentsPurged() > 0, "no segment purged");
        final long recordingId = handler.recording().recordingId();
        final long[] start = { -1 };
        try (AeronArchive archive = HandlerArchive.connect(handler.aeron(), "test"))
        {
            archive.listRecording(recordingId, (controlSessionId, correlationId, id, startTimestamp, stopTimestamp,
                startPosition, stopPosition, initialTermId, segmentFileLength, termBufferLength, mtuLength, sessionId,
                streamId, strippedChannel, originalChannel, sourceIdentity) -> start[0] = startPosition);
        }
        assertEquals(0, start[0] % (128 * 1024), "the start moved by whole segments: " + start[0]);
        assertTrue(start[0] >= 128 * 1024, "start position " + start[0]);
    }

    @Test
    void anExternalArchiveRecordsTheStream() throws Exception
    {
        final SimulatorConfig simulation = SimulatorConfig.builder().instruments(12).packets(2_000).seed(10).build();
        final String dir = RemoteSubscriberTest.uniqueDir("external-driver");
        resources.add(ArchivingMediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true)
            .spiesSimulateConnection(true), new Archive.Context().aeronDirectoryName(dir)
            .archiveDirectoryName(temp.resolve("external-archive").toString()).controlChannelEnabled(false)
            .replicationChannel(HandlerArchive.REPLICATION_CHANNEL).threadingMode(ArchiveThreadingMode.SHARED)
            .archiveClientContext(new AeronArchive.Context()
                .controlResponseChannel(AeronArchive.Configuration.localControlChannel()))));
        final QueuedPacketSource source = new QueuedPacketSource();
        final FeedHandler handler = FeedHandler.launch(new FeedHandler.Context()
            .lineMap(lineMap(simulation))
            .packetSource(source)
            .aeronDir(dir)
            .archive(new ArchiveSettings(ArchiveSettings.Mode.EXTERNAL, "", "", 0, 0))
            .receiveIdleStrategy(new BackoffIdleStrategy()));
        resources.add(handler);
        final long recordingId = handler.recording().recordingId();
        for (final byte[][] batch : batches(simulation, 1))
        {
            for (final byte[] datagram : batch)
            {
                source.add(intAt(datagram, 0), intAt(datagram, 4), Arrays.copyOfRange(datagram, 8,
                    datagram.length));
            }
        }
        while (!source.isEmpty())
        {
            Thread.sleep(10);
        }
        final long published = handler.counters().counter(HandlerCounter.RECORDS_PUBLISHED).get();
        handler.close();
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
            AeronArchive archive = HandlerArchive.connect(aeron, "test"))
        {
            final long stop = archive.getStopPosition(recordingId);
            assertTrue(published > 2_000, "records published " + published);
            assertTrue(stop > published * 32, "recorded up to " + stop + " for " + published + " records");
        }
    }

    private static LineMap lineMap(final SimulatorConfig simulation)
    {
        return CmeConfigParser.parse(new ByteArrayInputStream(
            CmeConfigWriter.toXml(simulation).getBytes(StandardCharsets.UTF_8)), "sim config.xml");
    }

    /**
     * The session's datagrams in {@code count} batches, each datagram prefixed by its group and port.
     */
    private static List<byte[][]> batches(final SimulatorConfig simulation, final int count)
    {
        final List<byte[]> all = new ArrayList<>();
        new ExchangeSimulator(simulation).run((line, buffer, offset, length, timeNs) ->
        {
            final byte[] datagram = new byte[length + 8];
            putInt(datagram, 0, simulation.channel().groupAddress(line));
            putInt(datagram, 4, simulation.channel().port(line));
            buffer.getBytes(offset, datagram, 8, length);
            all.add(datagram);
        });
        final List<byte[][]> batches = new ArrayList<>();
        final int size = (all.size() + count - 1) / count;
        for (int from = 0; from < all.size(); from += size)
        {
            batches.add(all.subList(from, Math.min(all.size(), from + size)).toArray(new byte[0][]));
        }
        return batches;
    }

    private static void putInt(final byte[] bytes, final int at, final int value)
    {
        bytes[at] = (byte)(value >>> 24);
        bytes[at + 1] = (byte)(value >>> 16);
        bytes[at + 2] = (byte)(value >>> 8);
        bytes[at + 3] = (byte)value;
    }

    private static int intAt(final byte[] bytes, final int at)
    {
        return (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8 |
            bytes[at + 3] & 0xFF;
    }
}
