package io.xdpfeed.handler.mdp3;

import io.xdpfeed.codecs.mdp3.MDEntryTypeBook;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Encoder;
import io.xdpfeed.codecs.mdp3.MDUpdateAction;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.handler.channel.BookChanges;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.mdp3.RecordingListener.Entry;
import io.xdpfeed.handler.mdp3.RecordingListener.Unknown;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Packets built with the SBE encoders: each framing rule on its own, unknown and foreign messages, versions.
 */
@Timeout(10)
class Mdp3FramingTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final MDIncrementalRefreshBook46Encoder book = new MDIncrementalRefreshBook46Encoder();
    private int limit;

    private void packetHeader(final long seq)
    {
        buffer.putInt(0, (int)seq, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(4, 1_700_000_000_000_000_000L + seq, ByteOrder.LITTLE_ENDIAN);
        limit = Mdp3Framing.PACKET_HEADER_LENGTH;
    }

    private int book46(final int securityId, final int entries, final int orderIds)
    {
        final int start = limit;
        book.wrapAndApplyHeader(buffer, start + 2, header).transactTime(42);
        header.version(9);
        book.matchEventIndicator().endOfEvent(true);
        final MDIncrementalRefreshBook46Encoder.NoMDEntriesEncoder group = book.noMDEntriesCount(entries);
        for (int i = 0; i < entries; i++)
        {
            group.next().securityID(securityId).rptSeq(i + 1).mDEntrySize(10 + i).numberOfOrders(1)
                .mDPriceLevel((short)(i + 1)).mDUpdateAction(MDUpdateAction.New).mDEntryType(MDEntryTypeBook.Bid)
                .mDEntryPx().mantissa(1_000_000_000L * (100 + i));
        }
        final MDIncrementalRefreshBook46Encoder.NoOrderIDEntriesEncoder orders = book.noOrderIDEntriesCount(orderIds);
        for (int i = 0; i < orderIds; i++)
        {
            orders.next().orderID(1000 + i).mDDisplayQty(1).referenceID((short)1);
        }
        limit = book.limit();
        buffer.putShort(start, (short)(limit - start), ByteOrder.LITTLE_ENDIAN);
        return start;
    }

    private int raw(final int templateId, final int schemaId, final int version, final int blockLength, final int size)
    {
        final int start = limit;
        buffer.putShort(start, (short)size, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(start + 2, (short)blockLength, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(start + 4, (short)templateId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(start + 6, (short)schemaId, ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(start + 8, (short)version, ByteOrder.LITTLE_ENDIAN);
        if (size > 10)
        {
            buffer.setMemory(start + 10, size - 10, (byte)0);
        }
        limit = start + size;
        return start;
    }

    private int validate()
    {
        return Mdp3Framing.validate(new UnsafeBuffer(buffer, 0, limit), 0, limit);
    }

    @Test
    void validPacketWithSeveralMessages()
    {
        packetHeader(7);
        book46(1, 2, 1);
        book46(2, 0, 0);
        raw(12, 1, 9, 0, 10);
        assertEquals(3, validate());

        final RecordingListener listener = new RecordingListener();
        final Mdp3PacketAdapter adapter = new Mdp3PacketAdapter(listener);
        final LineMap lineMap = LineMap.unconfigured(1);
        assertEquals(3, adapter.onPacket(lineMap.line(lineMap.lineId(1, 1)), buffer, 0, limit, 5));
        assertEquals(List.of(
            new Entry(7, 46, 1, 1, 0, '0', 1, 100_000_000_000L, 10, 1, -1, Integer.MAX_VALUE),
            new Entry(7, 46, 1, 2, 0, '0', 2, 101_000_000_000L, 11, 1, -1, Integer.MAX_VALUE)),
            listener.entries);
        assertEquals(3, listener.messages.size());
        assertEquals(12, listener.messages.get(2).templateId());
        assertEquals(1, listener.orderIds.size());
        assertEquals(2, adapter.templateCount(46));
        assertEquals(1, adapter.templateCount(12));
    }

    /**
     * One walk of the framing: validation notes where each message starts, the decode of the packet just validated
     * goes by those positions; the same packet decoded later from other bytes (a reorder-window or queue copy) is
     * walked by MsgSize again. Both give the same messages.
     */
    @Test
    void decodeUsesTheWalkOfTheValidationOnlyForTheBytesItWalked()
    {
        packetHeader(9);
        final int first = book46(1, 2, 0);
        final int second = raw(12, 1, 9, 0, 10);
        book46(2, 1, 0);
        final int[] positions = new int[2];
        assertEquals(3, Mdp3Framing.validate(new UnsafeBuffer(buffer, 0, limit), 0, limit, positions));
        assertEquals(List.of(12, first, second), List.of(Mdp3Framing.PACKET_HEADER_LENGTH, positions[0], positions[1]),
            "the first two of three noted");

        final LineMap lineMap = LineMap.unconfigured(1);
        final RecordingListener walked = new RecordingListener();
        final Mdp3PacketAdapter walkedAdapter = new Mdp3PacketAdapter(walked);
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[limit + 20]);
        copy.putBytes(20, buffer, 0, limit);
        assertEquals(3, walkedAdapter.validate(buffer, 0, limit));
        walkedAdapter.decode(lineMap.line(lineMap.lineId(1, 1)), buffer, 0, limit, 5, 3);
        walkedAdapter.decode(lineMap.line(lineMap.lineId(1, 1)), copy, 20, limit, 5, 3);

        assertEquals(List.of(
            new Entry(9, 46, 1, 1, 0, '0', 1, 100_000_000_000L, 10, 1, -1, Integer.MAX_VALUE),
            new Entry(9, 46, 1, 2, 0, '0', 2, 101_000_000_000L, 11, 1, -1, Integer.MAX_VALUE),
            new Entry(9, 46, 2, 1, 0, '0', 1, 100_000_000_000L, 10, 1, -1, Integer.MAX_VALUE),
            new Entry(9, 46, 1, 1, 0, '0', 1, 100_000_000_000L, 10, 1, -1, Integer.MAX_VALUE),
            new Entry(9, 46, 1, 2, 0, '0', 2, 101_000_000_000L, 11, 1, -1, Integer.MAX_VALUE),
            new Entry(9, 46, 2, 1, 0, '0', 1, 100_000_000_000L, 10, 1, -1, Integer.MAX_VALUE)),
            walked.entries);
        assertEquals(List.of(46, 12, 46, 46, 12, 46),
            walked.messages.stream().map(RecordingListener.Message::templateId).toList());
        assertEquals(2 * 3, walkedAdapter.messages());
    }

    @Test
    void eachFramingRule()
    {
        packetHeader(1);
        assertEquals(Mdp3Framing.TOO_SHORT, validate());

        packetHeader(1);
        raw(12, 1, 9, 0, 10);
        limit -= 1;
        assertEquals(Mdp3Framing.TOO_SHORT, validate());

        packetHeader(1);
        raw(12, 1, 9, 0, 10);
        limit += 5;
        assertEquals(Mdp3Framing.MSG_SIZE_OUTSIDE_DATAGRAM, validate(), "5 trailing bytes cannot hold a message");

        packetHeader(1);
        raw(12, 1, 9, 0, 9);
        limit = 22;
        assertEquals(Mdp3Framing.MSG_SIZE_TOO_SMALL, validate());

        packetHeader(1);
        final int tooLong = raw(12, 1, 9, 0, 10);
        buffer.putShort(tooLong, (short)11, ByteOrder.LITTLE_ENDIAN);
        assertEquals(Mdp3Framing.MSG_SIZE_OUTSIDE_DATAGRAM, validate());

        packetHeader(1);
        raw(99, 1, 9, 3, 12);
        assertEquals(Mdp3Framing.BLOCK_OUTSIDE_MESSAGE, validate(), "even an unknown template's block must fit");

        packetHeader(1);
        final int shortBlock = book46(1, 1, 0);
        buffer.putShort(shortBlock + 2, (short)8, ByteOrder.LITTLE_ENDIAN);
        assertEquals(Mdp3Framing.BLOCK_TOO_SHORT, validate());

        packetHeader(1);
        final int groupOut = book46(1, 2, 0);
        buffer.putByte(groupOut + 10 + 11 + 2, (byte)3);
        assertEquals(Mdp3Framing.GROUP_OUTSIDE_MESSAGE, validate());

        packetHeader(1);
        final int shortEntry = book46(1, 1, 0);
        buffer.putShort(shortEntry + 10 + 11, (short)26, ByteOrder.LITTLE_ENDIAN);
        assertEquals(Mdp3Framing.ENTRY_TOO_SHORT, validate());

        packetHeader(1);
        final int trailing = book46(1, 1, 0);
        buffer.putShort(trailing, (short)(limit - trailing + 4), ByteOrder.LITTLE_ENDIAN);
        limit += 4;
        assertEquals(Mdp3Framing.TRAILING_BYTES_IN_MESSAGE, validate());

        packetHeader(1);
        final int old = book46(1, 1, 0);
        buffer.putShort(old + 8, (short)8, ByteOrder.LITTLE_ENDIAN);
        assertEquals(Mdp3Framing.VERSION_TOO_OLD, validate());
        assertEquals("versionTooOld", Mdp3Framing.reasonName(Mdp3Framing.VERSION_TOO_OLD));
    }

    @Test
    void newerVersionMayCarryTrailingData()
    {
        packetHeader(1);
        final int newer = book46(1, 1, 0);
        buffer.putShort(newer, (short)(limit - newer + 6), ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(newer + 8, (short)14, ByteOrder.LITTLE_ENDIAN);
        limit += 6;
        assertEquals(1, validate());
    }

    @Test
    void unknownTemplatesAndForeignSchemasAreCountedAndSkipped()
    {
        packetHeader(3);
        raw(99, 1, 9, 4, 30);
        raw(46, 2, 1, 0, 14);
        book46(5, 1, 0);
        assertEquals(3, validate());

        final RecordingListener listener = new RecordingListener();
        final Mdp3PacketAdapter adapter = new Mdp3PacketAdapter(listener);
        final LineMap lineMap = LineMap.unconfigured(1);
        adapter.onPacket(lineMap.line(lineMap.lineId(1, 1)), buffer, 0, limit, 0);
        assertEquals(1, adapter.unknownTemplates());
        assertEquals(1, adapter.foreignSchemaMessages());
        assertEquals(3, adapter.messages());
        assertEquals(1, adapter.templateCount(99));
        assertEquals(1, adapter.templateCount(46), "the foreign schema's 46 is not ours");
        assertEquals(List.of(new Unknown(3, 99, 1, 9, 30), new Unknown(3, 46, 2, 1, 14)), listener.unknowns);
        assertEquals(1, listener.entries.size());
    }

    /**
     * Through the engine (live and replay path): a malformed copy is counted and does not consume its MsgSeqNum,
     * the other line's intact copy is used, a later copy is a duplicate, a hole not filled by either line is
     * declared lost once (at the end of the input here: the gap wait never expires on these receive times).
     */
    @Test
    void engineCountsMalformedWithoutConsumingTheSequence()
    {
        final LineMap lineMap = io.xdpfeed.handler.TestCaptures.config(io.xdpfeed.handler.TestCaptures.V8);
        final int groupA = LineMap.parseAddress("224.0.31.11");
        final int groupB = LineMap.parseAddress("224.0.32.11");
        final List<String> records = new ArrayList<>();
        final FeedEngine engine = new FeedEngine(lineMap, ChannelOptions.defaults(), Feed.A, channelId -> true,
            channelId -> false, new ChannelListener()
            {
                public void onBookUpdate(
                    final Instrument instrument,
                    final BookChanges changes,
                    final boolean endOfEvent,
                    final short matchEventIndicator,
                    final PacketInfo packet)
                {
                    records.add("BookUpdate " + packet.msgSeqNum() + " security " + instrument.securityId());
                }

                public void onChannelStatus(
                    final int channelId,
                    final FeedStatus feedStatus,
                    final long gapFrom,
                    final long gapTo,
                    final long recoveries,
                    final PacketInfo packet)
                {
                    records.add("ChannelStatus " + channelId + " " + feedStatus + " " + gapFrom + ".." + gapTo);
                }
            }, null, HandlerCounters.onHeap());
        engine.start();

        for (final long seq : new long[]{ 1, 2, 5 })
        {
            packetHeader(seq);
            book46((int)seq, 1, 0);
            engine.onDatagram(groupA, 14320, buffer, 0, limit, seq);
        }
        packetHeader(6);
        book46(6, 1, 0);
        engine.onDatagram(groupA, 14320, buffer, 0, limit - 1, 6);
        engine.onDatagram(groupB, 15320, buffer, 0, limit, 6);
        engine.onDatagram(groupA, 14320, buffer, 0, limit, 6);
        engine.onDatagram(groupA, 9999, buffer, 0, limit, 6);
        engine.flush(engine.lastReceiveTimeNs());

        assertEquals(List.of("BookUpdate 1 security 1", "BookUpdate 2 security 2", "ChannelStatus 320 STALE 3..4",
            "BookUpdate 5 security 5", "BookUpdate 6 security 6"), records);
        final Mdp3PacketAdapter adapter = (Mdp3PacketAdapter)engine.channel(0).decoder();
        assertEquals(1, adapter.malformed());
        assertEquals(1, adapter.malformed(Mdp3Framing.MSG_SIZE_OUTSIDE_DATAGRAM));
        assertEquals(1, engine.duplicates());
        assertEquals(1, engine.gaps());
        assertEquals(2, engine.lostPackets());
        assertEquals(1, engine.unconfiguredDatagrams());
        assertEquals(6, engine.packets());
        assertEquals(7, engine.datagrams());
        assertEquals(4, adapter.decodedPackets());
    }
}
