package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.MessageBlockDecoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import org.agrona.DirectBuffer;

/**
 * Validates the framing of a whole MoldUDP64 downstream datagram before any of it is applied.
 * <p>
 * Layout (big-endian), MoldUDP64 1.00:
 * <pre>
 *   header (20)                                    message block (repeated messageCount times)
 *   +----------------+-----------------+--------+  +---------------+-----------------------------+
 *   | session (10)   | sequence uint64 | count  |  | length uint16 | ITCH message (length bytes) |
 *   | alphanumeric   | of 1st message  | uint16 |  |               | type byte first             |
 *   +----------------+-----------------+--------+  +---------------+-----------------------------+
 *   count 0: heartbeat (sequence = next expected); count 0xFFFF: end of session; both carry no blocks
 * </pre>
 * Valid means: the header fits; the count's blocks all lie inside the datagram and end exactly at its end; every
 * message is at least one byte, and a message of a type ITCH 5.0 defines is at least that type's length (longer is
 * accepted: the decoders read their own block). A message of a type it does not define is at least the 11 bytes
 * every message starts with ({@link ItchMessages#COMMON_LENGTH}: type, locate, tracking number, timestamp), which
 * the book builder reads of every message.
 * <p>
 * The header's fields and the block lengths are read at the offsets and in the byte order of the generated
 * {@code MoldUdp64HeaderDecoder} and {@code MessageBlockDecoder} (their {@code ...EncodingOffset()} and
 * {@code BYTE_ORDER}), straight from the caller's buffer rather than through a flyweight wrapped at each block: the
 * walk of a datagram then keeps the buffer's address in registers, where wrapping a flyweight per block stored and
 * reloaded it for every message (measured in docs/itch.md, "The framing read without a flyweight per block"). Never
 * throws, never allocates, holds no state.
 */
public final class MoldUdp64Framing
{
    /** Bytes of the MoldUDP64 header. */
    public static final int HEADER_LENGTH = MoldUdp64HeaderDecoder.BLOCK_LENGTH;
    /** Bytes of the length before each message. */
    public static final int BLOCK_HEADER_LENGTH = MessageBlockDecoder.BLOCK_LENGTH;
    /** The message count of an end-of-session packet. */
    public static final int END_OF_SESSION = 0xFFFF;
    /** Characters of the session at the start of the header. */
    public static final int SESSION_LENGTH = 10;

    /** The datagram is shorter than a header. */
    public static final int TOO_SHORT = -1;
    /** A block's length or message goes past the end of the datagram. */
    public static final int BLOCK_OUTSIDE_DATAGRAM = -2;
    /** Bytes remain after the last block (or after a heartbeat / end-of-session header). */
    public static final int TRAILING_BYTES = -3;
    /** A message of length 0. */
    public static final int EMPTY_MESSAGE = -4;
    /** A message shorter than its type's fixed length, or than the fields every message starts with. */
    public static final int MESSAGE_TOO_SHORT = -5;

    /** Number of distinct results: index {@code -result} for reasons 1..5. */
    public static final int REASON_COUNT = 6;

    private static final String[] REASON_NAMES =
    {
        "valid", "too short", "block outside datagram", "trailing bytes", "empty message", "message too short"
    };

    private static final int COUNT_OFFSET = MoldUdp64HeaderDecoder.messageCountEncodingOffset();
    private static final int SEQUENCE_OFFSET = MoldUdp64HeaderDecoder.sequenceNumberEncodingOffset();
    private static final int LENGTH_OFFSET = MessageBlockDecoder.messageLengthEncodingOffset();

    /**
     * @param buffer holding the datagram.
     * @param offset of the MoldUDP64 header.
     * @param length of the UDP payload.
     * @return the message count (0 for a heartbeat, {@link #END_OF_SESSION}) when valid, else a negative reason.
     */
    public int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH)
        {
            return TOO_SHORT;
        }
        final int count = messageCount(buffer, offset);
        final int end = offset + length;
        if (count == 0 || count == END_OF_SESSION)
        {
            return length == HEADER_LENGTH ? count : TRAILING_BYTES;
        }
        int position = offset + HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            if (position + BLOCK_HEADER_LENGTH > end)
            {
                return BLOCK_OUTSIDE_DATAGRAM;
            }
            final int messageLength = messageLength(buffer, position);
            final int message = position + BLOCK_HEADER_LENGTH;
            if (message + messageLength > end)
            {
                return BLOCK_OUTSIDE_DATAGRAM;
            }
            if (messageLength == 0)
            {
                return EMPTY_MESSAGE;
            }
            if (messageLength < ItchMessages.minimumLength(buffer.getByte(message)))
            {
                return MESSAGE_TOO_SHORT;
            }
            position = message + messageLength;
        }
        return position == end ? count : TRAILING_BYTES;
    }

    /**
     * @param buffer holding the datagram.
     * @param offset of the MoldUDP64 header.
     * @return the header's message count.
     */
    public int messageCount(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + COUNT_OFFSET, MoldUdp64HeaderDecoder.BYTE_ORDER) & 0xFFFF;
    }

    /**
     * @param buffer holding the datagram.
     * @param offset of the MoldUDP64 header.
     * @return the sequence number of the packet's first message (of the next one for a heartbeat).
     */
    public long sequenceNumber(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset + SEQUENCE_OFFSET, MoldUdp64HeaderDecoder.BYTE_ORDER);
    }

    /**
     * @param buffer   holding a valid datagram.
     * @param position of a message block.
     * @return the length of the message in the block.
     */
    public int messageLength(final DirectBuffer buffer, final int position)
    {
        return buffer.getShort(position + LENGTH_OFFSET, MessageBlockDecoder.BYTE_ORDER) & 0xFFFF;
    }

    /**
     * @param result a negative {@link #validate} result.
     * @return its name, for counters and logs.
     */
    public static String reasonName(final int result)
    {
        return result < 0 && -result < REASON_COUNT ? REASON_NAMES[-result] : "valid";
    }
}
