package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MoldUDP64 framing: what is valid, and one datagram for each reason a datagram is refused.
 */
@Timeout(30)
class MoldUdp64FramingTest
{
    private final MoldUdp64Framing framing = new MoldUdp64Framing();
    private final ItchPacketWriter writer = new ItchPacketWriter();

    @Test
    void validPacketsGiveTheirMessageCount()
    {
        writer.begin("S", 5).addOrder(1, 1, 1, true, 1, "X", 1, null).delete(1, 2, 1).systemEvent(3, 'C');
        assertEquals(3, validate(writer.length()));
        assertEquals(5, framing.sequenceNumber(writer.buffer(), 0));
        writer.begin("S", 9);
        assertEquals(0, validate(writer.length()), "heartbeat");
        writer.begin("S", 9).endOfSession();
        assertEquals(MoldUdp64Framing.END_OF_SESSION, validate(writer.length()));
    }

    @Test
    void everyReason()
    {
        assertEquals(MoldUdp64Framing.TOO_SHORT, validate(19));
        writer.begin("S", 9);
        assertEquals(MoldUdp64Framing.TRAILING_BYTES, validate(21), "a heartbeat with a tail");

        writer.begin("S", 1).delete(1, 2, 1);
        assertEquals(MoldUdp64Framing.BLOCK_OUTSIDE_DATAGRAM, validate(writer.length() - 1));
        assertEquals(MoldUdp64Framing.TRAILING_BYTES, validate(writer.length() + 1));
        writer.buffer().putShort(18, (short)2, ByteOrder.BIG_ENDIAN);
        assertEquals(MoldUdp64Framing.BLOCK_OUTSIDE_DATAGRAM, validate(writer.length() + 1), "count says 2");

        writer.begin("S", 1).delete(1, 2, 1);
        writer.buffer().putShort(20, (short)0, ByteOrder.BIG_ENDIAN);
        assertEquals(MoldUdp64Framing.EMPTY_MESSAGE, validate(22));

        writer.begin("S", 1).delete(1, 2, 1);
        writer.buffer().putShort(20, (short)18, ByteOrder.BIG_ENDIAN); // a D is 19 bytes
        assertEquals(MoldUdp64Framing.MESSAGE_TOO_SHORT, validate(22 + 18));

        // a type ITCH 5.0 does not define: at least the 11 bytes every message starts with, any length beyond
        assertEquals(MoldUdp64Framing.MESSAGE_TOO_SHORT, framing.validate(unknownType(3), 0, 22 + 3));
        assertEquals(MoldUdp64Framing.MESSAGE_TOO_SHORT, framing.validate(unknownType(10), 0, 22 + 10));
        assertEquals(1, framing.validate(unknownType(11), 0, 22 + 11));
        assertEquals(1, framing.validate(unknownType(40), 0, 22 + 40));
        assertEquals("message too short", MoldUdp64Framing.reasonName(MoldUdp64Framing.MESSAGE_TOO_SHORT));
    }

    /**
     * @return a datagram of one message of type 'z' (not in ITCH 5.0) and {@code length} bytes, as long as the
     * datagram, so that a read past it throws.
     */
    static UnsafeBuffer unknownType(final int length)
    {
        final UnsafeBuffer datagram = new UnsafeBuffer(new byte[MoldUdp64Framing.HEADER_LENGTH +
            MoldUdp64Framing.BLOCK_HEADER_LENGTH + length]);
        datagram.putStringWithoutLengthAscii(0, "SESSION001");
        datagram.putLong(10, 1, ByteOrder.BIG_ENDIAN);
        datagram.putShort(18, (short)1, ByteOrder.BIG_ENDIAN);
        datagram.putShort(20, (short)length, ByteOrder.BIG_ENDIAN);
        datagram.putByte(22, (byte)'z');
        return datagram;
    }

    private int validate(final int length)
    {
        return framing.validate(writer.buffer(), 0, length);
    }
}
