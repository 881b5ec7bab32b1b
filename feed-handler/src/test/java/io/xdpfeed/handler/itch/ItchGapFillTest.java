package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.protocol.MessageSinks;
import io.xdpfeed.handler.protocol.PacketDecoder;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.handler.protocol.StreamRecovery;
import io.xdpfeed.handler.replay.BookJsonWriter;
import io.xdpfeed.handler.replay.OrderBookJsonWriter;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.ItchMessageLog;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthJson;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The engine's gap fill ({@code GapFill}) with a scripted {@link StreamRecovery} in place of the network: a simulated
 * ITCH session with bursts lost on both lines through {@link FeedEngine}, each requested range answered one message
 * per packet, last message first, so that every answer but the last of a range arrives ahead of the stream and is
 * held until its turn: the books and order books end equal to the truth. With no answer and a queue of 8 packets, the
 * queue fills and, without a snapshot server, the recovery gives up: every instrument STALE, the channel too.
 */
@Timeout(60)
class ItchGapFillTest
{
    private static final int INSTRUMENTS = 6;
    private static final byte[] SESSION = ItchSession.SESSION.getBytes(StandardCharsets.US_ASCII);

    @Test
    void answersAheadOfTheStreamAreHeldUntilTheirTurn(@TempDir final Path dir)
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(new ItchSession.Settings(INSTRUMENTS, 5_000, 3, 0.03, 0.03,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel(), 5, 5), log);
        final List<Datagram> datagrams = run(session);
        final ScriptedRecovery recovery = new ScriptedRecovery(log, true);
        final List<FeedStatus> statuses = new ArrayList<>();
        final FeedEngine engine = engine(recovery, ChannelOptions.defaults(), statuses);

        feed(engine, datagrams);

        TruthJson.write(dir.resolve("truth.json"), session.truth().books(10));
        OrderTruthJson.write(dir.resolve("truth-orders.json"), session.truth().orderBooks());
        BookJsonWriter.write(engine, dir.resolve("books.json"));
        OrderBookJsonWriter.write(engine, dir.resolve("orders.json"));
        assertEquals(TruthJson.read(dir.resolve("truth.json")), TruthJson.read(dir.resolve("books.json")));
        assertEquals(OrderTruthJson.read(dir.resolve("truth-orders.json")),
            OrderTruthJson.read(dir.resolve("orders.json")));

        final HandlerCounters counters = engine.counters();
        assertEquals(List.of(session.messagesLostOnBoth(), session.messagesLostOnBoth(), 0L, 0L),
            List.of(counters.total(ChannelCounter.LOST_PACKETS), counters.total(ChannelCounter.RETRANSMITTED_MESSAGES),
                counters.total(ChannelCounter.STALE_INSTRUMENTS), counters.total(ChannelCounter.QUEUE_OVERFLOWS)));
        final long recoveries = counters.total(ChannelCounter.RECOVERIES);
        assertEquals(recovery.requested.size(), counters.total(ChannelCounter.GAPS));
        assertTrue(recovery.heldAnswers > 0, "answers ahead of the stream: " + recovery.heldAnswers);
        final List<FeedStatus> expected = new ArrayList<>();
        for (long i = 0; i < recoveries; i++)
        {
            expected.addAll(List.of(FeedStatus.STALE, FeedStatus.RECOVERING, FeedStatus.LIVE));
        }
        assertEquals(expected, statuses);
        assertEquals(false, engine.isStreamRecovering());
    }

    @Test
    void aFullQueueWithoutASnapshotServerGivesUpAndTheChannelStaysStale()
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(new ItchSession.Settings(INSTRUMENTS, 2_000, 5, 0.0, 0.0,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel(), 1, 3), log);
        final List<Datagram> datagrams = run(session);
        final ScriptedRecovery recovery = new ScriptedRecovery(log, false);
        final List<FeedStatus> statuses = new ArrayList<>();
        final FeedEngine engine = engine(recovery, ChannelOptions.defaults().withQueueCapacity(8), statuses);

        feed(engine, datagrams);

        final HandlerCounters counters = engine.counters();
        assertEquals(List.of(1, 1L, 1L, 0L, (long)INSTRUMENTS),
            List.of(recovery.requested.size(), counters.total(ChannelCounter.RECOVERIES),
                counters.total(ChannelCounter.QUEUE_OVERFLOWS), counters.total(ChannelCounter.RETRANSMITTED_MESSAGES),
                counters.total(ChannelCounter.STALE_INSTRUMENTS)));
        assertEquals(1, engine.channel(0).streamGiveUps());
        assertEquals(List.of(FeedStatus.STALE, FeedStatus.STALE), statuses);
        assertEquals(FeedStatus.STALE, engine.channel(0).channelStatus());
    }

    private record Datagram(SimLine line, byte[] bytes, long timeNs)
    {
    }

    private static List<Datagram> run(final ItchSession session)
    {
        final List<Datagram> datagrams = new ArrayList<>();
        session.run((line, buffer, offset, length, timeNs) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            datagrams.add(new Datagram(line, copy, timeNs));
        });
        return datagrams;
    }

    private static FeedEngine engine(
        final StreamRecovery recovery, final ChannelOptions options, final List<FeedStatus> statuses)
    {
        final Properties properties = new Properties();
        properties.setProperty(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400");
        properties.setProperty(PropertiesLineMap.ITCH_LINES_B_PROP_NAME, "1@239.77.18.2:26401");
        final LineMap lineMap = PropertiesLineMap.itch(properties).lineMap();
        final FeedEngine engine = new FeedEngine(protocol(recovery), lineMap,
            options.withMbo(true).withReceiveTimeOffsetNs(0), Feed.A, id -> true, id -> true, new ChannelListener()
            {
                public void onChannelStatus(
                    final int channelId, final FeedStatus feedStatus, final long gapFrom, final long gapTo,
                    final long recoveries, final PacketInfo packet)
                {
                    statuses.add(feedStatus);
                }
            }, null, HandlerCounters.onHeap());
        engine.start();
        return engine;
    }

    /**
     * @param recovery in place of the network's.
     * @return ITCH with that recovery on every channel.
     */
    static Protocol protocol(final StreamRecovery recovery)
    {
        return new Protocol()
        {
            public PacketDecoder decoder(final MessageSinks sinks)
            {
                return ItchProtocol.INSTANCE.decoder(sinks);
            }

            public boolean isFramed(final DirectBuffer buffer, final int offset, final int length)
            {
                return ItchProtocol.INSTANCE.isFramed(buffer, offset, length);
            }

            public StreamRecovery recovery(final int channelId, final PacketDecoder decoder)
            {
                return recovery;
            }
        };
    }

    private static void feed(final FeedEngine engine, final List<Datagram> datagrams)
    {
        final int groupA = LineMap.parseAddress("239.77.18.1");
        final int groupB = LineMap.parseAddress("239.77.18.2");
        long timeNs = 0;
        for (final Datagram datagram : datagrams)
        {
            timeNs = datagram.timeNs();
            final boolean a = datagram.line() == SimLine.INCREMENTAL_A;
            engine.onDatagram(a ? groupA : groupB, a ? 26400 : 26401, new UnsafeBuffer(datagram.bytes()), 0,
                datagram.bytes().length, timeNs);
            engine.onTimer(timeNs);
        }
        engine.flush(timeNs);
        for (int i = 0; i < 1_000 && engine.isStreamRecovering(); i++)
        {
            engine.onTimer(timeNs);
        }
    }

    /**
     * Answers each requested range at the next poll, one message per MoldUDP64 packet, last message first (or never).
     */
    private static final class ScriptedRecovery implements StreamRecovery
    {
        private final ItchMessageLog log;
        private final boolean answers;
        private final List<long[]> requested = new ArrayList<>();
        private final Deque<byte[]> pending = new ArrayDeque<>();
        private long heldAnswers;

        ScriptedRecovery(final ItchMessageLog log, final boolean answers)
        {
            this.log = log;
            this.answers = answers;
        }

        public boolean canRetransmit()
        {
            return true;
        }

        public boolean canSnapshot()
        {
            return false;
        }

        public boolean requestRetransmission(final long fromSeqNum, final long toSeqNum)
        {
            requested.add(new long[]{fromSeqNum, toSeqNum});
            if (answers)
            {
                log.forEach(fromSeqNum, toSeqNum + 1, (buffer, offset, length, sequence) ->
                {
                    final ByteBuffer packet = ByteBuffer.allocate(MoldUdp64Framing.HEADER_LENGTH +
                        MoldUdp64Framing.BLOCK_HEADER_LENGTH + length);
                    packet.put(SESSION).putLong(sequence).putShort((short)1).putShort((short)length);
                    final byte[] message = new byte[length];
                    buffer.getBytes(offset, message);
                    packet.put(message);
                    pending.addFirst(packet.array());
                });
            }
            return true;
        }

        public boolean retransmissionFailed()
        {
            return false;
        }

        public void cancelRetransmissions()
        {
            pending.clear();
        }

        public void startSnapshot()
        {
            fail("no snapshot server");
        }

        public boolean snapshotPending()
        {
            return false;
        }

        public int poll(final Receiver receiver)
        {
            int work = 0;
            final int count = pending.size();
            for (int i = 0; i < count && !pending.isEmpty(); i++)
            {
                final byte[] packet = pending.pollFirst();
                final UnsafeBuffer buffer = new UnsafeBuffer(packet);
                final long sequence = buffer.getLong(MoldUdp64Framing.SESSION_LENGTH, java.nio.ByteOrder.BIG_ENDIAN);
                final boolean last = pending.isEmpty();
                if (!receiver.onRetransmission(buffer, 0, packet.length, 1, sequence))
                {
                    pending.addLast(packet);
                }
                else if (!last)
                {
                    heldAnswers++;
                }
                work++;
            }
            return work;
        }

        public long requests()
        {
            return requested.size();
        }

        public long snapshotFailures()
        {
            return 0;
        }

        public void close()
        {
        }
    }
}
