package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.replay.EngineReplay;
import io.xdpfeed.handler.replay.ReplayMain;
import io.xdpfeed.sim.itch.GlimpseSnapshotServer;
import io.xdpfeed.sim.itch.ItchConfigOut;
import io.xdpfeed.sim.itch.ItchMessageLog;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.itch.ItchTruth;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ITCH recovery through the one engine, against the simulator's real servers on 127.0.0.1 (ephemeral ports) and its
 * truth: {@code scripts/replay --protocol itch --config FILE} with {@code xdpfeed.itch.retransmission} /
 * {@code xdpfeed.itch.snapshot} in the file.
 * <ul>
 *   <li>bursts lost on both lines are re-requested from the MoldUDP64 retransmission server, the live packets queued
 *       meanwhile: the books and order books end equal to the truth, every lost message retransmitted, the channel
 *       STALE, RECOVERING, LIVE around each gap;</li>
 *   <li>a late start (the capture begins in the middle of the session) recovers from the GLIMPSE server: the
 *       snapshot, then the queued packets from its next sequence number on, end equal to the truth;</li>
 *   <li>a gap the server no longer holds (its window excludes it: requests refused, given up) falls back to the
 *       snapshot; without a snapshot server the channel stays STALE;</li>
 *   <li>the re-requests are as the {@code xdpfeed.itch.retransmission.*} tuning says: as few at once, as small, sent
 *       as many times;</li>
 *   <li>a bad server value stops the replay with one line naming it;</li>
 *   <li>in the first two, the sessions' operational halts and imbalance indicators: each stock's last status is
 *       the truth's (halted or trading; a halt before a late start told by the snapshot alone), and every imbalance
 *       indicator is one AuctionImbalance record, as the truth has it.</li>
 * </ul>
 */
@Timeout(120)
class ItchStreamRecoveryTest
{
    private static final int INSTRUMENTS = 8;
    private static final int DEPTH = 10;
    private static final String SESSION = ItchSession.SESSION;
    private static final int HALTS = 8;
    private static final int IMBALANCES = 40;
    private static final Pattern AUCTION_IMBALANCE = Pattern.compile("\"AuctionImbalance\",\"channelId\":\\d+," +
        "\"securityId\":(\\d+),\"pairedQty\":(\\d+),\"imbalanceQty\":(\\d+),\"imbalanceSide\":\"([A-Z_]+)\"," +
        "\"referencePrice\":(\\d+|null)");
    private static final Pattern INSTRUMENT_STATUS = Pattern.compile(
        "\"InstrumentStatus\",\"channelId\":\\d+,\"securityId\":(\\d+),.*\"tradingStatus\":(\\d+),\"haltReason\":(\\d+)");
    private static final Pattern MSG_SEQ_NUM = Pattern.compile("^\\{\"msgSeqNum\":(\\d+),");
    private static final Pattern STATUS = Pattern.compile(
        "\"ChannelStatus\".*\"feedStatus\":\"([A-Z]+)\",\"gapFrom\":(\\d+),\"gapTo\":(\\d+)");

    @Test
    void burstsLostOnBothLinesAreReRequestedAndTheBooksEndEqualToTheTruth(@TempDir final Path dir) throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(settings(20_000, 42, 6, HALTS), log);
        final Path pcap = capture(session, dir.resolve("itch.pcap"));
        assertTrue(session.messagesLostOnBoth() > 6, "lost on both: " + session.messagesLostOnBoth());
        assertHaltsBothEnded(session);

        try (MoldUdp64RetransmissionServer server =
            new MoldUdp64RetransmissionServer(new InetSocketAddress("127.0.0.1", 0), SESSION, log, 1400, 0))
        {
            final Run run = replay(dir, session, pcap, "xdpfeed.itch.retransmission=1@127.0.0.1:" + server.port());
            run.assertBooksEqualTheTruth(session, true);
            run.assertStatusesAreTheTruths(session);
            run.assertImbalancesAreTheTruths(session);

            final long recoveries = run.number("recoveries");
            assertEquals(List.of(session.messagesLostOnBoth(), session.messagesLostOnBoth(), 0L, 0L, 0L),
                List.of(run.number("missingPackets"), run.number("retransmittedMessages"),
                    run.number("streamSnapshots"), run.number("staleInstruments"), run.number("malformed")), run.json);
            assertTrue(recoveries >= 1 && recoveries <= run.number("gaps"), run.json);
            final long requests = run.number("retransmissionRequests");
            assertTrue(requests >= server.requestsServed() && server.requestsServed() >= recoveries, run.json +
                " served " + server.requestsServed());
            assertEquals(0, server.requestsRefused());

            // the channel says STALE for every gap, RECOVERING once retransmissions apply, LIVE when whole again
            final List<String> expected = new ArrayList<>();
            for (long i = 0; i < recoveries; i++)
            {
                expected.addAll(List.of("STALE", "RECOVERING", "LIVE"));
            }
            assertEquals(expected, run.statuses());
        }
    }

    @Test
    void aLateStartRecoversFromTheSnapshotServer(@TempDir final Path dir) throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(settings(8_000, 7, 0, HALTS), log);
        final long captureFrom = 6_000;
        final long snapshotPoint = 7_500;
        final Path pcap = dir.resolve("late.pcap");
        try (PcapWriter writer = new PcapWriter(pcap, ItchSession.Settings.defaultChannel(), 1))
        {
            // the handler starts in the middle of the session: the capture holds the packets from captureFrom on
            session.run((line, buffer, offset, length, timeNs) ->
            {
                if (buffer.getLong(offset + 10, ByteOrder.BIG_ENDIAN) >= captureFrom)
                {
                    writer.onDatagram(line, buffer, offset, length, timeNs);
                }
            });
        }
        assertTrue(session.nextSequence() > snapshotPoint + 1_000, "session of " + session.nextSequence());
        assertHaltsBothEnded(session);
        // a stock halted before the snapshot's point and never told of again: only the snapshot can say it
        final Map<Integer, Long> lastHalt = new TreeMap<>();
        log.forEach(1, session.nextSequence(), (buffer, offset, length, sequence) ->
        {
            if (buffer.getByte(offset) == 'h')
            {
                lastHalt.put(buffer.getShort(offset + 1, ByteOrder.BIG_ENDIAN) & 0xFFFF, sequence);
            }
        });
        assertTrue(session.truth().operationalHalts().keySet().stream().anyMatch(
            locate -> lastHalt.get(locate) < snapshotPoint), "halts " + lastHalt);

        try (GlimpseSnapshotServer server = new GlimpseSnapshotServer(new InetSocketAddress("127.0.0.1", 0), SESSION,
            log, () -> snapshotPoint, 1000, 0))
        {
            final Run run = replay(dir, session, pcap, "xdpfeed.itch.snapshot=1@127.0.0.1:" + server.port());
            run.assertBooksEqualTheTruth(session, false);
            run.assertStatusesAreTheTruths(session);
            run.assertImbalancesAreTheTruths(session);
            assertEquals(List.of(1L, 1L, 0L, 0L, 0L, 0L),
                List.of(run.number("recoveries"), run.number("streamSnapshots"), run.number("retransmissionRequests"),
                    run.number("gaps"), run.number("staleInstruments"), run.number("malformed")), run.json);
            assertEquals(1, server.snapshotsServed());
            assertEquals(List.of("STALE", "RECOVERING", "LIVE"), run.statuses());
            run.assertRecordsFromTheSnapshotCarryNoSequenceNumber(captureFrom);
        }
    }

    @Test
    void aReplayWhoseSnapshotServerRefusesTheLoginReadsOnStale(@TempDir final Path dir) throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(settings(8_000, 7, 0), log);
        final Path pcap = dir.resolve("late.pcap");
        try (PcapWriter writer = new PcapWriter(pcap, ItchSession.Settings.defaultChannel(), 1))
        {
            session.run((line, buffer, offset, length, timeNs) ->
            {
                if (buffer.getLong(offset + 10, ByteOrder.BIG_ENDIAN) >= 6_000)
                {
                    writer.onDatagram(line, buffer, offset, length, timeNs);
                }
            });
        }
        try (GlimpseSnapshotServer server = new GlimpseSnapshotServer(new InetSocketAddress("127.0.0.1", 0), SESSION,
            log, () -> 7_500, 1000, 0).account("trader", "s3cret"))
        {
            // live the packets go on arriving while the login is tried again each second: the replay reads on
            // instead of waiting for the recovery (RECOVERY_WAIT_NS at each read of the capture)
            final long startNs = System.nanoTime();
            final Run run = replay(dir, session, pcap, "xdpfeed.itch.snapshot=1@127.0.0.1:" + server.port() +
                "\nxdpfeed.itch.snapshot.username=trader\nxdpfeed.itch.snapshot.password=guess");
            assertTrue(System.nanoTime() - startNs < EngineReplay.RECOVERY_WAIT_NS, "the replay waited");
            assertEquals(List.of(0L, 1L), List.of(run.number("streamSnapshots"), run.number("recoveries")), run.json);
            assertTrue(run.number("streamSnapshotFailures") >= 1, run.json);
            // nothing applied: the packets wait in the recovery queue for a snapshot that never comes
            assertEquals(0, run.number("messages"), run.json);
            assertEquals(0, server.snapshotsServed());
            assertEquals(List.of("STALE"), run.statuses().stream().distinct().toList());
        }
    }

    @Test
    void aGapTheServerNoLongerHoldsFallsBackToTheSnapshot(@TempDir final Path dir) throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(settings(6_000, 11, 2), log);
        final Path pcap = capture(session, dir.resolve("old.pcap"));
        final long end = session.nextSequence();
        // a retention window of 1 message: every gap is too old; the snapshot is of the session's end (ahead of the
        // capture: the packets it already includes are skipped)
        try (MoldUdp64RetransmissionServer retransmission =
            new MoldUdp64RetransmissionServer(new InetSocketAddress("127.0.0.1", 0), SESSION, log, 1400, 1);
            GlimpseSnapshotServer snapshot = new GlimpseSnapshotServer(new InetSocketAddress("127.0.0.1", 0),
                SESSION, log, () -> end, 1000, 0))
        {
            final Run run = replay(dir, session, pcap,
                "xdpfeed.itch.retransmission=1@127.0.0.1:" + retransmission.port() + "\n" +
                "xdpfeed.itch.snapshot=1@127.0.0.1:" + snapshot.port());
            run.assertBooksEqualTheTruth(session, false);
            assertEquals(List.of(1L, 1L, 0L, 0L),
                List.of(run.number("recoveries"), run.number("streamSnapshots"), run.number("retransmittedMessages"),
                    run.number("staleInstruments")), run.json);
            // each request sent MAX_ATTEMPTS times, every one refused, then the snapshot
            assertEquals(RetransmissionTuning.DEFAULT.attempts(), run.number("retransmissionRequests"), run.json);
            assertEquals(List.of((long)RetransmissionTuning.DEFAULT.attempts(), 0L, 1L),
                List.of(retransmission.requestsRefused(), retransmission.requestsServed(), snapshot.snapshotsServed()));
            assertEquals(List.of("STALE", "RECOVERING", "LIVE"), run.statuses());
        }
    }

    @Test
    void withoutASnapshotServerAGapTooOldLeavesTheChannelStale(@TempDir final Path dir) throws Exception
    {
        assertEveryGapGivenUpAfter(dir, "", RetransmissionTuning.DEFAULT.attempts());
    }

    @Test
    void theReRequestsAreAsSmallAndAsFewAtOnceAsConfigured(@TempDir final Path dir) throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(settings(20_000, 42, 6), log);
        final Path pcap = capture(session, dir.resolve("itch.pcap"));
        final long lost = session.messagesLostOnBoth();
        assertTrue(lost > 6, "lost on both: " + lost);

        try (MoldUdp64RetransmissionServer server =
            new MoldUdp64RetransmissionServer(new InetSocketAddress("127.0.0.1", 0), SESSION, log, 1400, 0))
        {
            // one request of at most 2 messages at a time: every lost message still comes back, in that many requests
            final Run run = replay(dir, session, pcap, "xdpfeed.itch.retransmission=1@127.0.0.1:" + server.port() +
                "\nxdpfeed.itch.retransmission.requests=1\nxdpfeed.itch.retransmission.messages=2");
            run.assertBooksEqualTheTruth(session, true);
            assertEquals(List.of(lost, lost, 0L, 0L),
                List.of(run.number("missingPackets"), run.number("retransmittedMessages"),
                    run.number("streamSnapshots"), run.number("staleInstruments")), run.json);
            assertTrue(server.requestsServed() >= (lost + 1) / 2 && server.requestsServed() > run.number("gaps"),
                "served " + server.requestsServed() + " for " + lost + " messages: " + run.json);
            assertEquals(0, server.requestsRefused());
        }
    }

    @Test
    void aRequestIsSentAsManyTimesAsConfiguredBeforeItIsGivenUp(@TempDir final Path dir) throws Exception
    {
        assertEveryGapGivenUpAfter(dir,
            "\nxdpfeed.itch.retransmission.attempts=5\nxdpfeed.itch.retransmission.timeout=5ms", 5);
    }

    @Test
    void aBadServerValueStopsTheReplayWithOneLineNamingIt(@TempDir final Path dir) throws Exception
    {
        final Path config = dir.resolve("itch.properties");
        Files.writeString(config, ItchConfigOut.text(ItchSession.Settings.defaultChannel()) +
            "xdpfeed.itch.snapshot=1@10.77.0.1:0\n");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, ReplayMain.run(new String[]{"--config", config.toString(), dir.resolve("none.pcap").toString(),
            "--summary-json"}, new PrintStream(out), new PrintStream(err)));
        assertEquals(List.of("error: xdpfeed.itch.snapshot=1@10.77.0.1:0: '1@10.77.0.1:0': channel >= 0 and port " +
            "1..65535"), err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /**
     * A server that holds no gap (a window of 1 message) and no snapshot server: each gap asked for {@code attempts}
     * times, refused each time, given up: every instrument STALE (trust first), the channel never LIVE again, one
     * recovery per gap.
     */
    private static void assertEveryGapGivenUpAfter(final Path dir, final String tuning, final int attempts)
        throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(settings(4_000, 13, 2), log);
        final Path pcap = capture(session, dir.resolve("stale.pcap"));
        try (MoldUdp64RetransmissionServer retransmission =
            new MoldUdp64RetransmissionServer(new InetSocketAddress("127.0.0.1", 0), SESSION, log, 1400, 1))
        {
            final Run run = replay(dir, session, pcap,
                "xdpfeed.itch.retransmission=1@127.0.0.1:" + retransmission.port() + tuning);
            final long gaps = run.number("gaps");
            assertTrue(gaps >= 1, run.json);
            // the server counts a refusal on its own thread, which may come to the last request after the replay
            final long deadlineNs = System.nanoTime() + 10_000_000_000L;
            while (retransmission.requestsRefused() < attempts * gaps && System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(1);
            }
            assertEquals(List.of(gaps, attempts * gaps, 0L, 0L, (long)INSTRUMENTS),
                List.of(run.number("recoveries"), run.number("retransmissionRequests"),
                    run.number("retransmittedMessages"), run.number("streamSnapshots"),
                    run.number("staleInstruments")), run.json);
            assertEquals(Collections.nCopies((int)(2 * gaps), "STALE"), run.statuses());
            assertEquals(attempts * gaps, retransmission.requestsRefused());
        }
    }

    /**
     * Run the session into a capture, every datagram of both lines.
     */
    private static Path capture(final ItchSession session, final Path pcap) throws Exception
    {
        try (PcapWriter writer = new PcapWriter(pcap, ItchSession.Settings.defaultChannel(), 1))
        {
            session.run(writer);
        }
        return pcap;
    }

    private static ItchSession.Settings settings(final long packets, final long seed, final int bursts)
    {
        return settings(packets, seed, bursts, 0);
    }

    private static ItchSession.Settings settings(
        final long packets, final long seed, final int bursts, final int operationalHalts)
    {
        return new ItchSession.Settings(INSTRUMENTS, packets, seed, 0.03, 0.03, ItchSession.DEFAULT_START_EPOCH_NS,
            ItchSession.Settings.defaultChannel(), bursts, 5, operationalHalts, IMBALANCES);
    }

    /**
     * The session's halts end both ways: some stocks are still halted at its end, not all that were.
     */
    private static void assertHaltsBothEnded(final ItchSession session)
    {
        final int halted = session.truth().operationalHalts().size();
        assertTrue(halted >= 1 && halted < HALTS, "stocks halted at the end: " + halted + " of " + HALTS + " halts");
    }

    private static Run replay(final Path dir, final ItchSession session, final Path pcap, final String servers)
        throws Exception
    {
        final Path config = dir.resolve("itch.properties");
        Files.writeString(config, ItchConfigOut.text(ItchSession.Settings.defaultChannel()) + servers + "\n");
        final Path books = dir.resolve("books.json");
        final Path orders = dir.resolve("orders.json");
        final Path events = dir.resolve("events.jsonl");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReplayMain.run(new String[]{"--protocol", "itch", "--config", config.toString(),
            pcap.toString(), "--books", books.toString(), "--orders", orders.toString(), "--events",
            events.toString(), "--summary-json"}, new PrintStream(out), new PrintStream(err));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        final String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
        return new Run(dir, lines[lines.length - 1], books, orders, events);
    }

    private record Run(Path dir, String json, Path books, Path orders, Path events)
    {
        long number(final String name)
        {
            final Matcher matcher = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
            assertTrue(matcher.find(), name + " in " + json);
            return Long.parseLong(matcher.group(1));
        }

        /**
         * The records of the snapshot's messages carry msgSeqNum 0 (GLIMPSE has no MoldUDP64 number to give them);
         * every other record the number of its message, from the capture's first on, never going back.
         */
        void assertRecordsFromTheSnapshotCarryNoSequenceNumber(final long captureFrom) throws Exception
        {
            long last = 0;
            long fromSnapshot = 0;
            final List<String> wrong = new ArrayList<>();
            for (final String line : Files.readAllLines(events))
            {
                final Matcher matcher = MSG_SEQ_NUM.matcher(line);
                assertTrue(matcher.find(), line);
                final long msgSeqNum = Long.parseLong(matcher.group(1));
                if (msgSeqNum == 0)
                {
                    fromSnapshot++;
                }
                else if (msgSeqNum < Math.max(last, captureFrom))
                {
                    wrong.add(line);
                }
                last = Math.max(last, msgSeqNum);
            }
            assertEquals(List.of(), wrong.subList(0, Math.min(3, wrong.size())));
            assertTrue(fromSnapshot > INSTRUMENTS, "records of msgSeqNum 0: " + fromSnapshot);
        }

        List<String> statuses() throws Exception
        {
            final List<String> statuses = new ArrayList<>();
            for (final String line : Files.readAllLines(events))
            {
                final Matcher matcher = STATUS.matcher(line);
                if (matcher.find())
                {
                    statuses.add(matcher.group(1));
                }
            }
            return statuses;
        }

        /**
         * The last InstrumentStatus of every stock says what the truth's operational halts say: TRADING_HALT (2) with
         * MarketEvent (2) as the reason for a stock still halted, ready to trade (17, the session's trading action T)
         * with no reason (255) for every other.
         */
        void assertStatusesAreTheTruths(final ItchSession session) throws Exception
        {
            final Map<Integer, String> last = new TreeMap<>();
            for (final String line : Files.readAllLines(events))
            {
                final Matcher matcher = INSTRUMENT_STATUS.matcher(line);
                if (matcher.find())
                {
                    last.put(Integer.parseInt(matcher.group(1)), matcher.group(2) + "/" + matcher.group(3));
                }
            }
            final Map<Integer, String> expected = new TreeMap<>();
            for (int locate = 1; locate <= INSTRUMENTS; locate++)
            {
                expected.put(locate, session.truth().operationalHalts().containsKey(locate) ? "2/2" : "17/255");
            }
            assertEquals(expected, last, "each stock's last status");
        }

        /**
         * Every imbalance indicator the session sent (all in its last quarter, after any gap's recovery) is one
         * AuctionImbalance record, in order, with the truth's stock, shares, side and reference price.
         */
        void assertImbalancesAreTheTruths(final ItchSession session) throws Exception
        {
            final List<String> published = new ArrayList<>();
            for (final String line : Files.readAllLines(events))
            {
                final Matcher matcher = AUCTION_IMBALANCE.matcher(line);
                if (matcher.find())
                {
                    published.add(String.join(" ", matcher.group(1), matcher.group(2), matcher.group(3),
                        matcher.group(4), matcher.group(5)));
                }
            }
            final List<String> expected = new ArrayList<>();
            for (final ItchTruth.Imbalance imbalance : session.truth().imbalances())
            {
                final String side = switch (imbalance.direction())
                {
                    case 'B' -> "BUY";
                    case 'S' -> "SELL";
                    case 'O' -> "INSUFFICIENT_ORDERS";
                    default -> "NONE";
                };
                expected.add(imbalance.locate() + " " + imbalance.pairedShares() + " " + imbalance.imbalanceShares() +
                    " " + side + " " + (imbalance.referencePrice4() == 0 ? "null" :
                    String.valueOf(imbalance.referencePrice4() * ItchMessages.PRICE4_TO_PRICE9)));
            }
            assertEquals(IMBALANCES, expected.size());
            assertEquals(expected, published, "the imbalance indicators");
        }

        /**
         * The MBP books equal the truth's; the order books too, with priorities when no snapshot was taken (after a
         * snapshot an order's priority is its place in it, GLIMPSE sending no original sequence number: the orders
         * are compared in the book's order, priority left out).
         */
        void assertBooksEqualTheTruth(final ItchSession session, final boolean withPriority) throws Exception
        {
            final Path truth = dir.resolve("truth.json");
            final Path truthOrders = dir.resolve("truth-orders.json");
            TruthJson.write(truth, session.truth().books(DEPTH));
            OrderTruthJson.write(truthOrders, session.truth().orderBooks());
            assertEquals(TruthJson.read(truth), TruthJson.read(books), "MBP books");
            assertEquals(INSTRUMENTS, TruthJson.read(books).size());
            final Map<Integer, TruthOrderBook> expected = OrderTruthJson.read(truthOrders);
            final Map<Integer, TruthOrderBook> actual = OrderTruthJson.read(orders);
            if (withPriority)
            {
                assertEquals(expected, actual, "order books");
            }
            else
            {
                assertEquals(withoutPriority(expected), withoutPriority(actual), "order books, priority left out");
            }
            assertTrue(expected.values().stream().mapToInt(book -> book.bids().size() + book.asks().size()).sum() >
                100, "orders live at the end");
        }
    }

    private static Map<Integer, List<List<TruthOrderBook.Order>>> withoutPriority(
        final Map<Integer, TruthOrderBook> books)
    {
        final Map<Integer, List<List<TruthOrderBook.Order>>> result = new TreeMap<>();
        for (final Map.Entry<Integer, TruthOrderBook> entry : books.entrySet())
        {
            result.put(entry.getKey(), List.of(strip(entry.getValue().bids()), strip(entry.getValue().asks())));
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
        return Collections.unmodifiableList(stripped);
    }
}
