package io.xdpfeed.handler.publish;

import java.nio.ByteBuffer;
import java.util.List;

import io.xdpfeed.codecs.md.AuctionImbalanceEncoder;
import io.xdpfeed.codecs.md.BookSnapshotEncoder;
import io.xdpfeed.codecs.md.BookUpdateEncoder;
import io.xdpfeed.codecs.md.ChannelStatusEncoder;
import io.xdpfeed.codecs.md.HeartbeatEncoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionEncoder;
import io.xdpfeed.codecs.md.InstrumentStatusEncoder;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.OrderBookSnapshotEncoder;
import io.xdpfeed.codecs.md.OrderUpdateEncoder;
import io.xdpfeed.codecs.md.TradeCancelEncoder;
import io.xdpfeed.codecs.md.TradeEncoder;
import io.xdpfeed.codecs.md.VolumeEncoder;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageEncoderFlyweight;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecordHeadTest
{
    private static final String[] COMMON = {
        "channelId", "securityId", "recordSeq", "sendingTimeNs", "receiveTimeNs", "publishTimeNs", "msgSeqNum" };

    private static final int CHANNEL = 310;
    private static final int SECURITY = -7;
    private static final long RECORD_SEQ = 1L << 40;
    private static final long SENDING = 1_700_000_000_123_456_789L;
    private static final long RECEIVE = 1_700_000_000_123_999_999L;
    private static final long MSG_SEQ_NUM = 0xFFFF_FFFFL + 3;

    private static final List<Class<? extends MessageEncoderFlyweight>> DATA_RECORDS = List.of(
        InstrumentDefinitionEncoder.class, BookUpdateEncoder.class, BookSnapshotEncoder.class, TradeEncoder.class,
        TradeCancelEncoder.class, AuctionImbalanceEncoder.class, InstrumentStatusEncoder.class,
        ChannelStatusEncoder.class, HeartbeatEncoder.class, VolumeEncoder.class, OrderUpdateEncoder.class,
        OrderBookSnapshotEncoder.class);

    @Test
    void everyDataRecordHasTheCommonBlockWhereTheHeadWritesIt() throws ReflectiveOperationException
    {
        for (final Class<? extends MessageEncoderFlyweight> record : DATA_RECORDS)
        {
            for (final String field : COMMON)
            {
                assertEquals(BookUpdateEncoder.class.getMethod(field + "EncodingOffset").invoke(null),
                    record.getMethod(field + "EncodingOffset").invoke(null), record.getSimpleName() + "." + field);
            }
        }
    }

    @Test
    void theHeadIsWhatTheEncodersWriteByteForByteOnHeapAndOffHeap()
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final List<CommonBlockWriter> encoders = List.of(
            (buffer, offset) -> new TradeEncoder().wrapAndApplyHeader(buffer, offset, header)
                .channelId(CHANNEL).securityId(SECURITY).recordSeq(RECORD_SEQ).sendingTimeNs(SENDING)
                .receiveTimeNs(RECEIVE).publishTimeNs(0).msgSeqNum(MSG_SEQ_NUM),
            (buffer, offset) -> new InstrumentStatusEncoder().wrapAndApplyHeader(buffer, offset, header)
                .channelId(CHANNEL).securityId(SECURITY).recordSeq(RECORD_SEQ).sendingTimeNs(SENDING)
                .receiveTimeNs(RECEIVE).publishTimeNs(0).msgSeqNum(MSG_SEQ_NUM),
            (buffer, offset) -> new OrderBookSnapshotEncoder().wrapAndApplyHeader(buffer, offset, header)
                .channelId(CHANNEL).securityId(SECURITY).recordSeq(RECORD_SEQ).sendingTimeNs(SENDING)
                .receiveTimeNs(RECEIVE).publishTimeNs(0).msgSeqNum(MSG_SEQ_NUM));
        final int offset = 13;
        for (final UnsafeBuffer head : List.of(
            new UnsafeBuffer(new byte[256]), new UnsafeBuffer(ByteBuffer.allocateDirect(256))))
        {
            for (final CommonBlockWriter encoder : encoders)
            {
                final UnsafeBuffer expected = new UnsafeBuffer(new byte[256]);
                final MessageEncoderFlyweight record = encoder.write(expected, offset);

                head.setMemory(0, head.capacity(), (byte)0);
                RecordHead.put(head, offset, record.sbeBlockLength(), record.sbeTemplateId(), CHANNEL, SECURITY,
                    RECORD_SEQ, SENDING, RECEIVE, MSG_SEQ_NUM);

                assertArrayEquals(bytes(expected, offset + RecordHead.LENGTH), bytes(head, offset + RecordHead.LENGTH),
                    record.getClass().getSimpleName());
            }
        }
    }

    @Test
    void aHeadThatDoesNotFitIsRefusedBeforeAnythingIsWritten()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[RecordHead.LENGTH - 1]);

        assertThrows(IndexOutOfBoundsException.class,
            () -> RecordHead.put(buffer, 0, TradeEncoder.BLOCK_LENGTH, TradeEncoder.TEMPLATE_ID, 1, 2, 3, 4, 5, 6));
        assertArrayEquals(new byte[RecordHead.LENGTH - 1], buffer.byteArray());
    }

    private static byte[] bytes(final UnsafeBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /** A record's message header and common block written through its generated encoder. */
    @FunctionalInterface
    private interface CommonBlockWriter
    {
        MessageEncoderFlyweight write(MutableDirectBuffer buffer, int offset);
    }
}
