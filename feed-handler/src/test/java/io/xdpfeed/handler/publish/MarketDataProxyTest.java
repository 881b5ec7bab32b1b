package io.xdpfeed.handler.publish;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.handler.channel.ChannelHarnessAccess;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.MarketDataRecords;
import io.xdpfeed.handler.testing.MarketDataRecords.Rec;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MarketDataProxyTest
{
    private static final String CHANNEL = "aeron:ipc";
    private static final int STREAM = 1001;
    private static final int NULL_ID = Integer.MAX_VALUE;

    private EmbeddedAeron aeron;

    @AfterEach
    void close()
    {
        if (aeron != null)
        {
            aeron.close();
        }
    }

    @Test
    void publishesNumberedRecordsASubscriberDecodes()
    {
        aeron = new EmbeddedAeron();
        final Subscription subscription = aeron.aeron().addSubscription(CHANNEL, STREAM);
        final MarketDataProxy proxy = aeron.connectedProxy(CHANNEL, STREAM);
        final ChannelHarnessAccess channel = new ChannelHarnessAccess(proxy);

        channel.incremental(1, 1_000, b -> b
            .definition54(7, "ESZ8", "ES", 10, 2, 1, 1)
            .book46(END_OF_EVENT,
                book(7, 1, 0, '0', 1, 100, 10, 1),
                book(7, 2, 0, 'F', 1, 102, 3, 0),
                book(8, 1, 0, '1', 1, 200, 1, 1))
            .trade48(END_OF_EVENT, new io.xdpfeed.handler.testing.Mdp3PacketBuilder.TradeEntry(7, 3, 100, 2, 1, 2, 9))
            .volume37(END_OF_EVENT, new io.xdpfeed.handler.testing.Mdp3PacketBuilder.VolumeEntry(7, 4, 2))
            .status30(7, "ES", 17));
        proxy.bookSnapshot(channel.instrument(7), 42, 1, 0, 0, 0);
        proxy.heartbeat(0);
        assertTrue(proxy.snapshotComplete(42, 310, proxy.recordSeq(), 1));

        final MarketDataRecords records = new MarketDataRecords();
        records.pollFor(subscription, 9);
        assertEquals(List.of(
            new Rec("InstrumentDefinition", 1, 310, 7, "ESZ8 depth=10 implied=2 LIVE"),
            new Rec("BookUpdate", 2, 310, 7, "eoe=FALSE rptSeq=2 mei=128 [BID OUTRIGHT NEW 1 100x10(1)]" +
                " [ASK IMPLIED NEW 1 102x3(0)]"),
            new Rec("BookUpdate", 3, 310, 8, "eoe=TRUE rptSeq=1 mei=128 [ASK OUTRIGHT NEW 1 200x1(1)]"),
            new Rec("Trade", 4, 310, 7, "100x2 orders=1 SELL id=9 eoe=TRUE rptSeq=3"),
            new Rec("Volume", 5, 310, 7, "2 rptSeq=4 eoe=TRUE"),
            new Rec("InstrumentStatus", 6, 310, 7, "LIVE trading=17"),
            new Rec("BookSnapshot", 7, 310, 7, "request=42 LIVE rptSeq=4 last=1 [BID OUTRIGHT 1 100x10(1)]" +
                " [ASK IMPLIED 1 102x3(0)]"),
            new Rec("Heartbeat", 8, 0, NULL_ID, ""),
            new Rec("SnapshotComplete", 0, 310, 0, "request=42 lastRecordSeq=8 instruments=1")),
            records.records());
        final long[] stamp = records.times().get(1);
        assertEquals(1_000, stamp[0]);
        assertEquals(1_000, stamp[1]);
        assertTrue(stamp[2] > 1_600_000_000_000_000_000L, "publishTimeNs is epoch ns");
        assertEquals(1, stamp[3]);
        assertEquals(9, proxy.published());
        assertEquals(0, proxy.dropped());
    }

    @Test
    void aDatagramsBatchGoesOutWithThePublishTimeItIsGiven()
    {
        aeron = new EmbeddedAeron();
        final Subscription subscription = aeron.aeron().addSubscription(CHANNEL, STREAM);
        final MarketDataProxy proxy = aeron.connectedProxy(CHANNEL, STREAM);
        final PacketInfo packet = new PacketInfo();
        proxy.onPacketStart();
        proxy.onChannelStatus(310, FeedStatus.STALE, 3, 4, 1, packet);
        proxy.onChannelStatus(310, FeedStatus.LIVE, 0, 0, 1, packet);
        proxy.onPacketEnd(1_767_600_000_123_456_789L);

        final MarketDataRecords records = new MarketDataRecords();
        records.pollFor(subscription, 2);
        assertEquals(List.of(1_767_600_000_123_456_789L, 1_767_600_000_123_456_789L),
            List.of(records.times().get(0)[2], records.times().get(1)[2]), "one batch, both records stamped with it");
        assertEquals(1, proxy.batches());
    }

    @Test
    void backPressureIsCountedAndTheSubscriberSeesTheGap()
    {
        aeron = new EmbeddedAeron(64 * 1024);
        final Subscription subscription = aeron.aeron().addSubscription(CHANNEL, STREAM);
        final MarketDataProxy proxy = aeron.connectedProxy(CHANNEL, STREAM);
        int sent = 0;
        while (proxy.backPressured() == 0)
        {
            proxy.heartbeat(1);
            sent++;
        }
        final long droppedSeq = proxy.recordSeq();
        final MarketDataRecords records = new MarketDataRecords();
        records.pollFor(subscription, sent - 1);
        final long publishedBefore = proxy.published();
        while (proxy.published() == publishedBefore)
        {
            proxy.heartbeat(1);
            records.poll(subscription);
        }
        records.pollFor(subscription, sent);

        final List<Rec> received = records.records();
        assertEquals(sent, received.size());
        assertEquals(droppedSeq - 1, received.get(sent - 2).recordSeq());
        assertEquals(proxy.recordSeq(), received.get(sent - 1).recordSeq());
        assertTrue(received.get(sent - 1).recordSeq() > droppedSeq, "the subscriber sees a gap");
        assertEquals(proxy.recordSeq() - sent, proxy.backPressured());
    }

    @Test
    void withoutSubscriberRecordsAreCountedAsNotConnectedAndStillNumbered()
    {
        aeron = new EmbeddedAeron();
        final ExclusivePublication publication = aeron.aeron().addExclusivePublication(CHANNEL, STREAM);
        final MarketDataProxy proxy = new MarketDataProxy(publication, new OffsetEpochNanoClock());
        proxy.heartbeat(0);
        proxy.heartbeat(0);
        assertEquals(2, proxy.recordSeq());
        assertEquals(2, proxy.notConnected());
        assertEquals(0, proxy.published());
    }

    @Test
    void aBookUpdateLongerThanTheMaxPayloadIsOfferedAndReassembled()
    {
        aeron = new EmbeddedAeron();
        final Subscription subscription = aeron.aeron().addSubscription(CHANNEL, STREAM);
        final MarketDataProxy proxy = aeron.connectedProxy(CHANNEL, STREAM);
        final ChannelHarnessAccess channel = new ChannelHarnessAccess(proxy);
        final io.xdpfeed.handler.testing.Mdp3PacketBuilder.BookEntry[] entries =
            new io.xdpfeed.handler.testing.Mdp3PacketBuilder.BookEntry[80];
        for (int i = 0; i < entries.length; i++)
        {
            entries[i] = book(7, i + 1, 1, '0', 1, 100, i + 1, 1);
        }
        assertTrue(MarketDataProxy.bookUpdateLength(80) > proxy.publication().maxPayloadLength());
        channel.incremental(1, 1_000, b -> b.book46(END_OF_EVENT, entries));

        final MarketDataRecords records = new MarketDataRecords();
        records.pollFor(subscription, 1);
        final Rec update = records.records().get(0);
        assertEquals("BookUpdate", update.type());
        assertTrue(update.detail().startsWith("eoe=TRUE rptSeq=80 mei=128 [BID OUTRIGHT CHANGE 1 100x1(1)]"));
        assertTrue(update.detail().endsWith("[BID OUTRIGHT CHANGE 1 100x80(1)]"));
        assertEquals(1, proxy.published());
    }
}
