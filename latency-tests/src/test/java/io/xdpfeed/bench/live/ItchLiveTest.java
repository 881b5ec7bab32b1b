package io.xdpfeed.bench.live;

import io.xdpfeed.client.Book;
import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.BookSide;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.client.OrderBook;
import io.xdpfeed.client.OrderBookMirror;
import io.xdpfeed.common.book.OrderView;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.nativeio.LibXdp;
import io.xdpfeed.sim.itch.ItchSimulatorMain;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.sim.truth.TruthOrderBook;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Nasdaq ITCH live, as root: {@code exchange-sim --protocol itch --send} in the exchange namespace of a lab of this
 * test sends a seeded session with loss on line A and on line B and three bursts lost on both lines, serving MoldUDP64
 * re-requests on the exchange side; the feed handler (a separate process,
 * {@code xdpfeed.protocol=itch} and the simulator's {@code --config-out} lines) receives it in the handler namespace
 * over AF_XDP (A/B arbitrated in user space: the handler forces it for ITCH, said in one line; the MDP 3.0 warm-up
 * skipped) re-requests what both lines lost ({@code xdpfeed.itch.retransmission}), and a feed-client subscriber on
 * the handler's Aeron stream ends with an MBP mirror and an order mirror equal, whole, to the simulator's truth, every
 * message lost on both lines retransmitted. Skipped, with the reason, when not root, where namespaces cannot be
 * created, or without libxdp. The lab's namespaces carry this JVM's pid and are removed, also when the test fails.
 */
@Timeout(180)
class ItchLiveTest
{
    private static final int CHANNEL = 1;
    private static final int INSTRUMENTS = 6;
    private static final String SEED = "18";
    private static final String RETRANSMISSION_SERVER = "10.77.0.1:26410";
    private static final String SNAPSHOT_SERVER = "10.77.0.1:26411";
    private static final Pattern LOST_ON_BOTH = Pattern.compile("on both: (\\d+) packets \\((\\d+) messages");

    @Test
    void mirrorsEqualTheTruthAfterLossOnEachLineAndBurstsReRequested() throws Exception
    {
        final Session session = Session.prepare("itch-live-test",
            "xdpfeed.itch.retransmission=" + CHANNEL + "@" + RETRANSMISSION_SERVER + "\n");
        session.inLab(lab ->
        {
            try (ChildProcess handler = session.startHandler(lab);
                Mirrors mirrors = new Mirrors(session.aeronDir(), "itch-live-subscriber"))
            {
                final List<String> args = List.of("--protocol", "itch", "--send", "--rate", "5k",
                    "--instruments", Integer.toString(INSTRUMENTS), "--packets", "15000", "--seed", SEED,
                    "--loss-a", "0.03", "--loss-b", "0.02", "--loss-both-bursts", "3",
                    "--retransmit-server", RETRANSMISSION_SERVER, "--serve-seconds", "2",
                    "--truth", session.truth().toString(), "--truth-orders", session.truthOrders().toString());
                final long messagesLostOnBoth;
                try (ChildProcess simulator = session.startSimulator(lab, args))
                {
                    final int exit = simulator.awaitExit(120_000);
                    assertEquals(0, exit, () -> "exchange-sim: " + simulator.tail(30));
                    final Matcher lost = LOST_ON_BOTH.matcher(String.join("\n", simulator.lines()));
                    assertTrue(lost.find(), () -> "exchange-sim summary: " + simulator.tail(30));
                    messagesLostOnBoth = Long.parseLong(lost.group(2));
                }
                assertTrue(messagesLostOnBoth > 0, "messages lost on both lines: " + messagesLostOnBoth);

                final SortedMap<Integer, TruthBook> expectedBooks = TruthJson.read(session.truth());
                assertEquals(INSTRUMENTS, expectedBooks.size());
                final String context = "logs in " + session.dir() + "; handler: " + handler.tail(15);
                mirrors.assertEqualTo(expectedBooks, OrderTruthJson.read(session.truthOrders()), false, context);
                mirrors.assertWholeStream(context);
                // the copies of the other line dropped by the engine's sequencer, not by the XDP program
                final HandlerCounterSnapshot counters = HandlerCounterSnapshot.read(session.aeronDir());
                assertTrue(counters.get(HandlerCounter.DUPLICATES) > 10_000, counters::format);
                assertEquals(0, counters.get(HandlerCounter.MALFORMED), counters::format);
                // every message lost on both lines (the bursts, and any the receive path dropped on both) came
                // back by re-request, none by a snapshot
                final long lost = counters.get(HandlerCounter.LOST_PACKETS);
                assertTrue(lost >= messagesLostOnBoth, counters::format);
                assertEquals(lost, counters.get(HandlerCounter.RETRANSMITTED_MESSAGES), counters::format);
                assertTrue(counters.get(HandlerCounter.RETRANSMISSION_REQUESTS) >= 1, counters::format);
                assertEquals(0, counters.get(HandlerCounter.STREAM_SNAPSHOTS) +
                    counters.get(HandlerCounter.STALE_INSTRUMENTS), counters::format);
                final String handlerLog = String.join("\n", handler.lines());
                assertTrue(handlerLog.contains("protocol itch is arbitrated in user space"), context);
                // the start-up warm-up drove synthetic ITCH through scratch engines before the lines were joined
                assertTrue(handlerLog.contains("feed-handler: warm-up: "), context);
            }
        });
    }

    @Test
    void aLateStartRecoversFromTheSnapshotServerLive() throws Exception
    {
        final Session session = Session.prepare("itch-live-late-test",
            "xdpfeed.itch.snapshot=" + CHANNEL + "@" + SNAPSHOT_SERVER + "\n");
        session.inLab(lab ->
        {
            // the session is under way (20 s of traffic) when the handler starts: its first packet is not 1
            final List<String> args = List.of("--protocol", "itch", "--send", "--rate", "1000",
                "--instruments", Integer.toString(INSTRUMENTS), "--packets", "20000", "--seed", SEED,
                "--loss-a", "0.03", "--loss-b", "0.02", "--snapshot-server", SNAPSHOT_SERVER, "--serve-seconds", "2",
                "--truth", session.truth().toString(), "--truth-orders", session.truthOrders().toString());
            try (ChildProcess simulator = session.startSimulator(lab, args))
            {
                awaitSent(lab.exchangeNamespace(), 500, simulator);
                try (ChildProcess handler = session.startHandler(lab);
                    Mirrors mirrors = new Mirrors(session.aeronDir(), "itch-live-late-subscriber"))
                {
                    final int exit = simulator.awaitExit(120_000);
                    assertEquals(0, exit, () -> "exchange-sim: " + simulator.tail(30));
                    final String simulatorLog = String.join("\n", simulator.lines());
                    assertTrue(simulatorLog.contains("snapshots: 1 served"), simulatorLog);

                    // MBP books whole; orders with their priority left out (a snapshot's order carries its place in
                    // the snapshot, GLIMPSE sending no original sequence number)
                    final String context = "logs in " + session.dir() + "; handler: " + handler.tail(15);
                    mirrors.assertEqualTo(TruthJson.read(session.truth()), OrderTruthJson.read(session.truthOrders()),
                        true, context);
                    final HandlerCounterSnapshot counters = HandlerCounterSnapshot.read(session.aeronDir());
                    assertEquals(List.of(1L, 1L, 0L, 0L), List.of(counters.get(HandlerCounter.STREAM_SNAPSHOTS),
                        counters.get(HandlerCounter.RECOVERIES), counters.get(HandlerCounter.STALE_INSTRUMENTS),
                        counters.get(HandlerCounter.MALFORMED)), counters::format);
                }
            }
        });
    }

    /** What a test runs in the lab, given the lab. */
    @FunctionalInterface
    private interface InLab
    {
        void run(Lab lab) throws Exception;
    }

    /**
     * One test's files: the simulator's lines for the seed (written before the session is sent so that the handler
     * can join them), the handler's properties with the test's recovery server, the truth files and the Aeron
     * directory (this JVM's pid in its name).
     */
    private record Session(Path dir, String aeronDir, Path truth, Path truthOrders)
    {
        static Session prepare(final String name, final String recoveryProperty) throws Exception
        {
            final Path dir = Path.of("target", name).toAbsolutePath();
            IoUtil.delete(dir.toFile(), true);
            Files.createDirectories(dir);
            final Path lines = dir.resolve("itch.properties");
            assertEquals(0, ItchSimulatorMain.run(new String[]{"--instruments", Integer.toString(INSTRUMENTS),
                "--packets", "1", "--seed", SEED, "--config-out", lines.toString(), "--quiet"},
                System.out, System.err));
            final String aeronDir = dir.resolve("aeron-" + ProcessHandle.current().pid()).toString();
            Files.writeString(dir.resolve("handler.properties"), Files.readString(lines) +
                "xdpfeed.transport=xdp\n" +
                "xdpfeed.interface=" + Lab.HANDLER_INTERFACE + "\n" +
                "xdpfeed.mbo.channels=" + CHANNEL + "\n" +
                recoveryProperty +
                "aeron.dir=" + aeronDir + "\n");
            return new Session(dir, aeronDir, dir.resolve("truth.json"), dir.resolve("truth-orders.json"));
        }

        /**
         * Run {@code body} in a lab of this test's own (skipped, with the reason, when the lab or AF_XDP is not
         * available); the namespaces and the Aeron directory are removed, also when the test fails.
         */
        void inLab(final InLab body) throws Exception
        {
            final String labUnavailable = Lab.unavailableReason();
            assumeTrue(labUnavailable == null, () -> "ITCH live test skipped: " + labUnavailable);
            assumeTrue(LibXdp.unavailableReason() == null,
                () -> "ITCH live test skipped: AF_XDP: " + LibXdp.unavailableReason());
            final Lab lab = Lab.unique(Lab.findHome(), "xdpfeed-itch", dir.resolve("lab"));
            final String exchange = lab.exchangeNamespace();
            final String handlerNamespace = lab.handlerNamespace();
            try
            {
                try
                {
                    lab.up();
                }
                catch (final IllegalStateException ex)
                {
                    assumeTrue(false, "ITCH live test skipped: cannot create the lab's namespaces: " +
                        ex.getMessage());
                }
                body.run(lab);
            }
            finally
            {
                lab.close();
                IoUtil.delete(new File(aeronDir), true);
                assertTrue(!Lab.namespaceExists(exchange) && !Lab.namespaceExists(handlerNamespace),
                    "lab namespaces left");
            }
        }

        /** The feed handler in the handler namespace, started and checked to receive over AF_XDP. */
        ChildProcess startHandler(final Lab lab) throws Exception
        {
            final ChildProcess handler = ChildProcess.start("feed-handler (itch)", ChildProcess.java(lab.inHandler(),
                List.of(), "io.xdpfeed.handler.FeedHandlerMain",
                List.of("--config", dir.resolve("handler.properties").toString())), dir.resolve("handler.log"));
            final String started = handler.awaitLine("feed-handler: channels", 60_000);
            if (!started.contains("-> xdp on"))
            {
                final String tail = handler.tail(20);
                handler.close();
                throw new AssertionError("not AF_XDP: " + started + "\n" + tail);
            }
            return handler;
        }

        /** The ITCH simulator in the exchange namespace with {@code args}. */
        ChildProcess startSimulator(final Lab lab, final List<String> args) throws Exception
        {
            return ChildProcess.start("exchange-sim (itch)", ChildProcess.java(lab.inExchange(), List.of(),
                "io.xdpfeed.sim.ExchangeSimulatorMain", args), dir.resolve("simulator.log"));
        }
    }

    /**
     * A feed-client subscriber on the handler's stream, polled by a thread of its own, with an MBP mirror and an
     * order mirror read under one lock.
     */
    private static final class Mirrors implements AutoCloseable
    {
        private final OrderBookMirror orderMirror = new OrderBookMirror();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Object lock = new Object();
        private final Thread poller;
        private volatile BookMirror mirror;

        Mirrors(final String aeronDir, final String threadName)
        {
            poller = new Thread(() ->
            {
                try (MarketDataSubscriber subscriber = new MarketDataSubscriber(new MarketDataSubscriber.Context()
                    .aeronDirectoryName(aeronDir).listener(orderMirror)))
                {
                    mirror = subscriber.mirror();
                    while (!stop.get())
                    {
                        synchronized (lock)
                        {
                            if (subscriber.poll() == 0)
                            {
                                Thread.onSpinWait();
                            }
                        }
                    }
                }
            }, threadName);
            poller.start();
        }

        /**
         * Wait up to 30 s for both mirrors to equal the truth, then assert it; with {@code withoutPriority} the
         * orders are compared without their priority.
         */
        void assertEqualTo(
            final Map<Integer, TruthBook> expectedBooks,
            final Map<Integer, TruthOrderBook> truthOrders,
            final boolean withoutPriority,
            final String context)
        {
            final Map<Integer, TruthOrderBook> expectedOrders =
                withoutPriority ? withoutPriority(truthOrders) : truthOrders;
            Map<Integer, TruthBook> books = Map.of();
            Map<Integer, TruthOrderBook> orders = Map.of();
            final long deadlineMs = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadlineMs)
            {
                synchronized (lock)
                {
                    books = books(mirror, expectedBooks.keySet());
                    orders = orders(orderMirror, expectedOrders.keySet());
                }
                if (withoutPriority)
                {
                    orders = withoutPriority(orders);
                }
                if (expectedBooks.equals(books) && expectedOrders.equals(orders))
                {
                    break;
                }
                ChildProcess.sleep(200);
            }
            assertEquals(expectedBooks, books, () -> "BookMirror; " + context);
            assertEquals(expectedOrders, orders, () -> "OrderBookMirror; " + context);
        }

        /** The stream was read whole: more than 10,000 records, no gap in either mirror. */
        void assertWholeStream(final String context)
        {
            synchronized (lock)
            {
                final long records = mirror.count(BookMirror.Count.RECORDS);
                assertTrue(records > 10_000, "records read: " + records);
                assertEquals(
                    0, mirror.count(BookMirror.Count.GAPS) + orderMirror.count(OrderBookMirror.Count.GAPS), context);
            }
        }

        @Override
        public void close() throws InterruptedException
        {
            stop.set(true);
            poller.join();
        }
    }

    /**
     * Wait until the exchange side has sent {@code packets} frames (its interface's counter), so that the handler
     * started next misses the session's start whatever the JVMs' start-up times.
     */
    private static void awaitSent(final String namespace, final long packets, final ChildProcess simulator)
        throws Exception
    {
        final long deadlineMs = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadlineMs)
        {
            final Process cat = new ProcessBuilder("ip", "netns", "exec", namespace, "cat",
                "/sys/class/net/" + Lab.EXCHANGE_INTERFACE + "/statistics/tx_packets").redirectErrorStream(true)
                .start();
            final String out = new String(cat.getInputStream().readAllBytes()).trim();
            cat.waitFor();
            if (out.matches("\\d+") && Long.parseLong(out) >= packets)
            {
                return;
            }
            ChildProcess.sleep(100);
        }
        throw new AssertionError("the simulator did not start sending: " + simulator.tail(20));
    }

    private static Map<Integer, TruthOrderBook> withoutPriority(final Map<Integer, TruthOrderBook> books)
    {
        final Map<Integer, TruthOrderBook> result = new TreeMap<>();
        for (final Map.Entry<Integer, TruthOrderBook> entry : books.entrySet())
        {
            final TruthOrderBook book = entry.getValue();
            result.put(entry.getKey(), book == null ? null :
                new TruthOrderBook(strip(book.bids()), strip(book.asks())));
        }
        return result;
    }

    private static List<TruthOrderBook.Order> strip(final List<TruthOrderBook.Order> orders)
    {
        final List<TruthOrderBook.Order> stripped = new ArrayList<>();
        for (final TruthOrderBook.Order order : orders)
        {
            stripped.add(new TruthOrderBook.Order(order.orderId(), 0, order.price(), order.displayQuantity()));
        }
        return stripped;
    }

    private static Map<Integer, TruthBook> books(final BookMirror mirror, final Iterable<Integer> locates)
    {
        final Map<Integer, TruthBook> books = new TreeMap<>();
        if (mirror == null)
        {
            return books;
        }
        for (final int locate : locates)
        {
            final Book book = mirror.book(CHANNEL, locate);
            books.put(locate, book == null ? null : new TruthBook(levels(book.bids()), levels(book.asks())));
        }
        return books;
    }

    private static Map<Integer, TruthOrderBook> orders(final OrderBookMirror mirror, final Iterable<Integer> locates)
    {
        final Map<Integer, TruthOrderBook> books = new TreeMap<>();
        for (final int locate : locates)
        {
            final OrderBook book = mirror.book(CHANNEL, locate);
            books.put(locate, book == null ? null : orders(book));
        }
        return books;
    }

    private static List<TruthBook.Level> levels(final BookSide side)
    {
        final List<TruthBook.Level> levels = new ArrayList<>();
        for (int level = 1; level <= side.levelCount(); level++)
        {
            levels.add(new TruthBook.Level(side.price(level), (int)side.size(level), side.orderCount(level)));
        }
        return levels;
    }

    private static TruthOrderBook orders(final OrderBook book)
    {
        final OrderView orders = book.orders();
        final List<TruthOrderBook.Order> bids = new ArrayList<>();
        final List<TruthOrderBook.Order> asks = new ArrayList<>();
        for (int i = 0; i < orders.orderCount(); i++)
        {
            (orders.isBidAt(i) ? bids : asks).add(new TruthOrderBook.Order(orders.orderIdAt(i),
                orders.priorityAt(i), orders.priceAt(i), orders.sizeAt(i)));
        }
        bids.sort(TruthOrderBook.BID_ORDER);
        asks.sort(TruthOrderBook.ASK_ORDER);
        return new TruthOrderBook(bids, asks);
    }
}
