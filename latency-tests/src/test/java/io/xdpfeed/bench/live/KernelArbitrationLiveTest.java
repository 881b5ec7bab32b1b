package io.xdpfeed.bench.live;

import io.xdpfeed.handler.FeedStat;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.replay.BookJsonWriter;
import io.xdpfeed.handler.replay.Replay;
import io.xdpfeed.handler.replay.ReplaySummary;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.handler.stats.IngressCounter;
import io.xdpfeed.nativeio.LibXdp;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthJson;
import io.aeron.CncFileDescriptor;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A/B arbitration in the XDP program, live: a simulated session with loss on line A and on line B is written as a
 * capture, every 9th line-A incremental copy is damaged in its MDP 3.0 framing (MsgSize 9, or a MsgSize running past
 * the datagram's end: the kernel's UDP checksum, recomputed by the playback's socket, still holds), and the capture is
 * played ({@code CapturePlayback}, captured pacing) from the exchange namespace of a lab of its own into the feed
 * handler over AF_XDP with {@code xdpfeed.arbitration=kernel}. The subscriber's books equal the simulator's truth,
 * the program dropped exactly one copy of every sequence whose A copy was intact and whose B copy was sent, and every
 * damaged copy went to user space unclaimed (counted there as malformed, its sequence filled from line B). The
 * damaged-checksum case is in native's XdpArbitrationProgramTest (a socket sender would fix the checksum). And the
 * real v8.1 A/B capture played {@code --max} into the handler gives the counts of {@code scripts/replay} of the same
 * file, with user-space and with kernel arbitration, and the same books with both, every one equal to the replay's.
 * Skipped, with the reason, when not root, where namespaces cannot be created, or without libxdp; the lab is removed
 * after.
 */
@Timeout(240)
class KernelArbitrationLiveTest
{
    private static final int PACKETS = 6_000;
    private static final int GROUP_A = 0xE0001F01; // 224.0.31.1
    private static final int GROUP_B = 0xE0002001; // 224.0.32.1
    private static final int DAMAGE_EVERY = 9;

    private static Lab lab;
    private static String labUnavailable;

    @BeforeAll
    static void labUp()
    {
        labUnavailable = Lab.unavailableReason();
        if (labUnavailable == null)
        {
            lab = Lab.unique(Lab.findHome(), "xdpfeed-arb", Path.of("target", "arbitration-test", "lab")
                .toAbsolutePath());
            try
            {
                lab.up();
            }
            catch (final IllegalStateException ex)
            {
                labUnavailable = "cannot create the lab's network namespaces here: " + ex.getMessage();
            }
        }
    }

    @AfterAll
    static void labDown()
    {
        if (lab != null)
        {
            final String exchange = lab.exchangeNamespace();
            final String handler = lab.handlerNamespace();
            lab.close();
            assertTrue(!Lab.namespaceExists(exchange) && !Lab.namespaceExists(handler), "lab namespaces left");
        }
    }

    @Test
    void damagedCopiesOnLineAAreFilledFromBAndTheIntactDuplicatesAreDroppedInTheKernel() throws IOException
    {
        assumeTrue(labUnavailable == null, () -> "live test skipped: " + labUnavailable);
        assumeTrue(LibXdp.unavailableReason() == null, () -> "skipped: " + LibXdp.unavailableReason());

        final Path dir = Path.of("target", "arbitration-test", "run-" + ProcessHandle.current().pid())
            .toAbsolutePath();
        Files.createDirectories(dir);
        final Path capture = dir.resolve("session.pcap");
        final Path truthFile = dir.resolve("truth.json");
        new ExchangeSimulator(SimulatorConfig.builder().instruments(10).packets(PACKETS).seed(11).lossA(0.02)
            .lossB(0.02).ratePps(3_000).build()).run(capture, truthFile, null);
        final Damage damage = damageLineA(capture);
        assertTrue(damage.damaged > 100 && damage.intactDuplicates > PACKETS / 2, damage.toString());

        final String aeronDir = "/dev/shm/xdpfeed-arb-test-" + ProcessHandle.current().pid();
        Files.writeString(dir.resolve("handler.properties"),
            "xdpfeed.cme.config=" + lab.config() + "\n" +
            "xdpfeed.transport=xdp\n" +
            "xdpfeed.interface=" + Lab.HANDLER_INTERFACE + "\n" +
            "xdpfeed.arbitration=kernel\n" +
            "aeron.dir=" + aeronDir + "\n");
        try (ChildProcess handler = ChildProcess.start("feed-handler", ChildProcess.java(lab.inHandler(), List.of(),
            "io.xdpfeed.handler.FeedHandlerMain", List.of("--config", dir.resolve("handler.properties").toString())),
            dir.resolve("handler.log")))
        {
            handler.awaitLine("feed-handler: channels", 90_000);
            assertTrue(handler.lines().stream().anyMatch(line -> line.contains("A/B arbitration in the XDP program")),
                () -> "kernel arbitration not in use: " + handler.tail(20));
            try (LiveSubscriber subscriber = new LiveSubscriber(aeronDir, PACKETS, 0, new BackoffIdleStrategy(), -1, 0))
            {
                subscriber.awaitConnected(30_000);
                try (ChildProcess playback = ChildProcess.start("playback", ChildProcess.java(lab.inExchange(),
                    List.of(), "io.xdpfeed.bench.playback.CapturePlayback",
                    List.of(capture.toString(), "--source", "10.77.0.1")), dir.resolve("playback.log")))
                {
                    assertEquals(0, playback.awaitExit(120_000), () -> playback.tail(10));
                }

                final Map<Integer, TruthBook> truth = TruthJson.read(truthFile);
                BookComparison books = subscriber.onPollThread(mirror -> BookComparison.compare(mirror, 1, truth));
                final long deadlineMs = System.currentTimeMillis() + 30_000;
                while (!books.allEqual() && System.currentTimeMillis() < deadlineMs)
                {
                    ChildProcess.sleep(200);
                    books = subscriber.onPollThread(mirror -> BookComparison.compare(mirror, 1, truth));
                }
                ChildProcess.sleep(1_500); // the stats agent samples the ingress counters once a second
                final HandlerCounterSnapshot counters = HandlerCounterSnapshot.read(aeronDir);
                final Map<Integer, Long> ingress = ingressCounters(aeronDir);
                final String context = damage + "; books " + books + "; handler " + counters.format() +
                    "; kernel passed " + ingress.get(IngressCounter.KERNEL_PASSED.typeId()) + " duplicates " +
                    ingress.get(IngressCounter.KERNEL_DUPLICATES.typeId()) + " malformed " +
                    ingress.get(IngressCounter.KERNEL_MALFORMED.typeId()) + "; logs in " + dir;
                System.out.println(context);
                final java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
                assertEquals(0, FeedStat.run(new String[]{ "--aeron-dir", aeronDir, "--once", "--interval-ms", "50" },
                    new java.io.PrintStream(frame, true), System.err));

                assertTrue(books.allEqual(), () -> "books differ from the truth: " + context);
                assertTrue(frame.toString().contains("kernel a/b passed " +
                    String.format(java.util.Locale.ROOT, "%,d", ingress.get(IngressCounter.KERNEL_PASSED.typeId())) +
                    "  duplicates dropped " + String.format(java.util.Locale.ROOT, "%,d", damage.intactDuplicates)),
                    frame::toString);
                assertEquals(damage.intactDuplicates, ingress.get(IngressCounter.KERNEL_DUPLICATES.typeId()),
                    context);
                assertEquals(damage.damaged, ingress.get(IngressCounter.KERNEL_MALFORMED.typeId()), context);
                assertEquals(damage.damaged, counters.get(HandlerCounter.MALFORMED), context);
                assertEquals(0, counters.get(HandlerCounter.DUPLICATES), context);
                assertEquals(0, counters.get(HandlerCounter.ERRORS), context);
            }
        }
        finally
        {
            IoUtil.delete(new File(aeronDir), true);
        }
    }

    @Test
    void theRealV8CapturePlayedAtFullSpeedGivesTheCountsOfItsReplayAndTheBooksOfUserArbitration() throws IOException
    {
        assumeTrue(labUnavailable == null, () -> "live test skipped: " + labUnavailable);
        assumeTrue(LibXdp.unavailableReason() == null, () -> "skipped: " + LibXdp.unavailableReason());

        final Path resources = Lab.findHome().resolve("feed-handler/src/test/resources/cme-mdp3");
        final Path capture = resources.resolve("Cme.Mdp3.Sbe.v8.1.Example.pcap");
        final Path config = resources.resolve("Cme.Mdp3.Sbe.v8.1.Example.config.xml");
        final Path dir = Path.of("target", "arbitration-test", "v8-" + ProcessHandle.current().pid())
            .toAbsolutePath();
        Files.createDirectories(dir);
        final Replay.Result replay = Replay.run(capture, CmeConfigParser.parse(config), false, null, true);
        final Path replayBooks = dir.resolve("replay-books.json");
        BookJsonWriter.write(replay.engine().engine(), replayBooks);
        final ReplaySummary expected = replay.summary();
        final Map<Integer, TruthBook> replayed = TruthJson.read(replayBooks);

        final LiveRun user = playInto(capture, config, "user", replayed, dir.resolve("user"));
        final LiveRun kernel = playInto(capture, config, "kernel", replayed, dir.resolve("kernel"));
        final String context = "replay " + expected.toJson() + "; user arbitration: " + user + "; kernel: " + kernel;
        System.out.println(context);

        // every datagram and sequence as the replay counts them, in user space alone or with the kernel's share
        final long kernelPassed = kernel.ingress.get(IngressCounter.KERNEL_PASSED.typeId());
        final long kernelDuplicates = kernel.ingress.get(IngressCounter.KERNEL_DUPLICATES.typeId());
        assertEquals(List.of(expected.packets(), expected.duplicates(), expected.gaps(), expected.malformed(),
            expected.recoveries(), expected.staleInstruments()), List.of(
            user.counters.get(HandlerCounter.PACKETS), user.counters.get(HandlerCounter.DUPLICATES),
            user.counters.get(HandlerCounter.GAPS), user.counters.get(HandlerCounter.MALFORMED),
            user.counters.get(HandlerCounter.RECOVERIES), user.counters.get(HandlerCounter.STALE_INSTRUMENTS)),
            context);
        assertEquals(List.of(expected.packets(), expected.acceptedPackets(), expected.duplicates(), expected.gaps(),
            expected.malformed(), expected.recoveries(), expected.staleInstruments()), List.of(
            kernelPassed + kernelDuplicates, kernel.counters.get(HandlerCounter.PACKETS),
            kernelDuplicates + kernel.counters.get(HandlerCounter.DUPLICATES),
            kernel.counters.get(HandlerCounter.GAPS), kernel.counters.get(HandlerCounter.MALFORMED),
            kernel.counters.get(HandlerCounter.RECOVERIES), kernel.counters.get(HandlerCounter.STALE_INSTRUMENTS)),
            context);
        // the subscriber's books: the same with either arbitration, instrument by instrument equal to the replay's
        // (the capture starts mid-session with no snapshot line, so every book is stale, and two of them hold an empty
        // level between prices in the engine and the mirror alike: BookComparison compares the levels that hold one)
        assertEquals(user.books, kernel.books, context);
        assertEquals(new BookComparison(replayed.size(), replayed.size(), kernel.books.trusted(), null), kernel.books,
            context);
    }

    /**
     * One handler run: the capture played {@code --max} into a handler with the given arbitration.
     *
     * @param played   the playback's result line.
     * @param books    the subscriber's books against the replay's.
     * @param counters the handler's counters.
     * @param ingress  its ingress counters by type id.
     */
    private record LiveRun(String played, BookComparison books, HandlerCounterSnapshot counters,
        Map<Integer, Long> ingress)
    {
        @Override
        public String toString()
        {
            return played + "; books " + books + "; handler " + counters.format() + "; ingress " + ingress;
        }
    }

    private static LiveRun playInto(final Path capture, final Path config, final String arbitration,
        final Map<Integer, TruthBook> replayed, final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final String aeronDir = "/dev/shm/xdpfeed-arb-v8-" + arbitration + "-" + ProcessHandle.current().pid();
        Files.writeString(dir.resolve("handler.properties"),
            "xdpfeed.cme.config=" + config + "\n" +
            "xdpfeed.transport=xdp\n" +
            "xdpfeed.interface=" + Lab.HANDLER_INTERFACE + "\n" +
            "xdpfeed.arbitration=" + arbitration + "\n" +
            // the whole capture (10,000 datagrams in ~60 ms) fits in the ring: this test is about what arbitration
            // counts, and with the default 8,192 a receive thread descheduled for the burst on 2 vCPUs lost the rest
            "xdpfeed.ingress.xdp.ring.size=16384\n" +
            "aeron.dir=" + aeronDir + "\n");
        try (ChildProcess handler = ChildProcess.start("feed-handler", ChildProcess.java(lab.inHandler(), List.of(),
            "io.xdpfeed.handler.FeedHandlerMain", List.of("--config", dir.resolve("handler.properties").toString())),
            dir.resolve("handler.log")))
        {
            handler.awaitLine("feed-handler: channels", 90_000);
            try (LiveSubscriber subscriber = new LiveSubscriber(aeronDir, 1_000_000, 0, new BackoffIdleStrategy(), -1, 0))
            {
                subscriber.awaitConnected(30_000);
                final String played;
                try (ChildProcess playback = ChildProcess.start("playback", ChildProcess.java(lab.inExchange(),
                    List.of(), "io.xdpfeed.bench.playback.CapturePlayback",
                    List.of(capture.toString(), "--max", "--source", "10.77.0.1")), dir.resolve("playback.log")))
                {
                    assertEquals(0, playback.awaitExit(120_000), () -> playback.tail(10));
                    played = playback.lines().stream().filter(line -> line.startsWith("PLAYBACK")).findFirst()
                        .orElse("");
                }
                // settled: the packet counter has stopped moving and the stats agent has sampled the ingress
                long packets = -1;
                for (int i = 0; i < 100 && packets != HandlerCounterSnapshot.read(aeronDir).get(
                    HandlerCounter.PACKETS); i++)
                {
                    packets = HandlerCounterSnapshot.read(aeronDir).get(HandlerCounter.PACKETS);
                    ChildProcess.sleep(500);
                }
                ChildProcess.sleep(1_500);
                final BookComparison books = subscriber.onPollThread(mirror -> BookComparison.compare(mirror, 320,
                    replayed));
                return new LiveRun(played, books, HandlerCounterSnapshot.read(aeronDir), ingressCounters(aeronDir));
            }
        }
        finally
        {
            IoUtil.delete(new File(aeronDir), true);
        }
    }

    /**
     * @param damaged          line-A copies whose framing was damaged.
     * @param intactDuplicates sequences with an intact line-A copy and a line-B copy: the copies the program drops.
     */
    private record Damage(long damaged, long intactDuplicates)
    {
    }

    /**
     * Damage every {@link #DAMAGE_EVERY}th line-A incremental datagram of a classic pcap in place: the first MsgSize
     * becomes 9 (below a message header), or the payload's length (past its end), alternately.
     */
    private static Damage damageLineA(final Path capture) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(capture);
        final ByteBuffer pcap = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final ByteBuffer network = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        final Set<Long> intactA = new HashSet<>();
        final Set<Long> onB = new HashSet<>();
        long lineA = 0;
        long damaged = 0;
        for (int record = 24; record + 16 <= bytes.length; record += 16 + pcap.getInt(record + 8))
        {
            final int frame = record + 16;
            final int group = network.getInt(frame + 14 + 16);
            final int payload = frame + 42;
            final int payloadLength = (network.getShort(frame + 14 + 20 + 4) & 0xFFFF) - 8;
            final long seq = pcap.getInt(payload) & 0xFFFF_FFFFL;
            if (group == GROUP_B)
            {
                onB.add(seq);
            }
            else if (group == GROUP_A)
            {
                if (++lineA % DAMAGE_EVERY == 0)
                {
                    pcap.putShort(payload + 12, (short)(damaged % 2 == 0 ? 9 : payloadLength));
                    damaged++;
                }
                else
                {
                    intactA.add(seq);
                }
            }
        }
        Files.write(capture, bytes);
        intactA.retainAll(onB);
        return new Damage(damaged, intactA.size());
    }

    /**
     * The handler's ingress counters by type id, read from its media driver's CnC file.
     */
    private static Map<Integer, Long> ingressCounters(final String aeronDir)
    {
        final Map<Integer, Long> values = new java.util.HashMap<>();
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(new File(aeronDir, CncFileDescriptor.CNC_FILE), "cnc");
        try
        {
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(mapped);
            final CountersReader reader = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(mapped, metaData),
                CncFileDescriptor.createCountersValuesBuffer(mapped, metaData));
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (IngressCounter.ofTypeId(typeId) != null)
                {
                    values.put(typeId, reader.getCounterValue(counterId));
                }
            });
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
        return values;
    }
}
