package io.xdpfeed.handler.mdp3;

import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.mdp3.RecordingListener.Entry;
import io.xdpfeed.handler.mdp3.RecordingListener.Message;
import io.xdpfeed.handler.mdp3.RecordingListener.OrderIdEntry;
import io.xdpfeed.handler.replay.Replay;
import io.xdpfeed.handler.replay.ReplaySummary;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real CME captures: the counts of the one replay path (the engine, as {@code scripts/replay} runs it), and the
 * decoded values of every datagram checked against an independent reading of the bytes. The counts are the ones the
 * replay tool has always given on these captures with their config; they carry no reordering (each line's
 * MsgSeqNums only go up), so the engine's reorder window changes none of them. Without a config the engine sequences
 * every (group, port) on its own, so the holes of a single line are counted (the path before did not sequence such
 * lines).
 */
@Timeout(60)
class GoldenCaptureTest
{
    private static final int NULL_INT32 = Integer.MAX_VALUE;

    private record Run(PcapPacketSource source, Mdp3PacketAdapter adapter, RecordingListener listener)
    {
    }

    /**
     * Every datagram of the capture validated and decoded, on the line the map gives it (no sequencing: a decoding
     * check, both copies of an A/B packet are decoded).
     */
    private static Run decodeAll(final String capture, final LineMap lineMap)
    {
        final RecordingListener listener = new RecordingListener();
        final Mdp3PacketAdapter adapter = new Mdp3PacketAdapter(listener);
        try (PcapPacketSource source = PcapPacketSource.open(TestCaptures.capture(capture)))
        {
            while (!source.isEnd())
            {
                source.poll((group, port, buffer, offset, length, receiveTimeNs) ->
                {
                    final int lineId = lineMap.lineId(group, port);
                    if (lineId != LineMap.NO_LINE)
                    {
                        adapter.onPacket(lineMap.line(lineId), buffer, offset, length, receiveTimeNs);
                    }
                }, 100);
            }
            assertNull(source.damage());
            return new Run(source, adapter, listener);
        }
    }

    private static ReplaySummary replay(final String capture, final LineMap lineMap)
    {
        final ReplaySummary summary = Replay.run(TestCaptures.capture(capture), lineMap, null);
        assertNull(summary.damage());
        return summary;
    }

    @Test
    void v9CaptureWithoutConfigDecodesEveryDatagram()
    {
        final ReplaySummary summary = replay(TestCaptures.V9, LineMap.unconfigured(64));
        assertEquals(100, summary.frames());
        assertEquals(1, summary.skippedFrames());
        assertEquals(99, summary.datagrams());
        assertEquals(99, summary.packets());
        assertEquals(99, summary.acceptedPackets());
        assertEquals(0, summary.malformed());
        assertEquals(194, summary.messages());
        assertEquals(Map.of(46, 170L, 47, 8L, 48, 8L, 37, 8L), summary.templates());
        assertEquals(0, summary.unknownTemplates());
        assertEquals(18, summary.lines());
        assertEquals(0, summary.duplicates());
        // without a config every (group, port) is its own channel and is sequenced on its own: the B lines of this
        // sample miss MsgSeqNums their A lines carry (the packet path before the engine did not sequence such lines
        // and said 0 here)
        assertEquals(4, summary.gaps());
        assertEquals(4, summary.missingPackets());
        assertEquals(List.of(4L, 4L), holesPerLine(TestCaptures.V9));
        assertEquals(8, summary.trades());
        assertEquals(30, summary.tradeQty());

        final Run run = decodeAll(TestCaptures.V9, LineMap.unconfigured(64));
        assertEquals(194, run.adapter.messages());
        assertEquals(194, run.listener.messages.size());
        assertEquals(99, run.listener.packetStarts);
        assertEquals(99, run.listener.packetEnds);
    }

    @Test
    void v9FirstPacketDecodedFieldByField()
    {
        final Run run = decodeAll(TestCaptures.V9, LineMap.unconfigured(64));
        final long seq = 884140;
        final long sendingTime = 1536760535682568739L;
        final long receiveTime = 1536760535_676700_000L;
        final long transactTime = 1536760535670166278L;
        final int channel = -1;

        assertEquals(List.of(
            new Message(channel, seq, sendingTime, receiveTime, 0, 5, 48, 9, transactTime, 0x01),
            new Message(channel, seq, sendingTime, receiveTime, 1, 5, 37, 9, transactTime, 0x02),
            new Message(channel, seq, sendingTime, receiveTime, 2, 5, 47, 9, transactTime, 0x04),
            new Message(channel, seq, sendingTime, receiveTime, 3, 5, 46, 9, transactTime, 0x04),
            new Message(channel, seq, sendingTime, receiveTime, 4, 5, 46, 9, transactTime, 0x90)),
            run.listener.messages.subList(0, 5));

        assertEquals(List.of(
            new Entry(seq, 48, 170506, 20185, 0, '2', -1, 12952000000000L, 2, 3, 2, 341412),
            new Entry(seq, 37, 170506, 20186, 0, 'e', -1, -1, 3765, -1, -1, -1),
            new Entry(seq, 47, 170506, -1, 2, '0', -1, 12952000000000L, 1, -1, 88463939692L, 1423903009),
            new Entry(seq, 47, 170506, -1, 1, '0', -1, 12952000000000L, 2, -1, 88463940665L, 1423903131),
            new Entry(seq, 46, 170506, 20187, 1, '0', 1, 12952000000000L, 3, 2, -1, NULL_INT32),
            new Entry(seq, 46, 5893, 19534, 1, 'E', 1, 13003000000000L, 3, NULL_INT32, -1, NULL_INT32)),
            run.listener.entries.subList(0, 6));

        assertEquals(List.of(
            new OrderIdEntry(seq, 48, 88463941745L, 0, 2, 0),
            new OrderIdEntry(seq, 48, 88463939692L, 0, 1, 0),
            new OrderIdEntry(seq, 48, 88463940665L, 0, 1, 0)),
            run.listener.orderIds.subList(0, 3));
    }

    @Test
    void v9BookPacketWithOrderIdGroup()
    {
        final Run run = decodeAll(TestCaptures.V9, LineMap.unconfigured(64));
        final long seq = 1028095;
        final List<Entry> entries = run.listener.entries.stream().filter((e) -> e.msgSeqNum() == seq).toList();
        assertEquals(23 * 2, entries.size(), "23 entries on each of A and B");
        assertEquals(new Entry(seq, 46, 157660, 411, 2, '1', 1, 15230000000000L, 1, 1, -1, NULL_INT32),
            entries.get(0));
        assertEquals(new Entry(seq, 46, 831691, 728, 2, '1', 1, 10370000000000L, 1, 1, -1, NULL_INT32),
            entries.get(22));

        final List<OrderIdEntry> orderIds =
            run.listener.orderIds.stream().filter((o) -> o.msgSeqNum() == seq).toList();
        assertEquals(16 * 2, orderIds.size());
        assertEquals(new OrderIdEntry(seq, 46, 563189401446L, 10623363030L, 1, 2), orderIds.get(0));
        assertEquals(new OrderIdEntry(seq, 46, 563189401483L, 10623363052L, 1, 20), orderIds.get(13));
    }

    /**
     * @return {holes, MsgSeqNums in them} summed over every (group, port) of the capture, each line read alone.
     */
    private static List<Long> holesPerLine(final String capture)
    {
        final Map<Long, List<Long>> seqNumsByLine = new TreeMap<>();
        for (final TestCaptures.Datagram d : TestCaptures.datagrams(TestCaptures.capture(capture)))
        {
            seqNumsByLine.computeIfAbsent(((long)d.groupAddress() << 16) | d.port(), k -> new ArrayList<>())
                .add(Mdp3Framing.msgSeqNum(new UnsafeBuffer(d.payload()), 0));
        }
        long holes = 0;
        long missing = 0;
        for (final List<Long> seqNums : seqNumsByLine.values())
        {
            for (int i = 1; i < seqNums.size(); i++)
            {
                final long step = seqNums.get(i) - seqNums.get(i - 1);
                holes += step > 1 ? 1 : 0;
                missing += Math.max(0, step - 1);
            }
        }
        return List.of(holes, missing);
    }

    /**
     * The engine's reorder window changes no count on the real captures: on every line MsgSeqNums only go up.
     */
    @Test
    void realCapturesCarryNoReordering()
    {
        for (final String capture : List.of(TestCaptures.V9, TestCaptures.V8, TestCaptures.V6))
        {
            final Map<Long, Long> lastByLine = new HashMap<>();
            long datagrams = 0;
            for (final TestCaptures.Datagram d : TestCaptures.datagrams(TestCaptures.capture(capture)))
            {
                final long seqNum = Mdp3Framing.msgSeqNum(new UnsafeBuffer(d.payload()), 0);
                final Long last = lastByLine.put(((long)d.groupAddress() << 16) | d.port(), seqNum);
                assertTrue(last == null || seqNum > last, capture + ": " + seqNum + " after " + last);
                datagrams++;
            }
            assertTrue(datagrams >= 99, capture);
        }
        assertEquals(List.of(0L, 0L), holesPerLine(TestCaptures.V8));
        assertEquals(List.of(0L, 0L), holesPerLine(TestCaptures.V6));
    }

    @Test
    void v9CaptureWithConfigArbitratesAToB()
    {
        final ReplaySummary summary = replay(TestCaptures.V9, TestCaptures.config(TestCaptures.V9));
        assertEquals(99, summary.packets());
        assertEquals(0, summary.unconfiguredDatagrams());
        assertEquals(52, summary.acceptedPackets());
        assertEquals(47, summary.duplicates());
        assertEquals(0, summary.gaps());
        assertEquals(0, summary.missingPackets());
        assertEquals(102, summary.messages());
        assertEquals(Map.of(46, 90L, 47, 4L, 48, 4L, 37, 4L), summary.templates());
        assertEquals(0, summary.malformed());
        assertEquals(4, summary.trades());
        assertEquals(15, summary.tradeQty());

        final Run run = decodeAll(TestCaptures.V9, TestCaptures.config(TestCaptures.V9));
        assertEquals(9, run.listener.messages.stream().map(Message::channelId).distinct().count());
        assertTrue(run.listener.messages.stream().allMatch((m) -> m.channelId() >= 312 && m.channelId() <= 361));
    }

    @Test
    void v8AbCaptureArbitratesTo5000PacketsWithNoGap()
    {
        final ReplaySummary summary = replay(TestCaptures.V8, TestCaptures.config(TestCaptures.V8));
        assertEquals(10000, summary.frames());
        assertEquals(0, summary.skippedFrames());
        assertEquals(10000, summary.packets());
        assertEquals(5000, summary.acceptedPackets());
        assertEquals(5000, summary.duplicates());
        assertEquals(0, summary.gaps());
        assertEquals(0, summary.missingPackets());
        assertEquals(0, summary.malformed());
        assertEquals(5299, summary.messages());
        assertEquals(Map.of(32, 4898L, 42, 60L, 35, 179L, 30, 99L, 37, 57L, 12, 6L), summary.templates());
        assertEquals(179, summary.unknownTemplates(), "retired template 35 is counted and skipped");
        assertEquals(63, summary.trades());
        assertEquals(218, summary.tradeQty());

        final Run run = decodeAll(TestCaptures.V8, TestCaptures.config(TestCaptures.V8));
        assertTrue(run.listener.messages.stream().allMatch((m) -> m.channelId() == 320 && m.version() == 8));
    }

    @Test
    void v6AbCaptureArbitratesTo5000PacketsWithNoGap()
    {
        final ReplaySummary summary = replay(TestCaptures.V6, TestCaptures.config(TestCaptures.V6));
        assertEquals(10000, summary.packets());
        assertEquals(5000, summary.acceptedPackets());
        assertEquals(5000, summary.duplicates());
        assertEquals(0, summary.gaps());
        assertEquals(0, summary.missingPackets());
        assertEquals(0, summary.malformed());
        assertEquals(10273, summary.messages());
        assertEquals(Map.of(32, 9569L, 35, 307L, 37, 194L, 42, 194L, 12, 9L), summary.templates());
        assertEquals(307, summary.unknownTemplates());
        assertEquals(355, summary.trades());
        assertEquals(1085, summary.tradeQty());

        final Run run = decodeAll(TestCaptures.V6, TestCaptures.config(TestCaptures.V6));
        assertTrue(run.listener.messages.stream().allMatch((m) -> m.channelId() == 340 && m.version() == 6));
        assertTrue(run.listener.orderIds.stream().noneMatch((o) -> o.templateId() == 32),
            "template 32 has no OrderID group before version 7");
    }
}
