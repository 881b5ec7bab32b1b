package io.xdpfeed.handler.mdp3;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

/**
 * Validates the framing of a whole MDP 3.0 datagram before any of it is applied.
 * <p>
 * Layout (little-endian):
 * <pre>
 *   packet header (12)            message (MsgSize bytes, repeated to the end of the datagram)
 *   +-----------+-------------+   +---------+-------------+------------+---------+---------+------+--------+
 *   | MsgSeqNum | SendingTime |   | MsgSize | blockLength | templateId | schemaId| version | root | groups |
 *   |  uint32   |   uint64    |   | uint16  |   uint16    |   uint16   | uint16  | uint16  |      |        |
 *   +-----------+-------------+   +---------+-------------+------------+---------+---------+------+--------+
 *   group header groupSize (3): blockLength uint16, numInGroup uint8
 *   group header groupSize8Byte (8): blockLength uint16 @0, numInGroup uint8 @7
 * </pre>
 * Valid means: at least one message; every MsgSize at least 10 and inside the datagram; no bytes after the last
 * message; every root block inside its message; for a known template, a version the decoder reads, every group it has at that version inside
 * its message, root block and entries long enough for what the decoder reads, and no bytes after the last group
 * (unless the message's version is newer than the layout known here). Unknown templates and foreign schema ids
 * are checked by MsgSize and blockLength only. Never throws, never allocates.
 */
public final class Mdp3Framing
{
    /** Bytes of the packet header: MsgSeqNum uint32, SendingTime uint64. */
    public static final int PACKET_HEADER_LENGTH = 12;

    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    /** Bytes of MsgSize plus the SBE message header. */
    public static final int MESSAGE_HEADER_LENGTH = 10;

    /** The datagram is shorter than a packet header plus one message header. */
    public static final int TOO_SHORT = -1;
    /** A MsgSize is below 10. */
    public static final int MSG_SIZE_TOO_SMALL = -2;
    /** A MsgSize goes past the end of the datagram, or bytes remain that cannot hold a message. */
    public static final int MSG_SIZE_OUTSIDE_DATAGRAM = -3;
    /** A root block goes past the end of its message. */
    public static final int BLOCK_OUTSIDE_MESSAGE = -4;
    /** A root block is shorter than the fields the decoder reads. */
    public static final int BLOCK_TOO_SHORT = -5;
    /** A group header or its entries go past the end of the message. */
    public static final int GROUP_OUTSIDE_MESSAGE = -6;
    /** A group's entry blockLength is shorter than the fields the decoder reads. */
    public static final int ENTRY_TOO_SHORT = -7;
    /** Bytes remain in a message after its last group. */
    public static final int TRAILING_BYTES_IN_MESSAGE = -8;

    /** A known template with a version older than the template itself (the decoder cannot read it). */
    public static final int VERSION_TOO_OLD = -9;

    /** Number of distinct results: index {@code -result} for reasons 1..9. */
    public static final int REASON_COUNT = 10;

    private static final String[] REASON_NAMES =
    {
        "valid", "tooShort", "msgSizeTooSmall", "msgSizeOutsideDatagram", "blockOutsideMessage", "blockTooShort",
        "groupOutsideMessage", "entryTooShort", "trailingBytesInMessage", "versionTooOld"
    };

    private Mdp3Framing()
    {
    }

    /**
     * Validate a datagram.
     *
     * @param buffer holding the UDP payload.
     * @param offset of the packet header.
     * @param length of the UDP payload.
     * @return the number of messages (at least 1) when valid, else a negative reason such as {@link #TOO_SHORT}.
     */
    public static int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        return validate(buffer, offset, length, null);
    }

    /**
     * Validate a datagram and note where each message starts, so that its decode need not walk the framing again.
     *
     * @param buffer    holding the UDP payload.
     * @param offset    of the packet header.
     * @param length    of the UDP payload.
     * @param positions where the first {@code positions.length} messages start (buffer indexes of their MsgSize),
     *                  written as the walk goes; null for none.
     * @return the number of messages (at least 1) when valid, else a negative reason such as {@link #TOO_SHORT}.
     */
    public static int validate(final DirectBuffer buffer, final int offset, final int length, final int[] positions)
    {
        if (length < PACKET_HEADER_LENGTH + MESSAGE_HEADER_LENGTH || offset < 0 ||
            length > buffer.capacity() - offset)
        {
            return TOO_SHORT;
        }

        final int end = offset + length;
        int position = offset + PACKET_HEADER_LENGTH;
        int messages = 0;
        while (position < end)
        {
            if (end - position < MESSAGE_HEADER_LENGTH)
            {
                return MSG_SIZE_OUTSIDE_DATAGRAM;
            }
            final int msgSize = u16(buffer, position);
            if (msgSize < MESSAGE_HEADER_LENGTH)
            {
                return MSG_SIZE_TOO_SMALL;
            }
            if (msgSize > end - position)
            {
                return MSG_SIZE_OUTSIDE_DATAGRAM;
            }
            final int result = validateMessage(buffer, position, position + msgSize);
            if (result < 0)
            {
                return result;
            }
            if (positions != null && messages < positions.length)
            {
                positions[messages] = position;
            }
            position += msgSize;
            messages++;
        }
        return messages;
    }

    private static int validateMessage(final DirectBuffer buffer, final int position, final int messageEnd)
    {
        final int blockLength = u16(buffer, position + 2);
        final int templateId = u16(buffer, position + 4);
        final int schemaId = u16(buffer, position + 6);
        final int version = u16(buffer, position + 8);
        final int body = position + MESSAGE_HEADER_LENGTH;
        if (blockLength > messageEnd - body)
        {
            return BLOCK_OUTSIDE_MESSAGE;
        }
        if (schemaId != Mdp3Templates.SCHEMA_ID)
        {
            return 0;
        }
        final Mdp3Templates.Layout layout = Mdp3Templates.layout(templateId);
        if (layout == null)
        {
            return 0;
        }
        if (version < layout.minVersion())
        {
            return VERSION_TOO_OLD;
        }
        if (blockLength < layout.requiredRootBlock(version))
        {
            return BLOCK_TOO_SHORT;
        }

        int limit = body + blockLength;
        final Mdp3Templates.Group[] groups = layout.groups();
        for (final Mdp3Templates.Group group : groups)
        {
            if (version < group.sinceVersion())
            {
                continue;
            }
            final int headerSize = group.headerSize();
            if (headerSize > messageEnd - limit)
            {
                return GROUP_OUTSIDE_MESSAGE;
            }
            final int entryLength = u16(buffer, limit);
            final int count = u8(buffer, limit + headerSize - 1);
            if (count > 0 && entryLength < group.requiredEntry(version))
            {
                return ENTRY_TOO_SHORT;
            }
            limit += headerSize;
            if ((long)entryLength * count > messageEnd - limit)
            {
                return GROUP_OUTSIDE_MESSAGE;
            }
            limit += entryLength * count;
        }
        if (limit != messageEnd && version <= layout.schemaVersion())
        {
            return TRAILING_BYTES_IN_MESSAGE;
        }
        return 0;
    }

    /**
     * Unsigned 16-bit little-endian read without Agrona's bounds check: only for indexes {@link #validate} has
     * already placed inside {@code [offset, offset + length)}, itself checked against the buffer's capacity.
     */
    static int u16(final DirectBuffer buffer, final int index)
    {
        if (NATIVE_LITTLE_ENDIAN)
        {
            return UnsafeApi.getShort(buffer.byteArray(), buffer.addressOffset() + index) & 0xFFFF;
        }
        return buffer.getShort(index, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    static int u8(final DirectBuffer buffer, final int index)
    {
        return UnsafeApi.getByte(buffer.byteArray(), buffer.addressOffset() + index) & 0xFF;
    }

    /**
     * @param result a negative result of {@link #validate}.
     * @return a short camel-case name for reports, e.g. {@code msgSizeTooSmall}.
     */
    public static String reasonName(final int result)
    {
        return result < 0 && -result < REASON_COUNT ? REASON_NAMES[-result] : REASON_NAMES[0];
    }

    /**
     * @param buffer holding a valid datagram.
     * @param offset of the packet header.
     * @return MsgSeqNum (uint32).
     */
    public static long msgSeqNum(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    /**
     * @param buffer holding a valid datagram.
     * @param offset of the packet header.
     * @return SendingTime, ns since the Unix epoch.
     */
    public static long sendingTimeNs(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + 4, ByteOrder.LITTLE_ENDIAN);
    }
}
