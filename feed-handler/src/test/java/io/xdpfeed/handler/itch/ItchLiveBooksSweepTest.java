package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.protocol.Protocols;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.replay.EngineReplay;
import io.xdpfeed.handler.testing.BookHash;
import io.xdpfeed.handler.testing.EmbeddedAeron;
import io.xdpfeed.handler.testing.MirroringStrategy;
import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.GlimpseSnapshotServer;
import io.xdpfeed.sim.itch.ItchConfigOut;
import io.xdpfeed.sim.itch.ItchMessageLog;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.itch.MoldUdp64RetransmissionServer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Simulated ITCH sessions of random shapes and faults (those of {@link ItchFaultSweepTest}), sent datagram by datagram
 * into an engine with the simulator's re-request and GLIMPSE servers on the loopback; the snapshot server answers with
 * the exchange's book as of the last datagram sent (as a live one would), so the packets queued meanwhile are replayed
 * on top of it. After <b>every datagram</b>, whatever the channel's status, every LIVE stock must have a
 * market-by-price book and orders (priority left out) the exchange had between the channel's last applied packet and
 * the last message sent: the reference is the same session through a second engine without faults, one message per
 * datagram, the stock's books after each of its messages. The engine publishes to a {@link MirroringStrategy} too,
 * whose trusted books must be the handler's (a third of them join late, a third stall and lose records to
 * back-pressure). The end-of-session checks are {@link ItchFaultSweepTest}'s; this one catches a stock said LIVE in the
 * middle of a recovery with a book the exchange never had.
 * <p>
 * {@code -Dsweep.sessions=N} runs more sessions, {@code -Dsweep.seed=S} another set.
 */
@Timeout(600)
class ItchLiveBooksSweepTest
{
    /** Room for a whole session's records: the publication is never back-pressured. */
    private static final String CHANNEL = "aeron:ipc?term-length=16m";
    /** A window a stalled strategy fills. */
    private static final String STALLING_CHANNEL = "aeron:ipc?term-length=4m";
    private static final int FIRST_STREAM = 3_600;
    private static final ChannelConfig SECOND_CHANNEL = ChannelConfig.defaults().withChannelId(2)
        .withLine(SimLine.INCREMENTAL_A, "239.77.19.1:26410").withLine(SimLine.INCREMENTAL_B, "239.77.19.2:26411");

    @Test
    void everyLiveStockHasTheExchangesBookAfterEveryDatagram()
    {
        final int sessions = Integer.getInteger("sweep.sessions", 12);
        final long seed = Long.getLong("sweep.seed", 1);
        final List<String> failures = new ArrayList<>();
        long checked = 0;
        long trusted = 0;
        long stalls = 0;
        long dropped = 0;
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            for (int i = 0; i < sessions; i++)
            {
                final SplittableRandom random = new SplittableRandom(seed * 1_000_000 + 300_000 + i);
                final ItchSession.Settings settings = ItchFaultSweepTest.draw(random);
                final boolean wholeLog = random.nextInt(3) != 0;
                final long captureFrom = random.nextInt(4) == 0 ? 1 + random.nextLong(settings.packets()) : 1;
                final long joinAt = random.nextInt(3) == 0 ? random.nextLong(settings.packets()) : 0;
                // in a third of the sessions the strategy stalls once, for 2,000-12,000 datagrams, on a window it
                // fills (4 MiB terms: the answer to its snapshot request, all the orders of every stock, must fit
                // the window, as the strategy reads in the engine's thread)
                final long stallFrom = random.nextInt(3) == 0 ? random.nextLong(settings.packets()) : -1;
                final long stallTo = stallFrom + 2_000 + random.nextInt(10_000);
                try (MirroringStrategy strategy = new MirroringStrategy(aeron.aeron(),
                    stallFrom < 0 ? CHANNEL : STALLING_CHANNEL, FIRST_STREAM + i, joinAt,
                    datagram -> datagram >= stallFrom && datagram < stallTo))
                {
                    final Check check = run(settings, wholeLog, captureFrom, strategy);
                    checked += check.checked;
                    trusted += strategy.checked();
                    stalls += stallFrom < 0 ? 0 : 1;
                    dropped += strategy.proxy().dropped();
                    final String problem = check.problem != null ? check.problem :
                        strategy.problem(settings.instruments());
                    if (problem != null)
                    {
                        failures.add(problem + ": session " + i + " (sweep.seed " + seed + ", retransmission " +
                            (wholeLog ? "of the whole session" : "of the last 50 messages") + ", from sequence " +
                            captureFrom + ", the strategy joined at datagram " + joinAt + ", stalled " +
                            (stallFrom < 0 ? "never" : stallFrom + ".." + stallTo) + "): " + settings);
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > sessions * 1_000L, "live books checked: " + checked);
        assertTrue(trusted > sessions * 1_000L, "trusted mirrors checked: " + trusted);
        assertTrue(stalls == 0 || dropped > 0, "records dropped in " + stalls + " stalls: " + dropped);
    }

    /**
     * Two ITCH channels through one engine and one stream (as two Nasdaq markets' feeds, each numbering its stocks
     * from locate 1: the same security ids in both), their datagrams interleaved in time, each with its own re-request
     * and GLIMPSE servers: a strategy's trust of one channel's books is never the other's.
     */
    @Test
    void twoChannelsWithTheSameLocatesAreEachTrustedOnlyWhenRight()
    {
        final int sessions = Integer.getInteger("sweep.sessions", 6);
        final long seed = Long.getLong("sweep.seed", 1);
        final List<String> failures = new ArrayList<>();
        long trusted = 0;
        try (EmbeddedAeron aeron = new EmbeddedAeron())
        {
            for (int i = 0; i < sessions; i++)
            {
                final SplittableRandom random = new SplittableRandom(seed * 1_000_000 + 350_000 + i);
                final ItchSession.Settings one = ItchFaultSweepTest.draw(random);
                final ItchSession.Settings drawn = ItchFaultSweepTest.draw(random);
                final ItchSession.Settings two = new ItchSession.Settings(drawn.instruments(), drawn.packets(),
                    drawn.seed(), drawn.lossA(), drawn.lossB(), drawn.startEpochNs(), SECOND_CHANNEL,
                    drawn.lossBothBursts(), drawn.burstLength(), drawn.operationalHalts(), drawn.imbalances());
                final long joinAt = random.nextInt(3) == 0 ? random.nextLong(one.packets()) : 0;
                final ItchMessageLog logOne = new ItchMessageLog();
                final ItchMessageLog logTwo = new ItchMessageLog();
                final List<Datagram> datagrams = new ArrayList<>();
                collect(one, 0, 1, logOne, datagrams);
                collect(two, 1, 1, logTwo, datagrams);
                datagrams.sort(Comparator.comparingLong(Datagram::timeNs));
                final AtomicLong[] points = {new AtomicLong(1), new AtomicLong(1)};
                try (MirroringStrategy strategy = new MirroringStrategy(aeron.aeron(), CHANNEL,
                    FIRST_STREAM + 1_000 + i, joinAt);
                    MoldUdp64RetransmissionServer retransmitOne = new MoldUdp64RetransmissionServer(
                        new InetSocketAddress("127.0.0.1", 0), ItchSession.SESSION, logOne, 1400, 0);
                    MoldUdp64RetransmissionServer retransmitTwo = new MoldUdp64RetransmissionServer(
                        new InetSocketAddress("127.0.0.1", 0), ItchSession.SESSION, logTwo, 1400, 50);
                    GlimpseSnapshotServer snapshotOne = new GlimpseSnapshotServer(
                        new InetSocketAddress("127.0.0.1", 0), ItchSession.SESSION, logOne, points[0]::get, 1000, 0);
                    GlimpseSnapshotServer snapshotTwo = new GlimpseSnapshotServer(
                        new InetSocketAddress("127.0.0.1", 0), ItchSession.SESSION, logTwo, points[1]::get, 1000, 0))
                {
                    final Properties properties = properties("xdpfeed.protocol=itch\n" +
                        "xdpfeed.itch.lines.a=" + line(one, 1, SimLine.INCREMENTAL_A) + "," +
                        line(two, 2, SimLine.INCREMENTAL_A) + "\n" +
                        "xdpfeed.itch.lines.b=" + line(one, 1, SimLine.INCREMENTAL_B) + "," +
                        line(two, 2, SimLine.INCREMENTAL_B) + "\n" +
                        "xdpfeed.itch.retransmission=1@127.0.0.1:" + retransmitOne.port() + ",2@127.0.0.1:" +
                        retransmitTwo.port() + "\n" +
                        "xdpfeed.itch.retransmission.timeout=20ms\n" +
                        "xdpfeed.itch.snapshot=1@127.0.0.1:" + snapshotOne.port() + ",2@127.0.0.1:" +
                        snapshotTwo.port() + "\n");
                    final FeedEngine engine = replay(properties, datagrams, strategy.proxy(), strategy.proxy(),
                        points, strategy::after);
                    strategy.finish(engine);
                    trusted += strategy.checked();
                    final String problem = strategy.problem(one.instruments() + two.instruments());
                    if (problem != null)
                    {
                        failures.add(problem + ": session " + i + " (sweep.seed " + seed + ", the strategy joined " +
                            "at datagram " + joinAt + "): " + one + " and " + two);
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(trusted > sessions * 1_000L, "trusted mirrors checked: " + trusted);
    }

    private static String line(final ItchSession.Settings settings, final int channelId, final SimLine line)
    {
        return channelId + "@" + ChannelConfig.formatAddress(settings.channel().groupAddress(line)) + ":" +
            settings.channel().port(line);
    }

    private static Check run(
        final ItchSession.Settings settings, final boolean wholeLog, final long from, final MirroringStrategy strategy)
    {
        final ItchMessageLog log = new ItchMessageLog();
        final List<Datagram> datagrams = new ArrayList<>();
        collect(settings, 0, from, log, datagrams);
        final Map<Integer, TreeMap<Long, Long>> reference = reference(settings.channel(), log);
        final AtomicLong point = new AtomicLong(1);
        try (MoldUdp64RetransmissionServer retransmission = new MoldUdp64RetransmissionServer(
            new InetSocketAddress("127.0.0.1", 0), ItchSession.SESSION, log, 1400, wholeLog ? 0 : 50);
            GlimpseSnapshotServer snapshot = new GlimpseSnapshotServer(new InetSocketAddress("127.0.0.1", 0),
                ItchSession.SESSION, log, point::get, 1000, 0))
        {
            final Properties properties = properties(ItchConfigOut.text(settings.channel()) +
                "xdpfeed.itch.retransmission=1@127.0.0.1:" + retransmission.port() + "\n" +
                "xdpfeed.itch.retransmission.timeout=20ms\n" +
                "xdpfeed.itch.snapshot=1@127.0.0.1:" + snapshot.port() + "\n");
            final Check check = new Check(reference, point);
            final FeedEngine engine = replay(properties, datagrams, strategy.proxy(), strategy.proxy(),
                new AtomicLong[]{point}, after ->
                {
                    check.after(after);
                    strategy.after(after);
                });
            strategy.finish(engine);
            return check;
        }
    }

    /**
     * @return by stock, the hash of its books and orders ({@link BookHash}, no priority) after each of its messages,
     * by sequence number: the session without faults through an engine, one message per datagram.
     */
    private static Map<Integer, TreeMap<Long, Long>> reference(final ChannelConfig channel, final ItchMessageLog log)
    {
        final List<Datagram> datagrams = new ArrayList<>();
        final long[] locates = new long[(int)log.messageCount() + 1];
        log.forEach(1, log.messageCount() + 1, (buffer, offset, length, sequence) ->
        {
            final UnsafeBuffer packet = new UnsafeBuffer(new byte[20 + 2 + length]);
            packet.putBytes(0, ItchSession.SESSION.getBytes(StandardCharsets.US_ASCII));
            packet.putLong(10, sequence, ByteOrder.BIG_ENDIAN);
            packet.putShort(18, (short)1, ByteOrder.BIG_ENDIAN);
            packet.putShort(20, (short)length, ByteOrder.BIG_ENDIAN);
            packet.putBytes(22, buffer, offset, length);
            datagrams.add(new Datagram(0, channel.groupAddress(SimLine.INCREMENTAL_A),
                channel.port(SimLine.INCREMENTAL_A), packet.byteArray(), sequence * 1_000L));
            locates[(int)sequence] = buffer.getShort(offset + 1, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        });
        final Map<Integer, TreeMap<Long, Long>> books = new HashMap<>();
        final long[] sequence = {0};
        replay(properties(ItchConfigOut.text(channel)), datagrams, new ChannelListener()
        {
        }, null, new AtomicLong[]{new AtomicLong()}, engine ->
        {
            sequence[0]++;
            final Instrument instrument = engine.channel(0).instrumentById((int)locates[(int)sequence[0]]);
            if (instrument != null)
            {
                books.computeIfAbsent(instrument.securityId(), id -> new TreeMap<>())
                    .put(sequence[0], BookHash.of(instrument, false));
            }
        });
        return books;
    }

    /**
     * The datagrams of a session's lines A and B, from a sequence number on.
     */
    private static void collect(
        final ItchSession.Settings settings,
        final int channel,
        final long from,
        final ItchMessageLog log,
        final List<Datagram> datagrams)
    {
        final ChannelConfig lines = settings.channel();
        new ItchSession(settings, log).run((line, buffer, offset, length, timeNs) ->
        {
            if (buffer.getLong(offset + 10, ByteOrder.BIG_ENDIAN) >= from)
            {
                final byte[] bytes = new byte[length];
                buffer.getBytes(offset, bytes);
                datagrams.add(new Datagram(channel, lines.groupAddress(line), lines.port(line), bytes, timeNs));
            }
        });
    }

    private static Properties properties(final String text)
    {
        final Properties properties = new Properties();
        try
        {
            properties.load(new StringReader(text));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return properties;
    }

    /**
     * The datagrams through an engine of the properties' ITCH channels (market-by-order books), one per poll, the
     * engine's timers run after each, snapshot requests answered by {@code proxy} (or none); {@code sent} (by the
     * datagram's channel index) is set to the sequence number after each datagram's last message before the engine
     * has it (the exchange's point), {@code after} is told the engine after each datagram.
     */
    private static FeedEngine replay(
        final Properties properties,
        final List<Datagram> datagrams,
        final ChannelListener listener,
        final MarketDataProxy proxy,
        final AtomicLong[] sent,
        final Consumer<FeedEngine> after)
    {
        final LineMap lineMap = PropertiesLineMap.itch(properties).lineMap();
        final EngineReplay.Options options = new EngineReplay.Options(ChannelOptions.defaults().withMbo(true)
            .withMaxOrdersPerBook(16_384), Feed.A, listener, Protocols.forName(Protocols.ITCH).configure(properties));
        final int[] next = {0};
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        final PacketSource source = new PacketSource()
        {
            public int poll(final DatagramHandler handler, final int limit)
            {
                final Datagram datagram = datagrams.get(next[0]++);
                buffer.wrap(datagram.bytes());
                if (datagram.bytes().length >= 20)
                {
                    final int count = buffer.getShort(18, ByteOrder.BIG_ENDIAN) & 0xFFFF;
                    sent[datagram.channel()].set(buffer.getLong(10, ByteOrder.BIG_ENDIAN) +
                        (count == 0xFFFF ? 0 : count));
                }
                handler.onDatagram(datagram.group(), datagram.port(), buffer, 0, datagram.bytes().length,
                    datagram.timeNs());
                after.accept((FeedEngine)handler);
                return 1;
            }

            public String transport()
            {
                return "memory";
            }

            public void close()
            {
            }
        };
        return EngineReplay.run(source, () -> next[0] == datagrams.size(), lineMap, options, proxy).engine();
    }

    private record Datagram(int channel, int group, int port, byte[] bytes, long timeNs)
    {
    }

    /**
     * After each datagram, whatever the channel's status (while it recovers, its books stay where the last packet
     * applied left them: a strategy does not trust them, the channel says so), every LIVE stock must have one of the
     * reference's books between the last packet the channel applied (from the message before its first: a packet is
     * applied whole) and the last message sent; the first difference is kept.
     */
    private static final class Check
    {
        private final Map<Integer, TreeMap<Long, Long>> reference;
        private final AtomicLong sent;
        private String problem;
        private long checked;

        Check(final Map<Integer, TreeMap<Long, Long>> reference, final AtomicLong sent)
        {
            this.reference = reference;
            this.sent = sent;
        }

        void after(final FeedEngine engine)
        {
            final ChannelState channel = engine.channel(0);
            final FeedStatus status = channel.channelStatus();
            if (problem != null)
            {
                return;
            }
            final long from = channel.lastSeqNum() - 1;
            final long to = sent.get() - 1;
            for (int i = 0; i < channel.instrumentCount(); i++)
            {
                final Instrument instrument = channel.instrument(i);
                if (!instrument.isLive())
                {
                    continue;
                }
                final TreeMap<Long, Long> books = reference.get(instrument.securityId());
                final long hash = BookHash.of(instrument, false);
                if (!hadBook(books, from, to, hash))
                {
                    problem = "stock " + instrument.securityId() + " LIVE on a " + status + " channel with a book " +
                        "the exchange never had between sequence " + from + " and " + to + (books == null ? "" :
                        " (it had it at " + books.entrySet().stream().filter(e -> e.getValue() == hash)
                        .map(Map.Entry::getKey).toList() + ")");
                    return;
                }
                checked++;
            }
        }

        private static boolean hadBook(final TreeMap<Long, Long> books, final long from, final long to, final long hash)
        {
            final Map.Entry<Long, Long> first = books == null ? null : books.floorEntry(from);
            if (first == null ? hash == BookHash.empty() : first.getValue() == hash)
            {
                return true;
            }
            return books != null && books.subMap(from, false, to, true).containsValue(hash);
        }
    }
}
