package io.xdpfeed.handler.publish;

import java.nio.ByteOrder;

import io.xdpfeed.codecs.md.BookUpdateEncoder;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.sbe.MessageEncoderFlyweight;

/**
 * The start every data record of the normalized stream shares, at the schema's offsets: the message header and the
 * common block (channelId, securityId, recordSeq, sendingTimeNs, receiveTimeNs, msgSeqNum), what each record's
 * encoder writes there, byte for byte, with one bounds check for the whole head instead of one per field.
 * publishTimeNs is not written here: {@link RecordClaim} stamps it when the record or its batch goes out. The
 * record's own fields follow through its encoder wrapped at {@code offset + HEADER}
 * ({@code RecordHeadTest} checks that every data record has the common block at these offsets).
 */
final class RecordHead
{
    /** Bytes of the message header before the record's body. */
    static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    /** Bytes of the head: the message header and the common block. */
    static final int LENGTH = HEADER + BookUpdateEncoder.msgSeqNumEncodingOffset() + Long.BYTES;

    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int CHANNEL_ID = HEADER + BookUpdateEncoder.channelIdEncodingOffset();
    private static final int SECURITY_ID = HEADER + BookUpdateEncoder.securityIdEncodingOffset();
    private static final int RECORD_SEQ = HEADER + BookUpdateEncoder.recordSeqEncodingOffset();
    private static final int SENDING_TIME = HEADER + BookUpdateEncoder.sendingTimeNsEncodingOffset();
    private static final int RECEIVE_TIME = HEADER + BookUpdateEncoder.receiveTimeNsEncodingOffset();
    private static final int MSG_SEQ_NUM = HEADER + BookUpdateEncoder.msgSeqNumEncodingOffset();

    private RecordHead()
    {
    }

    /**
     * The head of the record just begun on a claim, and its encoder wrapped after it for the record's own fields.
     *
     * @param claim         the claim the record was begun on ({@code RecordClaim.begin}).
     * @param encoder       the record's encoder; its block length and template id go in the message header.
     * @param channelId     the channel it speaks for.
     * @param securityId    its instrument, or the null value where it is not an instrument's.
     * @param sendingTimeNs SendingTime of the packet that caused it, 0 when none.
     * @param receiveTimeNs receive time of that packet, 0 when none.
     * @param msgSeqNum     MsgSeqNum of that packet, 0 when none.
     * @param <E>           the encoder's type.
     * @return the encoder, wrapped at the record's body.
     */
    static <E extends MessageEncoderFlyweight> E begin(
        final RecordClaim claim,
        final E encoder,
        final int channelId,
        final int securityId,
        final long sendingTimeNs,
        final long receiveTimeNs,
        final long msgSeqNum)
    {
        final MutableDirectBuffer buffer = claim.buffer();
        final int offset = claim.offset();
        put(buffer, offset, encoder.sbeBlockLength(), encoder.sbeTemplateId(), channelId, securityId,
            claim.recordSeq(), sendingTimeNs, receiveTimeNs, msgSeqNum);
        encoder.wrap(buffer, offset + HEADER);
        return encoder;
    }

    /**
     * The head of an instrument's record from a datagram.
     *
     * @param buffer      the record's buffer.
     * @param offset      the record's offset (its message header).
     * @param blockLength the record's block length (its encoder's {@code BLOCK_LENGTH}).
     * @param templateId  the record's template id.
     * @param instrument  the record's instrument.
     * @param recordSeq   the record's sequence number.
     * @param packet      the datagram it comes from.
     */
    static void put(
        final MutableDirectBuffer buffer,
        final int offset,
        final int blockLength,
        final int templateId,
        final Instrument instrument,
        final long recordSeq,
        final PacketInfo packet)
    {
        put(buffer, offset, blockLength, templateId, instrument.channelId(), instrument.securityId(), recordSeq,
            packet.sendingTimeNs(), packet.receiveTimeNs(), packet.msgSeqNum());
    }

    /**
     * @param buffer        the record's buffer.
     * @param offset        the record's offset (its message header).
     * @param blockLength   the record's block length (its encoder's {@code BLOCK_LENGTH}).
     * @param templateId    the record's template id.
     * @param channelId     the channel it speaks for.
     * @param securityId    its instrument, or the null value where it is not an instrument's.
     * @param recordSeq     the record's sequence number.
     * @param sendingTimeNs SendingTime of the packet that caused it, 0 when none.
     * @param receiveTimeNs receive time of that packet, 0 when none.
     * @param msgSeqNum     MsgSeqNum of that packet, 0 when none.
     */
    static void put(
        final MutableDirectBuffer buffer,
        final int offset,
        final int blockLength,
        final int templateId,
        final int channelId,
        final int securityId,
        final long recordSeq,
        final long sendingTimeNs,
        final long receiveTimeNs,
        final long msgSeqNum)
    {
        buffer.boundsCheck(offset, LENGTH);
        if (NATIVE_LITTLE_ENDIAN)
        {
            final byte[] array = buffer.byteArray();
            final long start = buffer.addressOffset() + offset;
            UnsafeApi.putShort(array, start, (short)blockLength);
            UnsafeApi.putShort(array, start + 2, (short)templateId);
            UnsafeApi.putShort(array, start + 4, (short)MessageHeaderEncoder.SCHEMA_ID);
            UnsafeApi.putShort(array, start + 6, (short)MessageHeaderEncoder.SCHEMA_VERSION);
            UnsafeApi.putInt(array, start + CHANNEL_ID, channelId);
            UnsafeApi.putInt(array, start + SECURITY_ID, securityId);
            UnsafeApi.putLong(array, start + RECORD_SEQ, recordSeq);
            UnsafeApi.putLong(array, start + SENDING_TIME, sendingTimeNs);
            UnsafeApi.putLong(array, start + RECEIVE_TIME, receiveTimeNs);
            UnsafeApi.putLong(array, start + MSG_SEQ_NUM, msgSeqNum);
            return;
        }
        buffer.putShort(offset, (short)blockLength, ORDER);
        buffer.putShort(offset + 2, (short)templateId, ORDER);
        buffer.putShort(offset + 4, (short)MessageHeaderEncoder.SCHEMA_ID, ORDER);
        buffer.putShort(offset + 6, (short)MessageHeaderEncoder.SCHEMA_VERSION, ORDER);
        buffer.putInt(offset + CHANNEL_ID, channelId, ORDER);
        buffer.putInt(offset + SECURITY_ID, securityId, ORDER);
        buffer.putLong(offset + RECORD_SEQ, recordSeq, ORDER);
        buffer.putLong(offset + SENDING_TIME, sendingTimeNs, ORDER);
        buffer.putLong(offset + RECEIVE_TIME, receiveTimeNs, ORDER);
        buffer.putLong(offset + MSG_SEQ_NUM, msgSeqNum, ORDER);
    }
}
