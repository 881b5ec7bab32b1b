package io.xdpfeed.handler.engine;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.codecs.md.SnapshotRequestEncoder;
import io.xdpfeed.handler.testing.ListPacketSource;
import io.xdpfeed.handler.testing.MarketDataRecords;
import io.xdpfeed.handler.testing.MarketDataRecords.Rec;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class FeedHandlerTest
{
    private static final int NULL_ID = Integer.MAX_VALUE;

    @Test
    void publishesOnAnEmbeddedDriverAnswersSnapshotRequestsAndCleansUp()
    {
        final ListPacketSource source = new ListPacketSource();
        final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();
        final FeedHandler.Context context = channel310(source, AeronDirectory.defaultName() + "-" + UUID.randomUUID());

        final String directory;
        try (FeedHandler handler = FeedHandler.launch(context))
        {
            final Aeron aeron = handler.aeron();
            directory = aeron.context().aeronDirectoryName();
            assertTrue(directory.contains("xdpfeed-aeron-"), directory);
            final Subscription marketData = aeron.addSubscription("aeron:ipc", 1001);
            final Publication control = aeron.addPublication("aeron:ipc", 1002);
            while (!marketData.isConnected() || !control.isConnected())
            {
                Thread.onSpinWait();
            }

            builder.packet(1, 1_000).book46(END_OF_EVENT,
                book(7, 1, 0, '0', 1, 100, 5, 1),
                book(7, 2, 0, '1', 1, 101, 6, 2));
            source.add(FeedEngineTest.INCREMENTAL_A, 14310, builder, System.nanoTime());
            source.add(FeedEngineTest.INCREMENTAL_B, 15310, builder, System.nanoTime());

            final MarketDataRecords records = new MarketDataRecords();
            records.pollFor(marketData, 1);

            final UnsafeBuffer request = new UnsafeBuffer(new byte[64]);
            new SnapshotRequestEncoder().wrapAndApplyHeader(request, 0, new MessageHeaderEncoder())
                .requestId(77).subscriberStreamId(1001).channelId(310)
                .securityId(SnapshotRequestEncoder.securityIdNullValue());
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + SnapshotRequestEncoder.BLOCK_LENGTH;
            while (control.offer(request, 0, length) < 0)
            {
                Thread.onSpinWait();
            }
            records.pollFor(marketData, 5);

            assertEquals(List.of(
                new Rec("BookUpdate", 1, 310, 7,
                    "eoe=TRUE rptSeq=2 mei=128 [BID OUTRIGHT NEW 1 100x5(1)] [ASK OUTRIGHT NEW 1 101x6(2)]"),
                new Rec("ChannelStatus", 2, 310, NULL_ID, "LIVE gap=0..0 recoveries=0"),
                new Rec("InstrumentDefinition", 3, 310, 7, " depth=10 implied=10 LIVE"),
                new Rec("BookSnapshot", 4, 310, 7,
                    "request=77 LIVE rptSeq=2 last=1 [BID OUTRIGHT 1 100x5(1)] [ASK OUTRIGHT 1 101x6(2)]"),
                new Rec("SnapshotComplete", 0, 310, 0, "request=77 lastRecordSeq=1 instruments=1")),
                records.records());
            final long[] stamp = records.times().get(0);
            assertTrue(stamp[1] > 1_600_000_000_000_000_000L, "receive time converted to epoch ns");
            assertTrue(stamp[2] >= stamp[1], "published after received");

            final CountersReader counters = aeron.countersReader();
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (counterValue(counters, "xdpfeed duplicates") != 1 && System.nanoTime() < deadline)
            {
                Thread.yield();
            }
            assertEquals(2, counterValue(counters, "xdpfeed packets"));
            assertEquals(1, counterValue(counters, "xdpfeed duplicates"));
            assertEquals(5, counterValue(counters, "xdpfeed records published"));
            assertEquals(1, counterValue(counters, "xdpfeed snapshot requests"));
            assertEquals(0, counterValue(counters,
                "xdpfeed channel 310 state (0 LIVE, 1 STALE, 2 RECOVERING, 3 SILENT)"));
        }
        assertTrue(source.isClosed());
        assertFalse(new File(directory).exists(), "embedded driver directory removed: " + directory);
    }

    @Test
    void theMarketDataLogIsAllocatedAndMappedBeforeTheFirstPacketUnlessToldNot() throws IOException
    {
        assertEquals(List.of(true, true), marketDataLogMappingsResident(true), "the driver's and the client's");
        assertEquals(List.of(false, false), marketDataLogMappingsResident(false), "sparse, touched as written");
    }

    @Test
    void aChannelTheDriverRefusesStopsTheStartInOneLineNamingItsSettingAndLeavesNothing()
    {
        final String dir = AeronDirectory.defaultName() + "-" + UUID.randomUUID();
        final ListPacketSource source = new ListPacketSource();
        final FeedHandler.Context context = channel310(source, dir).warmUpPackets(0)
            .marketDataChannel("aeron:ipc?term-length=1000");

        final ConfigurationException refused =
            assertThrows(ConfigurationException.class, () -> FeedHandler.launch(context).close());
        assertEquals("xdpfeed.md.channel=aeron:ipc?term-length=1000: the media driver refused it " +
            "(java.lang.IllegalStateException : Term length less than min length of 65536: length=1000)",
            refused.getMessage());
        assertTrue(source.isClosed());
        assertFalse(new File(dir).exists(), "embedded driver directory removed: " + dir);
    }

    /**
     * Launch a handler on an embedded driver and read, from this process's memory map, whether each mapping of the
     * market-data log (the driver's and the handler's client's) is resident in whole: a page of it written by the
     * receive thread then never faults.
     */
    private static List<Boolean> marketDataLogMappingsResident(final boolean preTouch) throws IOException
    {
        final FeedHandler.Context context = channel310(new ListPacketSource(),
            AeronDirectory.defaultName() + "-" + UUID.randomUUID()).warmUpPackets(0).marketDataPreTouch(preTouch);
        try (FeedHandler handler = FeedHandler.launch(context))
        {
            final String logs = handler.aeron().context().aeronDirectoryName() + "/publications/";
            final List<Boolean> resident = new ArrayList<>();
            String path = null;
            long sizeKb = 0;
            for (final String line : Files.readAllLines(Path.of("/proc/self/smaps")))
            {
                if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*"))
                {
                    path = line.contains(logs) ? line.substring(line.indexOf(logs)) : null;
                }
                else if (path != null && line.startsWith("Size:"))
                {
                    sizeKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
                else if (path != null && line.startsWith("Rss:"))
                {
                    resident.add(Long.parseLong(line.replaceAll("[^0-9]", "")) == sizeKb);
                }
            }
            return resident;
        }
    }

    /**
     * A handler of channel 310 fed by {@code source}, on an embedded driver in {@code directory}, its agents sharing
     * one thread, no heartbeats.
     */
    private static FeedHandler.Context channel310(final ListPacketSource source, final String directory)
    {
        return new FeedHandler.Context()
            .lineMap(FeedEngineTest.lineMap())
            .channels(310)
            .packetSource(source)
            .threadingMode(ThreadingMode.SHARED)
            .aeronDir("").embeddedAeronDir(directory)
            .heartbeatIntervalNs(0);
    }

    @Test
    void sendsAHeartbeatWhenIdle()
    {
        final ListPacketSource source = new ListPacketSource();
        final FeedHandler.Context context = new FeedHandler.Context()
            .lineMap(FeedEngineTest.lineMap())
            .packetSource(source)
            .threadingMode(ThreadingMode.DEDICATED)
            .aeronDir("").embeddedAeronDir(AeronDirectory.defaultName() + "-" + UUID.randomUUID())
            .heartbeatIntervalNs(5_000_000);
        try (FeedHandler handler = FeedHandler.launch(context))
        {
            final Subscription marketData = handler.aeron().addSubscription("aeron:ipc", 1001);
            final MarketDataRecords records = new MarketDataRecords();
            records.pollFor(marketData, 4);
            // the heartbeats start with the handler: those sent before this subscription connected went to nobody
            // (their recordSeq is consumed), so the first one seen may have any recordSeq; what counts is a heartbeat
            // per channel per interval, the channels taking turns, in sequence with no gap
            final List<Rec> seen = records.records().subList(0, 4);
            for (int i = 0; i < seen.size(); i++)
            {
                final Rec heartbeat = seen.get(i);
                assertEquals(new Rec("Heartbeat", seen.get(0).recordSeq() + i, heartbeat.channelId(), NULL_ID, ""),
                    heartbeat, seen.toString());
                assertTrue(heartbeat.channelId() == 310 || heartbeat.channelId() == 311, seen.toString());
                if (i > 0)
                {
                    assertNotEquals(seen.get(i - 1).channelId(), heartbeat.channelId(), seen.toString());
                }
            }
        }
    }

    static long counterValue(final CountersReader counters, final String label)
    {
        final long[] value = { Long.MIN_VALUE };
        counters.forEach((counterId, typeId, keyBuffer, counterLabel) ->
        {
            if (counterLabel.equals(label))
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        return value[0];
    }
}
