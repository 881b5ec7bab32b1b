/*
 * Copyright 2025 xdpfeed contributors.
 */
package io.xdpfeed.codecs;

import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: walks one MDP 3.0 datagram (12-byte packet header, then MsgSize-prefixed SBE messages).
 */
public final class Mdp3Messages
{
    /** Length of the MDP packet header: MsgSeqNum uint32, SendingTime uint64. */
    public static final int PACKET_HEADER_LENGTH = 12;
    /** Length of the MsgSize field before each SBE message header. */
    public static final int MSG_SIZE_LENGTH = 2;

    /**
     * One SBE message in a datagram.
     *
     * @param msgSize       MsgSize field (whole message including MsgSize and the SBE header).
     * @param headerOffset  offset of the SBE message header.
     * @param bodyOffset    offset of the root block.
     * @param templateId    template id.
     * @param schemaId      schema id.
     * @param blockLength   root block length from the header.
     * @param version       schema version from the header.
     */
    public record Message(
        int msgSize, int headerOffset, int bodyOffset, int templateId, int schemaId, int blockLength, int version)
    {
    }

    private Mdp3Messages()
    {
    }

    /**
     * MsgSeqNum of the packet.
     *
     * @param buffer datagram.
     * @return MsgSeqNum.
     */
    public static long msgSeqNum(final UnsafeBuffer buffer)
    {
        return buffer.getInt(0, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /**
     * SendingTime of the packet.
     *
     * @param buffer datagram.
     * @return SendingTime, ns since the Unix epoch.
     */
    public static long sendingTime(final UnsafeBuffer buffer)
    {
        return buffer.getLong(4, java.nio.ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The messages of a datagram.
     *
     * @param buffer datagram.
     * @return messages in order.
     */
    public static List<Message> messages(final UnsafeBuffer buffer)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final List<Message> messages = new ArrayList<>();
        int offset = PACKET_HEADER_LENGTH;
        while (offset + MSG_SIZE_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH <= buffer.capacity())
        {
            final int msgSize = buffer.getShort(offset, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            header.wrap(buffer, offset + MSG_SIZE_LENGTH);
            messages.add(new Message(
                msgSize,
                offset + MSG_SIZE_LENGTH,
                offset + MSG_SIZE_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH,
                header.templateId(),
                header.schemaId(),
                header.blockLength(),
                header.version()));
            offset += msgSize;
        }

        return messages;
    }
}
