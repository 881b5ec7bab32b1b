package io.xdpfeed.sim;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * MDP 3.0 packet framing: a 12-byte header (MsgSeqNum uint32, SendingTime uint64 ns since the epoch, little-endian)
 * followed by messages, each starting with its MsgSize (uint16, the whole message including these 2 bytes).
 */
final class Mdp3Packet
{
    /** Packet header length: MsgSeqNum + SendingTime. */
    static final int HEADER_LENGTH = 12;
    /** Largest UDP payload the simulator sends, as CME's packets (fits a 1500-byte MTU). */
    static final int MAX_PAYLOAD = 1420;
    /** Offset of SendingTime in the packet header. */
    static final int SENDING_TIME_OFFSET = 4;

    private Mdp3Packet()
    {
    }

    static void writeHeader(final MutableDirectBuffer buffer, final int offset, final long msgSeqNum,
        final long sendingTimeNs)
    {
        buffer.putInt(offset, (int)msgSeqNum, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(offset + SENDING_TIME_OFFSET, sendingTimeNs, ByteOrder.LITTLE_ENDIAN);
    }
}
