package io.xdpfeed.handler.itch;

import io.xdpfeed.client.Book;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.OrderBookMirror;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.engine.Configuration;
import io.xdpfeed.handler.engine.ConfigurationKeys;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.replay.EngineReplay;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.MirroredStream;
import io.xdpfeed.handler.testing.MirroredTruth;
import io.xdpfeed.sim.itch.ItchSimulatorMain;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.sim.truth.TruthOrderBook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feed-client mirrors, unchanged, fed by what the engine publishes for an ITCH session: a simulated session with
 * loss on line A and on line B replayed through the engine ({@link ItchProtocol}) into a {@link MarketDataProxy} on a
 * real embedded media driver, read by a {@link MarketDataAdapter} into an {@link OrderBookMirror} and a
 * {@link BookMirror}; their books, whole, equal the simulator's truth.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ItchClientMirrorTest
{
    private static final String CHANNEL = "aeron:ipc";
    private static final int STREAM = 1_818;

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
    void clientMirrorsOfThePublishedRecordsEqualTheTruth(@TempDir final Path dir) throws Exception
    {
        final Path pcap = dir.resolve("itch.pcap");
        final Path truth = dir.resolve("truth.json");
        final Path truthOrders = dir.resolve("truth-orders.json");
        final Path config = dir.resolve("itch.properties");
        assertEquals(0, ItchSimulatorMain.run(new String[]{"--instruments", "6", "--packets", "10k", "--seed", "18",
            "--loss-a", "0.03", "--loss-b", "0.03", "--pcap", pcap.toString(), "--truth", truth.toString(),
            "--truth-orders", truthOrders.toString(), "--config-out", config.toString(), "--quiet"}, System.out,
            System.err));

        aeron = new EmbeddedAeron();
        final MirroredStream stream = new MirroredStream(aeron.aeron(), CHANNEL, STREAM);
        final MarketDataProxy proxy = stream.proxy();
        final BookMirror bookMirror = stream.bookMirror();
        final OrderBookMirror orderMirror = stream.orderMirror();

        final EngineReplay.Options options = new EngineReplay.Options(
            ChannelOptions.defaults().withMbo(true), Feed.A, proxy, ItchProtocol.INSTANCE);
        try (PcapPacketSource source = PcapPacketSource.open(pcap))
        {
            EngineReplay.run(source, source::isEnd,
                Configuration.itchLines(ConfigurationKeys.load(config)).lineMap(), options);
        }
        stream.awaitRead();
        assertEquals(0, proxy.dropped(), "nothing dropped for back-pressure");

        final SortedMap<Integer, TruthBook> expectedBooks = TruthJson.read(truth);
        final SortedMap<Integer, TruthOrderBook> expectedOrders = OrderTruthJson.read(truthOrders);
        final Map<Integer, TruthBook> mirroredBooks = new TreeMap<>();
        final Map<Integer, TruthOrderBook> mirroredOrders = new TreeMap<>();
        for (final int locate : expectedBooks.keySet())
        {
            final Book book = bookMirror.book(1, locate);
            mirroredBooks.put(locate, MirroredTruth.book(book));
            mirroredOrders.put(locate, MirroredTruth.orders(orderMirror.book(1, locate)));
            assertEquals(FeedStatus.LIVE, orderMirror.book(1, locate).syncStatus());
            assertEquals("SIM" + locate, book.symbol().trim());
        }
        assertEquals(expectedBooks, mirroredBooks, "BookMirror");
        assertEquals(expectedOrders, mirroredOrders, "OrderBookMirror");
        assertEquals(0, bookMirror.count(BookMirror.Count.GAPS) + orderMirror.count(OrderBookMirror.Count.GAPS));
        final long records = bookMirror.count(BookMirror.Count.RECORDS);
        assertTrue(records > 20_000, "records read: " + records);
    }
}
