package io.xdpfeed.bench.remote;

import io.aeron.Aeron;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.ArchivingMediaDriver;
import io.aeron.archive.client.AeronArchive;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.bench.live.AeronChannels;
import io.xdpfeed.bench.live.BookComparison;
import io.xdpfeed.bench.live.LiveSubscriber;
import io.xdpfeed.client.ArchiveReplay;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.client.ReplayMergeJoin;
import io.xdpfeed.client.archive.ArchiveReplayMain;
import io.xdpfeed.handler.archive.ArchiveSettings;
import io.xdpfeed.handler.archive.HandlerArchive;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.FeedHandler;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.SimulationResult;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.CmeConfigWriter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.client.BookMirror.Count.GAPS;
import static io.xdpfeed.client.BookMirror.Count.LATE_JOINS;
import static io.xdpfeed.client.BookMirror.Count.RECORDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler records its market-data stream (MDC UDP, read locally by a spy) with its embedded archive; once the
 * session is over and the handler gone, a research job starts an archive of its own on the same directory and
 * replays the recording into a feed-client subscriber: its books equal the truth and the live subscriber's, record
 * for record. A strategy on another host (its own media driver) joins halfway by replaying the recording through the
 * archive's UDP control channel and merging into the live MDC stream: it asks the handler for nothing and ends equal.
 */
@Timeout(60)
class ArchiveReplayTest
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
    void lateJoinByReplayMergeEndsEqual() throws Exception
    {
        final SimulatorConfig simulation = SimulatorConfig.builder().instruments(12).packets(4_000).seed(5).build();
        final LineMap lineMap = CmeConfigParser.parse(new ByteArrayInputStream(
            CmeConfigWriter.toXml(simulation).getBytes(StandardCharsets.UTF_8)), "sim config.xml");
        final int dataPort = RemoteSubscriberTest.freeUdpPort();
        final String publication = AeronChannels.publication("127.0.0.1", dataPort);
        final String archiveControl = "aeron:udp?endpoint=127.0.0.1:" + RemoteSubscriberTest.freeUdpPort();
        final QueuedPacketSource source = new QueuedPacketSource();
        final FeedHandler handler = FeedHandler.launch(new FeedHandler.Context()
            .lineMap(lineMap)
            .packetSource(source)
            .embeddedAeronDir(RemoteSubscriberTest.uniqueDir("merge-handler"))
            .marketDataChannel(publication)
            .controlChannel(AeronChannels.control("127.0.0.1", RemoteSubscriberTest.freeUdpPort()))
            .archive(new ArchiveSettings(ArchiveSettings.Mode.EMBEDDED, temp.resolve("archive").toString(),
                archiveControl, 0, 0))
            .receiveIdleStrategy(new BackoffIdleStrategy()));
        resources.add(handler);
        final LiveSubscriber live = new LiveSubscriber(new MarketDataSubscriber.Context()
            .aeronDirectoryName(handler.context().embeddedAeronDir())
            .channel(AeronChannels.spy(publication)), 1_000_000, 0, new YieldingIdleStrategy(), -1);
        resources.add(live);
        live.awaitConnected(10_000);

        final List<byte[]> payloads = new ArrayList<>();
        final List<int[]> destinations = new ArrayList<>();
        final SimulationResult result = new ExchangeSimulator(simulation).run((line, buffer, offset, length, timeNs) ->
        {
            final byte[] payload = new byte[length];
            buffer.getBytes(offset, payload);
            payloads.add(payload);
            destinations.add(new int[]{ simulation.channel().groupAddress(line), simulation.channel().port(line) });
        });
        final int half = payloads.size() / 2;
        for (int i = 0; i < half; i++)
        {
            source.add(destinations.get(i)[0], destinations.get(i)[1], payloads.get(i));
        }
        while (!source.isEmpty() || live.onPollThread(mirror -> mirror.count(RECORDS)) == 0)
        {
            Thread.sleep(10);
        }

        // the strategy host: its own driver, the archive reached over UDP, a replay merged into the live stream
        final String strategyDir = RemoteSubscriberTest.uniqueDir("merge-strategy");
        resources.add(MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(strategyDir)
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true)));
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(strategyDir));
        resources.add(aeron);
        final AeronArchive archive = AeronArchive.connect(new AeronArchive.Context().aeron(aeron)
            .ownsAeronClient(false)
            .controlRequestChannel(archiveControl)
            .controlResponseChannel("aeron:udp?endpoint=127.0.0.1:0"));
        resources.add(archive);
        final LiveSubscriber joiner = new LiveSubscriber(new MarketDataSubscriber.Context()
            .aeron(aeron)
            .replayMerge(new ReplayMergeJoin(archive, handler.recording().recordingId(),
                AeronChannels.remoteSubscription("127.0.0.1", RemoteSubscriberTest.freeUdpPort(), "127.0.0.1",
                dataPort), "aeron:udp?endpoint=127.0.0.1:0")), 1_000_000, 0, new YieldingIdleStrategy(), -1);
        resources.add(joiner);
        joiner.awaitConnected(10_000);
        for (int i = half; i < payloads.size(); i++)
        {
            source.add(destinations.get(i)[0], destinations.get(i)[1], payloads.get(i));
        }

        final int channelId = simulation.channel().channelId();
        for (final LiveSubscriber subscriber : List.of(live, joiner))
        {
            final BookComparison books = RemoteSubscriberTest.awaitEqual(subscriber, channelId, result);
            assertTrue(books.allEqual(), books::toString);
        }
        final long liveRecords = live.onPollThread(mirror -> mirror.count(RECORDS));
        final long deadlineMs = System.currentTimeMillis() + 10_000;
        while (joiner.onPollThread(mirror -> mirror.count(RECORDS)) < liveRecords &&
            System.currentTimeMillis() < deadlineMs)
        {
            Thread.sleep(20);
        }
        assertEquals(liveRecords, (long)joiner.onPollThread(mirror -> mirror.count(RECORDS)),
            "every record, replayed then live");
        assertEquals(0L, (long)joiner.onPollThread(mirror -> mirror.count(LATE_JOINS)), "no snapshot request");
        assertEquals(0L, (long)joiner.onPollThread(mirror -> mirror.count(GAPS)));
    }

    @Test
    void replayOfAFinishedSessionEqualsTheLiveBooksAndRecordCount() throws Exception
    {
        final SimulatorConfig simulation = SimulatorConfig.builder().instruments(12).packets(4_000).seed(3)
            .lossA(0.01).lossB(0.01).lossBothBursts(2).build();
        final LineMap lineMap = CmeConfigParser.parse(new ByteArrayInputStream(
            CmeConfigWriter.toXml(simulation).getBytes(StandardCharsets.UTF_8)), "sim config.xml");
        final String publication = AeronChannels.publication("127.0.0.1", RemoteSubscriberTest.freeUdpPort());
        final String archiveDir = temp.resolve("archive").toString();
        final QueuedPacketSource source = new QueuedPacketSource();
        final FeedHandler handler = FeedHandler.launch(new FeedHandler.Context()
            .lineMap(lineMap)
            .packetSource(source)
            .embeddedAeronDir(RemoteSubscriberTest.uniqueDir("archive-handler"))
            .marketDataChannel(publication)
            .archive(ArchiveSettings.embedded(archiveDir))
            .receiveIdleStrategy(new BackoffIdleStrategy()));
        resources.add(handler);
        assertNotNull(handler.recording());
        final long recordingId = handler.recording().recordingId();

        final LiveSubscriber live = new LiveSubscriber(new MarketDataSubscriber.Context()
            .aeronDirectoryName(handler.context().embeddedAeronDir())
            .channel(AeronChannels.spy(publication)), 1_000_000, 0, new YieldingIdleStrategy(), -1);
        resources.add(live);
        live.awaitConnected(10_000);
        final SimulationResult result = new ExchangeSimulator(simulation).run((line, buffer, offset, length, timeNs) ->
        {
            final byte[] payload = new byte[length];
            buffer.getBytes(offset, payload);
            source.add(simulation.channel().groupAddress(line), simulation.channel().port(line), payload);
        });
        final int channelId = simulation.channel().channelId();
        final BookComparison liveBooks = RemoteSubscriberTest.awaitEqual(live, channelId, result);
        assertTrue(liveBooks.allEqual(), liveBooks::toString);
        final long liveRecords = live.onPollThread(mirror -> mirror.count(RECORDS));
        live.close();
        handler.close();

        // the research job, later: an archive of its own on the recordings' directory
        final String researchDir = RemoteSubscriberTest.uniqueDir("research");
        final ArchivingMediaDriver research = ArchivingMediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(researchDir).threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true), new Archive.Context().aeronDirectoryName(researchDir)
            .archiveDirectoryName(archiveDir).controlChannelEnabled(false)
            .replicationChannel(HandlerArchive.REPLICATION_CHANNEL).threadingMode(ArchiveThreadingMode.SHARED)
            .archiveClientContext(new AeronArchive.Context()
                .controlResponseChannel(AeronArchive.Configuration.localControlChannel())));
        resources.add(research);
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(researchDir));
        resources.add(aeron);
        final AeronArchive archive = HandlerArchive.connect(aeron, "research archive");
        resources.add(archive);
        assertEquals(recordingId, ArchiveReplay.lastRecording(archive, 1001));
        try (ArchiveReplay replay = ArchiveReplay.start(archive, recordingId, new MarketDataSubscriber.Context()))
        {
            assertTrue(replay.stopPosition() > 0, "the recording stopped with the handler");
            assertTrue(replay.runToEnd(new YieldingIdleStrategy(), 20_000), "the replay did not end");
            final BookComparison replayed = BookComparison.compare(replay.subscriber().mirror(), channelId,
                result.books());
            assertTrue(replayed.allEqual(), replayed::toString);
            assertEquals(liveRecords, replay.subscriber().mirror().count(RECORDS));
            assertEquals(0, replay.subscriber().mirror().count(GAPS));
            assertEquals(0, replay.subscriber().mirror().count(LATE_JOINS));
        }

        // scripts/archive-replay on the same directory, paced 1,000 times faster than the session
        CloseHelper.closeAll(archive, aeron, research);
        final ByteArrayOutputStream output = new ByteArrayOutputStream();
        assertEquals(0, ArchiveReplayMain.run(new PrintStream(output, true, StandardCharsets.UTF_8), archiveDir, null,
            Aeron.NULL_VALUE, 1001, false, 1_000, 20_000), output::toString);
        assertTrue(output.toString(StandardCharsets.UTF_8).startsWith(String.format(
            "archive-replay: recording %d of stream 1001: %,d records, 12 books, 0 record gaps", recordingId,
            liveRecords)), output::toString);
    }
}
