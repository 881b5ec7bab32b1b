package io.xdpfeed.handler.publish;

import io.xdpfeed.codecs.md.BookUpdateEncoder;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import org.agrona.UnsafeApi;

/**
 * The start of a BookUpdate record at the schema's offsets (what {@link BookUpdateEncoder} writes, byte for byte):
 * the message header and the fields every BookUpdate of a datagram's message takes from its instrument and packet.
 * The staged record ({@link StagedBookUpdate}) and the record from a change list ({@link MarketDataProxy}) both write
 * it; publishTimeNs, the event flags, rptSeq and the levels are theirs. Little-endian hosts only.
 */
final class BookUpdateHead
{
    /** Bytes of the message header before the record's body. */
    static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private BookUpdateHead()
    {
    }

    /**
     * @param array      the buffer's array, or null for off-heap memory.
     * @param start      the record's address (the array's base offset included).
     * @param instrument the record's instrument.
     * @param recordSeq  the record's sequence number.
     * @param packet     the datagram the change came in.
     */
    static void put(
        final byte[] array, final long start, final Instrument instrument, final long recordSeq, final PacketInfo packet)
    {
        UnsafeApi.putShort(array, start, (short)BookUpdateEncoder.BLOCK_LENGTH);
        UnsafeApi.putShort(array, start + 2, (short)BookUpdateEncoder.TEMPLATE_ID);
        UnsafeApi.putShort(array, start + 4, (short)BookUpdateEncoder.SCHEMA_ID);
        UnsafeApi.putShort(array, start + 6, (short)BookUpdateEncoder.SCHEMA_VERSION);
        final long body = start + HEADER;
        UnsafeApi.putInt(array, body, instrument.channelId());
        UnsafeApi.putInt(array, body + 4, instrument.securityId());
        UnsafeApi.putLong(array, body + 8, recordSeq);
        UnsafeApi.putLong(array, body + 16, packet.sendingTimeNs());
        UnsafeApi.putLong(array, body + 24, packet.receiveTimeNs());
        UnsafeApi.putLong(array, body + 40, packet.msgSeqNum());
    }
}
