package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.replay.ReplayMain;
import io.xdpfeed.sim.itch.GlimpseSnapshotServer;
import io.xdpfeed.sim.itch.ItchConfigOut;
import io.xdpfeed.sim.itch.ItchMessageLog;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.itch.MoldUdp64RetransmissionServer;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.sim.truth.TruthOrderBook;
import io.xdpfeed.sim.wire.PcapWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Simulated ITCH sessions of random shapes and fault combinations, each captured and replayed through the engine
 * ({@code scripts/replay --protocol itch}) with the simulator's recovery servers on the loopback: 1-30 stocks,
 * loss on A and on B, bursts lost on both lines, operational halts and imbalance indicators; a re-request server
 * that holds the whole session, or one that holds only the last messages beside a snapshot server (a gap too old
 * falls back to the snapshot); a late start recovered from the snapshot server in a quarter of them. Each must end
 * with every stock LIVE, its MBP book equal to the truth's, its order book too (priority left out once a snapshot
 * was taken: GLIMPSE carries none), nothing malformed. A failure names the session. Each stock's order book holds
 * 16,384 orders ({@code xdpfeed.mbo.max.orders}): a session of one stock has up to about 4,300 live.
 * <p>
 * {@code -Dsweep.sessions=N} runs more sessions, {@code -Dsweep.seed=S} another set.
 */
@Timeout(600)
class ItchFaultSweepTest
{
    private static final int DEPTH = 10;
    private static final Pattern NUMBER = Pattern.compile("\"(\\w+)\":(-?\\d+)");

    @Test
    void everySessionEndsLiveWithTheTruthsBooks(@TempDir final Path dir) throws Exception
    {
        final int sessions = Integer.getInteger("sweep.sessions", 12);
        final long seed = Long.getLong("sweep.seed", 1);
        final List<String> failures = new ArrayList<>();
        for (int i = 0; i < sessions; i++)
        {
            final SplittableRandom random = new SplittableRandom(seed * 1_000_000 + i);
            final ItchSession.Settings settings = draw(random);
            final boolean wholeLog = random.nextInt(3) != 0;
            final long captureFrom = random.nextInt(4) == 0 ? 1 + random.nextLong(settings.packets()) : 1;
            final String session = "session " + i + " (sweep.seed " + seed + ", retransmission " +
                (wholeLog ? "of the whole session" : "of the last 50 messages") + ", capture from sequence " +
                captureFrom + "): " + settings;
            final String problem = problem(dir.resolve("session-" + i), settings, wholeLog, captureFrom,
                "xdpfeed.mbo.max.orders=16384\n");
            if (problem != null)
            {
                failures.add(problem + ": " + session);
            }
        }
        assertEquals(List.of(), failures);
    }

    /**
     * @param random of the session.
     * @return a session's shape and faults: 1-30 stocks, 2,000-9,999 order-flow packets, loss on A and on B (each
     * in half the sessions, up to 30%), up to 7 bursts of up to 40 packets lost on both lines, up to 5 operational
     * halts, up to 40 imbalance indicators.
     */
    static ItchSession.Settings draw(final SplittableRandom random)
    {
        final long packets = 2_000 + random.nextInt(8_000);
        return new ItchSession.Settings(1 + random.nextInt(30), packets, random.nextLong(1_000_000),
            random.nextBoolean() ? random.nextDouble() * 0.3 : 0, random.nextBoolean() ? random.nextDouble() * 0.3 : 0,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel(), random.nextInt(8),
            1 + random.nextInt(40), random.nextInt(6), random.nextInt(41));
    }

    /**
     * A stock with more orders live than its order book holds ({@code xdpfeed.mbo.max.orders}, 4096 by default; this
     * session ends with 4,241) is not LIVE with a book that lacks them: it ends STALE. With room for them it ends LIVE,
     * equal to the truth. The session the sweep found it in.
     */
    @Test
    void aStockWithMoreOrdersThanItsBookHoldsEndsStale(@TempDir final Path dir) throws Exception
    {
        final ItchSession.Settings settings = new ItchSession.Settings(1, 9_994, 347_610, 0, 0,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel(), 0, 1, 1, 20);
        final String problem = problem(dir.resolve("default"), settings, true, 1, "");
        assertTrue(problem != null && problem.startsWith("order books differ from the truth (stale 1, "), problem);
        assertNull(problem(dir.resolve("raised"), settings, true, 1, "xdpfeed.mbo.max.orders=8192\n"));
    }

    /**
     * The replay reads {@code xdpfeed.mbo.max.orders} from a properties config, checked as the handler checks it.
     */
    @Test
    void aBadOrderBookSizeStopsTheReplayWithOneLineNamingIt(@TempDir final Path dir) throws Exception
    {
        final Path config = dir.resolve("itch.properties");
        for (final String value : List.of("lots", "0", "16777217"))
        {
            Files.writeString(config, ItchConfigOut.text(ItchSession.Settings.defaultChannel()) +
                "xdpfeed.mbo.max.orders=" + value + "\n");
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(1, ReplayMain.run(new String[]{"--config", config.toString(),
                dir.resolve("none.pcap").toString(), "--summary-json"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err)));
            assertEquals(List.of("error: xdpfeed.mbo.max.orders=" + value + (value.equals("lots") ?
                " is not an integer" : " is not 1..16777216 (orders per market-by-order book)")),
                err.toString(StandardCharsets.UTF_8).lines().toList());
        }
    }

    /**
     * @return what is wrong with the replay's end, null when nothing.
     */
    private static String problem(
        final Path dir, final ItchSession.Settings settings, final boolean wholeLog, final long captureFrom,
        final String maxOrders)
        throws Exception
    {
        Files.createDirectories(dir);
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(settings, log);
        final Path pcap = dir.resolve("itch.pcap");
        try (PcapWriter writer = new PcapWriter(pcap, settings.channel(), 1))
        {
            session.run((line, buffer, offset, length, timeNs) ->
            {
                if (buffer.getLong(offset + 10, ByteOrder.BIG_ENDIAN) >= captureFrom)
                {
                    writer.onDatagram(line, buffer, offset, length, timeNs);
                }
            });
        }
        final long end = session.nextSequence();
        // the snapshot is of the session's end, ahead of the capture: the packets it includes are skipped
        try (MoldUdp64RetransmissionServer retransmission = new MoldUdp64RetransmissionServer(
            new InetSocketAddress("127.0.0.1", 0), ItchSession.SESSION, log, 1400, wholeLog ? 0 : 50);
            GlimpseSnapshotServer snapshot = new GlimpseSnapshotServer(new InetSocketAddress("127.0.0.1", 0),
                ItchSession.SESSION, log, () -> end, 1000, 0))
        {
            final Path config = dir.resolve("itch.properties");
            Files.writeString(config, ItchConfigOut.text(settings.channel()) +
                "xdpfeed.itch.retransmission=1@127.0.0.1:" + retransmission.port() + "\n" +
                "xdpfeed.itch.retransmission.timeout=20ms\n" +
                "xdpfeed.itch.snapshot=1@127.0.0.1:" + snapshot.port() + "\n" + maxOrders);
            final Path books = dir.resolve("books.json");
            final Path orders = dir.resolve("orders.json");
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int status = ReplayMain.run(new String[]{"--protocol", "itch", "--config", config.toString(),
                pcap.toString(), "--books", books.toString(), "--orders", orders.toString(), "--summary-json"},
                new PrintStream(out), new PrintStream(err));
            if (status != 0)
            {
                return "replay exit " + status + ": " + err.toString(StandardCharsets.UTF_8).trim();
            }
            final String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
            final Map<String, Long> summary = numbers(lines[lines.length - 1]);
            final Path truth = dir.resolve("truth.json");
            final Path truthOrders = dir.resolve("truth-orders.json");
            TruthJson.write(truth, session.truth().books(DEPTH));
            OrderTruthJson.write(truthOrders, session.truth().orderBooks());
            final String counts = "stale " + summary.get("staleInstruments") + ", recoveries " +
                summary.get("recoveries") + ", snapshots " + summary.get("streamSnapshots");
            if (!TruthJson.read(truth).equals(TruthJson.read(books)))
            {
                return "MBP books differ from the truth (" + counts + ")";
            }
            final boolean snapshotTaken = summary.get("streamSnapshots") > 0;
            if (!comparable(OrderTruthJson.read(truthOrders), snapshotTaken).equals(
                comparable(OrderTruthJson.read(orders), snapshotTaken)))
            {
                return "order books differ from the truth (" + counts + ")";
            }
            if (summary.get("staleInstruments") != 0 || summary.get("malformed") != 0)
            {
                return counts + ", malformed " + summary.get("malformed");
            }
            return null;
        }
    }

    private static Map<String, Long> numbers(final String json)
    {
        final Map<String, Long> numbers = new TreeMap<>();
        final Matcher matcher = NUMBER.matcher(json);
        while (matcher.find())
        {
            numbers.putIfAbsent(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        return numbers;
    }

    /**
     * @return the books as compared: whole, or with every priority 0 once a snapshot was taken.
     */
    private static Map<Integer, List<List<TruthOrderBook.Order>>> comparable(
        final Map<Integer, TruthOrderBook> books, final boolean withoutPriority)
    {
        final Map<Integer, List<List<TruthOrderBook.Order>>> result = new TreeMap<>();
        books.forEach((locate, book) ->
            result.put(locate, List.of(orders(book.bids(), withoutPriority), orders(book.asks(), withoutPriority))));
        return result;
    }

    private static List<TruthOrderBook.Order> orders(
        final List<TruthOrderBook.Order> orders, final boolean withoutPriority)
    {
        final List<TruthOrderBook.Order> result = new ArrayList<>();
        for (final TruthOrderBook.Order order : orders)
        {
            result.add(withoutPriority ?
                new TruthOrderBook.Order(order.orderId(), 0, order.price(), order.displayQuantity()) : order);
        }
        return result;
    }
}
