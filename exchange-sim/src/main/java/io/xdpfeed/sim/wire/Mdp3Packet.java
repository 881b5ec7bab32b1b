package io.xdpfeed.sim.wire;

import io.xdpfeed.codecs.mdp3.AdminHeartbeat12Encoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * MDP 3.0 packet framing: a 12-byte header (MsgSeqNum uint32, SendingTime uint64 ns since the epoch, little-endian)
 * followed by messages, each starting with its MsgSize (uint16, the whole message including these 2 bytes).
 */
public final class Mdp3Packet
{
    /** Length of the MsgSize field before each message. */
    public static final int MSG_SIZE_LENGTH = 2;
    /** Packet header length: MsgSeqNum + SendingTime. */
    public static final int HEADER_LENGTH = 12;
    /** Largest UDP payload the simulator sends, as CME's packets (fits a 1500-byte MTU). */
    public static final int MAX_PAYLOAD = 1420;
    /** Offset of SendingTime in the packet header. */
    public static final int SENDING_TIME_OFFSET = 4;

    private Mdp3Packet()
    {
    }

    /**
     * Write a whole AdminHeartbeat12 packet: the header and one message without a body.
     *
     * @return the packet's length.
     */
    public static int writeHeartbeat(
        final MutableDirectBuffer buffer,
        final int offset,
        final long msgSeqNum,
        final long sendingTimeNs,
        final MessageHeaderEncoder header,
        final AdminHeartbeat12Encoder heartbeat)
    {
        writeHeader(buffer, offset, msgSeqNum, sendingTimeNs);
        heartbeat.wrapAndApplyHeader(buffer, offset + HEADER_LENGTH + MSG_SIZE_LENGTH, header);
        final int messageLength = MSG_SIZE_LENGTH + MessageHeaderEncoder.ENCODED_LENGTH + heartbeat.encodedLength();
        buffer.putShort(offset + HEADER_LENGTH, (short)messageLength, ByteOrder.LITTLE_ENDIAN);
        return HEADER_LENGTH + messageLength;
    }

    static void writeHeader(final MutableDirectBuffer buffer, final int offset, final long msgSeqNum,
        final long sendingTimeNs)
    {
        buffer.putInt(offset, (int)msgSeqNum, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset + SENDING_TIME_OFFSET, sendingTimeNs, ByteOrder.LITTLE_ENDIAN);
    }
}
