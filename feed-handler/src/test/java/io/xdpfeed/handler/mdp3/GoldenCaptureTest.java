package io.xdpfeed.handler.mdp3;

import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.mdp3.RecordingListener.Entry;
import io.xdpfeed.handler.mdp3.RecordingListener.Message;
import io.xdpfeed.handler.mdp3.RecordingListener.OrderIdEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real CME captures through the whole packet path, with counts and decoded values checked against an
 * independent reading of the bytes.
 */
@Timeout(60)
class GoldenCaptureTest
{
    private static final int NULL_INT32 = Integer.MAX_VALUE;

    private record Run(PcapPacketSource source, Mdp3PacketPipeline pipeline, RecordingListener listener)
    {
    }

    private static Run replay(final String capture, final LineMap lineMap)
    {
        final RecordingListener listener = new RecordingListener();
        final Mdp3PacketPipeline pipeline = new Mdp3PacketPipeline(lineMap, listener);
        try (PcapPacketSource source = PcapPacketSource.open(TestCaptures.capture(capture)))
        {
            while (!source.isEnd())
            {
                source.poll(pipeline, 100);
            }
            assertNull(source.damage());
            return new Run(source, pipeline, listener);
        }
    }

    @Test
    void v9CaptureWithoutConfigDecodesEveryDatagram()
    {
        final Run run = replay(TestCaptures.V9, LineMap.unconfigured(64));
        final Mdp3PacketAdapter adapter = run.pipeline.adapter();

        assertEquals(100, run.source.frames());
        assertEquals(1, run.source.skippedFrames());
        assertEquals(99, run.source.datagrams());
        assertEquals(99, run.pipeline.packets());
        assertEquals(99, run.pipeline.acceptedPackets());
        assertEquals(0, adapter.malformed());
        assertEquals(194, adapter.messages());
        assertEquals(170, adapter.templateCount(46));
        assertEquals(8, adapter.templateCount(47));
        assertEquals(8, adapter.templateCount(48));
        assertEquals(8, adapter.templateCount(37));
        assertEquals(0, adapter.unknownTemplates());
        assertEquals(194, run.listener.messages.size());
        assertEquals(99, run.listener.packetStarts);
        assertEquals(99, run.listener.packetEnds);
        assertEquals(18, run.pipeline.lineMap().lineCount());
        assertEquals(0, run.pipeline.arbiter().duplicates());
    }

    @Test
    void v9FirstPacketDecodedFieldByField()
    {
        final Run run = replay(TestCaptures.V9, LineMap.unconfigured(64));
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
        final Run run = replay(TestCaptures.V9, LineMap.unconfigured(64));
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

    @Test
    void v9CaptureWithConfigArbitratesAToB()
    {
        final Run run = replay(TestCaptures.V9, TestCaptures.config(TestCaptures.V9));
        assertEquals(99, run.pipeline.packets());
        assertEquals(0, run.pipeline.unconfiguredDatagrams());
        assertEquals(52, run.pipeline.acceptedPackets());
        assertEquals(47, run.pipeline.arbiter().duplicates());
        assertEquals(0, run.pipeline.arbiter().gaps());
        assertEquals(102, run.pipeline.adapter().messages());
        assertEquals(90, run.pipeline.adapter().templateCount(46));
        assertEquals(9, run.listener.messages.stream().map(Message::channelId).distinct().count());
        assertTrue(run.listener.messages.stream().allMatch((m) -> m.channelId() >= 312 && m.channelId() <= 361));
    }

    @Test
    void v8AbCaptureArbitratesTo5000PacketsWithNoGap()
    {
        final Run run = replay(TestCaptures.V8, TestCaptures.config(TestCaptures.V8));
        final Mdp3PacketAdapter adapter = run.pipeline.adapter();
        assertEquals(10000, run.source.frames());
        assertEquals(0, run.source.skippedFrames());
        assertEquals(10000, run.pipeline.packets());
        assertEquals(5000, run.pipeline.acceptedPackets());
        assertEquals(5000, run.pipeline.arbiter().duplicates());
        assertEquals(0, run.pipeline.arbiter().gaps());
        assertEquals(0, adapter.malformed());
        assertEquals(5299, adapter.messages());
        assertEquals(4898, adapter.templateCount(32));
        assertEquals(60, adapter.templateCount(42));
        assertEquals(179, adapter.templateCount(35));
        assertEquals(179, adapter.unknownTemplates(), "retired template 35 is counted and skipped");
        assertEquals(99, adapter.templateCount(30));
        assertEquals(57, adapter.templateCount(37));
        assertEquals(6, adapter.templateCount(12));
        assertTrue(run.listener.gaps.isEmpty());
        assertTrue(run.listener.messages.stream().allMatch((m) -> m.channelId() == 320 && m.version() == 8));
    }

    @Test
    void v6AbCaptureArbitratesTo5000PacketsWithNoGap()
    {
        final Run run = replay(TestCaptures.V6, TestCaptures.config(TestCaptures.V6));
        final Mdp3PacketAdapter adapter = run.pipeline.adapter();
        assertEquals(10000, run.pipeline.packets());
        assertEquals(5000, run.pipeline.acceptedPackets());
        assertEquals(5000, run.pipeline.arbiter().duplicates());
        assertEquals(0, run.pipeline.arbiter().gaps());
        assertEquals(0, adapter.malformed());
        assertEquals(10273, adapter.messages());
        assertEquals(9569, adapter.templateCount(32));
        assertEquals(307, adapter.unknownTemplates());
        assertTrue(run.listener.messages.stream().allMatch((m) -> m.channelId() == 340 && m.version() == 6));
        assertTrue(run.listener.orderIds.stream().noneMatch((o) -> o.templateId() == 32),
            "template 32 has no OrderID group before version 7");
    }
}
