package io.xdpfeed.sim;

import io.xdpfeed.codecs.itch.MessageBlockDecoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.itch.ItchTruth;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.sim.truth.TruthOrderBook;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code exchange-sim --protocol itch}: the command line writes what the API writes; the session numbers every
 * message once, in order, and loses a packet on at most one line; its truth files read back.
 */
@Timeout(60)
class ItchSimulatorMainTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void commandLineWritesWhatTheSessionWrites(@TempDir final Path dir) throws Exception
    {
        final int code = run("--protocol", "itch", "--instruments", "5", "--packets", "2k", "--seed", "3",
            "--loss-a", "0.02", "--loss-b", "0.01", "--pcap", dir.resolve("cli.pcap").toString(),
            "--truth", dir.resolve("books.json").toString(), "--truth-orders", dir.resolve("orders.json").toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("itch session XDPFEED001: "), out.toString());

        final ItchSession session = new ItchSession(new ItchSession.Settings(5, 2_000, 3, 0.02, 0.01,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel()));
        try (io.xdpfeed.sim.wire.PcapWriter writer =
            new io.xdpfeed.sim.wire.PcapWriter(dir.resolve("api.pcap"), ItchSession.Settings.defaultChannel(), 1))
        {
            session.run(writer);
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("api.pcap")), Files.readAllBytes(dir.resolve("cli.pcap")));

        final ItchTruth truth = session.truth();
        assertEquals(truth.books(10), TruthJson.read(dir.resolve("books.json")));
        final Map<Integer, TruthOrderBook> orders = new TreeMap<>(truth.orderBooks());
        assertEquals(orders, OrderTruthJson.read(dir.resolve("orders.json")));
        assertEquals(5, orders.size());
        int live = 0;
        for (final TruthOrderBook book : orders.values())
        {
            live += book.bids().size() + book.asks().size();
        }
        assertEquals(truth.orderCount(), live);
        assertTrue(live > 0, "orders rest at the end");
    }

    @Test
    void everyMessageOnceInOrderAndNoPacketLostOnBothLines()
    {
        final RecordingSink sink = new RecordingSink();
        final ItchSession session = new ItchSession(new ItchSession.Settings(3, 3_000, 11, 0.05, 0.05,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel()));
        session.run(sink);

        final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder();
        final MessageBlockDecoder block = new MessageBlockDecoder();
        long next = 1;
        long lostA = 0;
        long lostB = 0;
        long previousFirst = 0;
        final List<SimLine> linesOfPacket = new ArrayList<>();
        for (final Datagram datagram : sink.datagrams)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(datagram.payload());
            header.wrap(buffer, 0, MoldUdp64HeaderDecoder.BLOCK_LENGTH, 0);
            assertEquals(ItchSession.SESSION, header.session());
            final long first = header.sequenceNumber();
            if (first != previousFirst || linesOfPacket.contains(datagram.line()))
            {
                // a new packet: the previous one went on one line or both
                if (linesOfPacket.size() == 1)
                {
                    if (linesOfPacket.get(0) == SimLine.INCREMENTAL_A)
                    {
                        lostB++;
                    }
                    else
                    {
                        lostA++;
                    }
                }
                linesOfPacket.clear();
                assertEquals(next, first, "packets follow each other without a hole");
            }
            linesOfPacket.add(datagram.line());
            previousFirst = first;
            final int count = header.messageCount();
            if (count != 0xFFFF)
            {
                int position = MoldUdp64HeaderDecoder.BLOCK_LENGTH;
                for (int i = 0; i < count; i++)
                {
                    position += MessageBlockDecoder.BLOCK_LENGTH +
                        block.wrap(buffer, position, MessageBlockDecoder.BLOCK_LENGTH, 0).messageLength();
                }
                assertEquals(datagram.payload().length, position);
                next = first + count;
            }
        }
        assertEquals(session.nextSequence(), next);
        assertTrue(lostA > 50 && lostB > 50, "lost on A " + lostA + ", on B " + lostB);
    }

    @Test
    void haltsAndImbalancesLeaveTheOrderFlowOfTheSeed(@TempDir final Path dir) throws Exception
    {
        final int code = run("--protocol", "itch", "--instruments", "4", "--packets", "2k", "--seed", "5",
            "--operational-halts", "3", "--imbalances", "20", "--pcap", dir.resolve("cli.pcap").toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(" I=20 "), out.toString());

        final ItchSession plain = new ItchSession(new ItchSession.Settings(4, 2_000, 5, 0, 0,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel()));
        final ItchSession with = new ItchSession(new ItchSession.Settings(4, 2_000, 5, 0, 0,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel(), 0, 5, 3, 20));
        plain.run(new RecordingSink());
        try (io.xdpfeed.sim.wire.PcapWriter writer =
            new io.xdpfeed.sim.wire.PcapWriter(dir.resolve("api.pcap"), ItchSession.Settings.defaultChannel(), 1))
        {
            with.run(writer);
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("api.pcap")), Files.readAllBytes(dir.resolve("cli.pcap")));
        assertEquals(20, with.truth().imbalances().size());
        // the same orders live at the end, only their priorities (sequence numbers) moved by the h and I messages
        assertEquals(withoutPriority(plain.truth()), withoutPriority(with.truth()));
        assertTrue(with.nextSequence() > plain.nextSequence() + 20, with.nextSequence() + " " + plain.nextSequence());

        assertEquals(2, run("--protocol", "itch", "--packets", "100", "--imbalances", "26", "--pcap",
            dir.resolve("bad.pcap").toString()));
        assertEquals(List.of("error: --imbalances 26: at most a quarter of --packets (25), one a packet over the last " +
            "quarter", "run with --protocol itch --help for the options"),
            err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    private static Map<Long, List<Long>> withoutPriority(final ItchTruth truth)
    {
        final Map<Long, List<Long>> orders = new TreeMap<>();
        truth.liveOrders().forEach((id, order) -> orders.put(id,
            List.of((long)order.locate(), order.buy() ? 1L : 0L, order.price4(), order.shares())));
        return orders;
    }

    @Test
    void optionsNotYetForItchAreRefusedByName()
    {
        assertEquals(2, run("--protocol", "itch", "--mbo"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--mbo is not available with --protocol itch"));
        assertEquals(2, run("--protocol", "itch", "--seed", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nothing to do"));
        assertEquals(2, run("--protocol", "fix"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--protocol 'fix' is not cme or itch"));
        assertEquals(0, run("--protocol", "itch", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--truth-orders"));
    }

    @Test
    void theSnapshotLoginIsCheckedAndWrittenToTheHandlersProperties(@TempDir final Path dir) throws Exception
    {
        final Path config = dir.resolve("itch.properties");
        assertEquals(0, run("--protocol", "itch", "--instruments", "2", "--packets", "200", "--snapshot-server",
            "127.0.0.1:0", "--snapshot-login", "trader:s3cret", "--config-out", config.toString(),
            "--serve-seconds", "1", "--quiet"), err.toString(StandardCharsets.UTF_8));
        final List<String> login = Files.readAllLines(config).stream()
            .filter(line -> line.startsWith("xdpfeed.itch.snapshot.")).toList();
        assertEquals(List.of("xdpfeed.itch.snapshot.username=trader", "xdpfeed.itch.snapshot.password=s3cret"), login);

        final List<String> errors = new ArrayList<>();
        for (final String bad : List.of("toolong:pw", ":pw", "trader:has space"))
        {
            assertEquals(2, run("--protocol", "itch", "--snapshot-server", "127.0.0.1:0", "--snapshot-login", bad));
            errors.add(err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
        }
        assertEquals(List.of(
            "--snapshot-login (USER:PASSWORD): the username: at most 6 characters",
            "--snapshot-login (USER:PASSWORD): the username: empty",
            "--snapshot-login (USER:PASSWORD): the password: letters and digits only (SoupBinTCP alphanumeric)"),
            errors.stream().map(line -> line.substring(line.indexOf("--snapshot-login"))).toList());
    }

    private int run(final String... args)
    {
        out.reset();
        err.reset();
        return ExchangeSimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
