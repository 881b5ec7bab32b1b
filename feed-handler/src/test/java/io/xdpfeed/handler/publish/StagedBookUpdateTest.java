package io.xdpfeed.handler.publish;

import io.aeron.Subscription;
import io.xdpfeed.handler.channel.ChannelHarnessAccess;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.MarketDataRecords;
import io.xdpfeed.handler.testing.MarketDataRecords.Rec;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder.TradeEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.END_OF_EVENT;
import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fused BookUpdate ({@link StagedBookUpdate}): the book path writes the levels of a message's first instrument
 * straight into the datagram's staged records. What subscribers receive is the same, record for record, as through
 * {@code onBookUpdate} with a change list: several instruments in one message, a status published in the middle of a
 * message (an RptSeq gap: the staged record is taken back and the status keeps its place before the BookUpdate),
 * several book messages in a datagram with a Trade between them.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StagedBookUpdateTest
{
    private static final String CHANNEL = "aeron:ipc";
    private static final int FUSED_STREAM = 1101;
    private static final int LISTED_STREAM = 1102;

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
    void subscribersReceiveTheSameRecordsWithAndWithoutTheStage()
    {
        aeron = new EmbeddedAeron();
        final Subscription fusedRecords = aeron.aeron().addSubscription(CHANNEL, FUSED_STREAM);
        final Subscription listedRecords = aeron.aeron().addSubscription(CHANNEL, LISTED_STREAM);
        final MarketDataProxy fused = connectedProxy(FUSED_STREAM);
        final MarketDataProxy listed = connectedProxy(LISTED_STREAM);
        final ChannelHarnessAccess fusedChannel = new ChannelHarnessAccess(fused);
        final ChannelHarnessAccess listedChannel = new ChannelHarnessAccess(withoutStage(listed));

        final List<Consumer<Mdp3PacketBuilder>> packets = List.of(
            b -> b.definition54(7, "ESZ8", "ES", 10, 2, 1, 1).definition54(8, "ESH9", "ES", 10, 2, 1, 1),
            b -> b.book46(END_OF_EVENT,
                book(7, 1, 0, '0', 1, 100, 10, 1),
                book(8, 1, 0, '1', 1, 200, 1, 1),
                book(7, 2, 0, '1', 1, 101, 3, 2),
                book(8, 2, 1, '1', 1, 200, 4, 2)),
            b -> b.book46(0,
                    book(7, 3, 1, '0', 1, 100, 11, 1),
                    book(7, 4, 0, 'E', 1, 99, 1, 1))
                .trade48(END_OF_EVENT, new TradeEntry(7, 5, 100, 2, 1, 2, 9))
                .book46(END_OF_EVENT, book(8, 3, 2, '1', 1, 0, 0, 0)),
            // RptSeq 7 after 5: a gap in the middle of the message, after one level of 7 was staged
            b -> b.book46(END_OF_EVENT,
                book(8, 4, 0, '0', 1, 190, 1, 1),
                book(7, 7, 0, '0', 1, 98, 1, 1),
                book(8, 5, 0, '0', 2, 189, 1, 1)));
        for (int i = 0; i < packets.size(); i++)
        {
            packet(fused, fusedChannel, i + 1, packets.get(i));
            packet(listed, listedChannel, i + 1, packets.get(i));
        }

        final MarketDataRecords fusedReceived = new MarketDataRecords();
        fusedReceived.pollFor(fusedRecords, (int)fused.published());
        final MarketDataRecords listedReceived = new MarketDataRecords();
        listedReceived.pollFor(listedRecords, (int)listed.published());

        assertEquals(List.of(
            new Rec("InstrumentDefinition", 1, 310, 7, "ESZ8 depth=10 implied=2 LIVE"),
            new Rec("InstrumentDefinition", 2, 310, 8, "ESH9 depth=10 implied=2 LIVE"),
            new Rec("BookUpdate", 3, 310, 7, "eoe=FALSE rptSeq=2 mei=128 [BID OUTRIGHT NEW 1 100x10(1)]" +
                " [ASK OUTRIGHT NEW 1 101x3(2)]"),
            new Rec("BookUpdate", 4, 310, 8, "eoe=TRUE rptSeq=2 mei=128 [ASK OUTRIGHT NEW 1 200x1(1)]" +
                " [ASK OUTRIGHT CHANGE 1 200x4(2)]"),
            new Rec("BookUpdate", 5, 310, 7, "eoe=FALSE rptSeq=4 mei=0 [BID OUTRIGHT CHANGE 1 100x11(1)]" +
                " [BID IMPLIED NEW 1 99x1(1)]"),
            new Rec("Trade", 6, 310, 7, "100x2 orders=1 SELL id=9 eoe=TRUE rptSeq=5"),
            new Rec("BookUpdate", 7, 310, 8, "eoe=TRUE rptSeq=3 mei=128 [ASK OUTRIGHT DELETE 1 " + Long.MAX_VALUE +
                "x0(0)]"),
            new Rec("InstrumentStatus", 8, 310, 7, "STALE trading=17"),
            new Rec("BookUpdate", 9, 310, 8, "eoe=TRUE rptSeq=5 mei=128 [BID OUTRIGHT NEW 1 190x1(1)]" +
                " [BID OUTRIGHT NEW 2 189x1(1)]")),
            fusedReceived.records());
        assertEquals(listedReceived.records(), fusedReceived.records());
        assertEquals(List.of(fused.recordSeq(), fused.published(), fused.batches()),
            List.of(listed.recordSeq(), listed.published(), listed.batches()));
    }

    private MarketDataProxy connectedProxy(final int stream)
    {
        return aeron.connectedProxy(CHANNEL, stream);
    }

    /**
     * The proxy behind a listener that offers no stage: every BookUpdate goes through {@code onBookUpdate}.
     */
    private static ChannelListener withoutStage(final MarketDataProxy proxy)
    {
        return (ChannelListener)Proxy.newProxyInstance(ChannelListener.class.getClassLoader(),
            new Class<?>[] {ChannelListener.class}, (self, method, args) ->
            {
                if ("bookUpdateStage".equals(method.getName()))
                {
                    return null;
                }
                try
                {
                    return method.invoke(proxy, args);
                }
                catch (final InvocationTargetException ex)
                {
                    throw ex.getCause();
                }
            });
    }

    private static void packet(
        final MarketDataProxy proxy,
        final ChannelHarnessAccess channel,
        final long seqNum,
        final Consumer<Mdp3PacketBuilder> body)
    {
        // what the engine does around every datagram
        proxy.onPacketStart();
        channel.incremental(seqNum, 1_000 * seqNum, body);
        proxy.onPacketEnd();
    }
}
