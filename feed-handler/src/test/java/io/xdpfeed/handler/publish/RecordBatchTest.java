package io.xdpfeed.handler.publish;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.xdpfeed.client.MarketDataAdapter;
import io.xdpfeed.client.MarketDataListener;
import io.xdpfeed.codecs.md.BookUpdateDecoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionDecoder;
import io.xdpfeed.codecs.md.InstrumentStatusDecoder;
import io.xdpfeed.codecs.md.MessageHeaderDecoder;
import io.xdpfeed.codecs.md.RecordBatchDecoder;
import io.xdpfeed.codecs.md.TradeDecoder;
import io.xdpfeed.codecs.md.VolumeDecoder;
import io.xdpfeed.handler.channel.ChannelHarnessAccess;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.MarketDataRecords;
import io.xdpfeed.handler.testing.MarketDataRecords.Rec;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.BookEntry;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.TradeEntry;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.VolumeEntry;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records per packet: what one datagram produces between {@code onPacketStart} and {@code onPacketEnd} goes out as one
 * RecordBatch fragment, which the client's {@link MarketDataAdapter} turns back into the same callbacks, in order;
 * a batch longer than one frame is split at record boundaries; back-pressure drops a whole batch and counts each of
 * its records.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RecordBatchTest
{
    private static final String CHANNEL = "aeron:ipc";
    private static final int STREAM = 1001;

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
    void aDatagramsRecordsAreOneFragmentAndTheClientCallsBackInOrder()
    {
        aeron = new EmbeddedAeron();
        final Subscription raw = aeron.aeron().addSubscription(CHANNEL, STREAM);
        final Subscription decoded = aeron.aeron().addSubscription(CHANNEL, STREAM);
        final MarketDataProxy proxy = connectedProxy();
        final ChannelHarnessAccess channel = new ChannelHarnessAccess(proxy);

        packet(proxy, channel, 1, b -> b
            .definition54(7, "ESZ8", "ES", 10, 2, 1, 1)
            .book46(END_OF_EVENT,
                book(7, 1, 0, '0', 1, 100, 10, 1),
                book(7, 2, 0, 'F', 1, 102, 3, 0),
                book(8, 1, 0, '1', 1, 200, 1, 1))
            .trade48(END_OF_EVENT, new TradeEntry(7, 3, 100, 2, 1, 2, 9))
            .volume37(END_OF_EVENT, new VolumeEntry(7, 4, 2))
            .status30(7, "ES", 17));

        final Client client = new Client();
        client.pollFor(raw, 6);
        assertEquals(List.of("RecordBatch 6"), client.fragments);
        assertEquals(List.of(
            "InstrumentDefinition 1 7",
            "BookUpdate 2 7 levels=2",
            "BookUpdate 3 8 levels=1",
            "Trade 4 7",
            "Volume 5 7",
            "InstrumentStatus 6 7"), client.callbacks);
        assertEquals(0, client.adapter.count(MarketDataAdapter.Count.MALFORMED));
        assertEquals(1, client.adapter.count(MarketDataAdapter.Count.BATCHES));

        // the generated RecordBatchDecoder reads the same records: the schema describes what is on the wire
        final MarketDataRecords records = new MarketDataRecords();
        records.pollFor(decoded, 6);
        assertEquals(List.of(
            new Rec("InstrumentDefinition", 1, 310, 7, "ESZ8 depth=10 implied=2 LIVE"),
            new Rec("BookUpdate", 2, 310, 7, "eoe=FALSE rptSeq=2 mei=128 [BID OUTRIGHT NEW 1 100x10(1)]" +
                " [ASK IMPLIED NEW 1 102x3(0)]"),
            new Rec("BookUpdate", 3, 310, 8, "eoe=TRUE rptSeq=1 mei=128 [ASK OUTRIGHT NEW 1 200x1(1)]"),
            new Rec("Trade", 4, 310, 7, "100x2 orders=1 SELL id=9 eoe=TRUE rptSeq=3"),
            new Rec("Volume", 5, 310, 7, "2 rptSeq=4 eoe=TRUE"),
            new Rec("InstrumentStatus", 6, 310, 7, "LIVE trading=17")),
            records.records());
        // one publishTimeNs for the whole batch: the time it was committed
        final long publishTimeNs = records.times().get(0)[2];
        assertTrue(publishTimeNs > 1_600_000_000_000_000_000L, "publishTimeNs is epoch ns");
        for (final long[] stamp : records.times())
        {
            assertEquals(publishTimeNs, stamp[2]);
            assertEquals(1, stamp[3]);
        }
        assertEquals(List.of(6L, 0L, 1L), List.of(proxy.published(), proxy.dropped(), proxy.batches()));
    }

    @Test
    void aBatchLongerThanOneFrameIsSplitAndARecordLongerThanAFrameGoesAlone()
    {
        aeron = new EmbeddedAeron();
        final Subscription raw = aeron.aeron().addSubscription(CHANNEL, STREAM);
        final MarketDataProxy proxy = connectedProxy();
        final ChannelHarnessAccess channel = new ChannelHarnessAccess(proxy);
        final int maxPayload = proxy.publication().maxPayloadLength();

        // one datagram: 60 one-level BookUpdates (one message, 60 instruments), one of 80 levels (longer than a
        // frame), and a Trade
        final int instruments = 60;
        final BookEntry[] small = new BookEntry[instruments];
        for (int i = 0; i < instruments; i++)
        {
            small[i] = book(101 + i, 1, 0, '0', 1, 100, 1, 1);
        }
        final BookEntry[] deep = new BookEntry[80];
        for (int i = 0; i < deep.length; i++)
        {
            deep[i] = book(7, i + 1, 1, '0', 1, 100, i + 1, 1);
        }
        assertTrue(MarketDataProxy.bookUpdateLength(80) > maxPayload);
        packet(proxy, channel, 1, b -> b
            .book46(END_OF_EVENT, small)
            .book46(END_OF_EVENT, deep)
            .trade48(END_OF_EVENT, new TradeEntry(7, 81, 100, 2, 1, 2, 9)));

        final Client client = new Client();
        client.pollFor(raw, instruments + 2);

        // the small records fill frames in order, as many as fit behind the batch header; then the deep one alone
        // (Aeron fragments it, the assembler joins it), then the Trade alone: a lone record needs no batch header
        final int perBatch = (maxPayload - RecordClaim.BATCH_HEADER) /
            (RecordClaim.RECORD_PREFIX + MarketDataProxy.bookUpdateLength(1));
        final List<String> expectedFragments = new ArrayList<>();
        for (int left = instruments; left > 0; left -= perBatch)
        {
            expectedFragments.add(left == 1 ? "BookUpdate" : "RecordBatch " + Math.min(perBatch, left));
        }
        expectedFragments.add("BookUpdate");
        expectedFragments.add("Trade");
        assertTrue(expectedFragments.size() > 3, "the 60 records take more than one frame: " + expectedFragments);
        assertEquals(expectedFragments, client.fragments);
        assertTrue(client.longestBatch <= maxPayload, client.longestBatch + " > " + maxPayload);

        final List<String> expectedCallbacks = new ArrayList<>();
        for (int i = 0; i < instruments; i++)
        {
            expectedCallbacks.add("BookUpdate " + (i + 1) + " " + (101 + i) + " levels=1");
        }
        expectedCallbacks.add("BookUpdate " + (instruments + 1) + " 7 levels=80");
        expectedCallbacks.add("Trade " + (instruments + 2) + " 7");
        assertEquals(expectedCallbacks, client.callbacks);
        assertEquals(List.of((long)instruments + 2, 0L), List.of(proxy.published(), proxy.dropped()));
    }

    @Test
    void backPressureDropsAWholeBatchAndCountsEachOfItsRecords()
    {
        aeron = new EmbeddedAeron(64 * 1024);
        final Subscription subscription = aeron.aeron().addSubscription(CHANNEL, STREAM);
        final MarketDataProxy proxy = connectedProxy();
        final ChannelHarnessAccess channel = new ChannelHarnessAccess(proxy);

        // three Trades per datagram until the subscriber, which does not poll, holds the publication back
        long seqNum = 0;
        while (proxy.backPressured() == 0)
        {
            tradePacket(proxy, channel, ++seqNum);
        }
        assertEquals(List.of(3L, 3 * seqNum, 3 * (seqNum - 1)),
            List.of(proxy.backPressured(), proxy.recordSeq(), proxy.published()));

        final long firstDropped = proxy.recordSeq() - 2;
        final MarketDataRecords records = new MarketDataRecords();
        records.pollFor(subscription, (int)proxy.published());
        // the driver raises the publication's limit after the subscriber has read: until then datagrams keep being
        // dropped, each as a whole
        final long publishedBefore = proxy.published();
        while (proxy.published() == publishedBefore)
        {
            tradePacket(proxy, channel, ++seqNum);
            records.poll(subscription);
        }
        records.pollFor(subscription, (int)proxy.published());

        final List<Long> aroundTheGap = new ArrayList<>();
        final List<Rec> received = records.records();
        for (int i = received.size() - 4; i < received.size(); i++)
        {
            aroundTheGap.add(received.get(i).recordSeq());
        }
        // the dropped datagrams' records are the subscriber's gap, every one of them counted
        final long last = proxy.recordSeq();
        assertEquals(List.of(firstDropped - 1, last - 2, last - 1, last), aroundTheGap);
        assertEquals(List.of(last - 2 - firstDropped, 0L), List.of(proxy.backPressured(), proxy.backPressured() % 3));
        assertEquals(3 * seqNum, proxy.published() + proxy.backPressured());
    }

    private MarketDataProxy connectedProxy()
    {
        return aeron.connectedProxy(CHANNEL, STREAM);
    }

    private static void packet(
        final MarketDataProxy proxy,
        final ChannelHarnessAccess channel,
        final long seqNum,
        final Consumer<io.xdpfeed.handler.testing.Mdp3PacketBuilder> body)
    {
        // what the engine does around every datagram
        proxy.onPacketStart();
        channel.incremental(seqNum, 1_000 * seqNum, body);
        proxy.onPacketEnd();
    }

    private static void tradePacket(final MarketDataProxy proxy, final ChannelHarnessAccess channel, final long seqNum)
    {
        packet(proxy, channel, seqNum, b -> b.trade48(END_OF_EVENT,
            new TradeEntry(7, seqNum, 100, 1, 1, 1, seqNum),
            new TradeEntry(8, seqNum, 100, 1, 1, 1, seqNum),
            new TradeEntry(9, seqNum, 100, 1, 1, 1, seqNum)));
    }

    /**
     * The client's decoding of the stream: each whole message (reassembled) as a fragment line, and each callback.
     */
    private static final class Client implements MarketDataListener
    {
        private final List<String> fragments = new ArrayList<>();
        private final List<String> callbacks = new ArrayList<>();
        private final MarketDataAdapter adapter = new MarketDataAdapter(this, null, null);
        private final MessageHeaderDecoder header = new MessageHeaderDecoder();
        private final FragmentAssembler assembler = new FragmentAssembler(
            (buffer, offset, length, frame) ->
            {
                fragments.add(describe(buffer, offset, length));
                adapter.onFragment(buffer, offset, length, frame);
            });
        private int longestBatch;

        private String describe(final DirectBuffer buffer, final int offset, final int length)
        {
            header.wrap(buffer, offset);
            return switch (header.templateId())
            {
                case RecordBatchDecoder.TEMPLATE_ID ->
                {
                    longestBatch = Math.max(longestBatch, length);
                    yield "RecordBatch " + (buffer.getShort(offset + MessageHeaderDecoder.ENCODED_LENGTH + 2,
                        ByteOrder.LITTLE_ENDIAN) & 0xFFFF);
                }
                case BookUpdateDecoder.TEMPLATE_ID -> "BookUpdate";
                case TradeDecoder.TEMPLATE_ID -> "Trade";
                default -> "template " + header.templateId();
            };
        }

        void pollFor(final Subscription subscription, final int records)
        {
            while (callbacks.size() < records)
            {
                if (subscription.poll(assembler, 16) == 0)
                {
                    Thread.onSpinWait();
                }
            }
        }

        public void onInstrumentDefinition(final InstrumentDefinitionDecoder decoder)
        {
            callbacks.add("InstrumentDefinition " + decoder.recordSeq() + " " + decoder.securityId());
        }

        public void onBookUpdate(final BookUpdateDecoder decoder)
        {
            callbacks.add("BookUpdate " + decoder.recordSeq() + " " + decoder.securityId() + " levels=" +
                decoder.levels().count());
        }

        public void onTrade(final TradeDecoder decoder)
        {
            callbacks.add("Trade " + decoder.recordSeq() + " " + decoder.securityId());
        }

        public void onVolume(final VolumeDecoder decoder)
        {
            callbacks.add("Volume " + decoder.recordSeq() + " " + decoder.securityId());
        }

        public void onInstrumentStatus(final InstrumentStatusDecoder decoder)
        {
            callbacks.add("InstrumentStatus " + decoder.recordSeq() + " " + decoder.securityId());
        }
    }
}
