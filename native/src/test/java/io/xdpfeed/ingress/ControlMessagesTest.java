package io.xdpfeed.ingress;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteOrder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ControlMessages} over control buffers built byte by byte as the kernel lays them out (x86-64).
 */
@Timeout(10)
class ControlMessagesTest
{
    private static final long SECONDS = 1_796_000_000L;
    private static final long NANOS = 123_456_789L;
    private static final long STAMP = SECONDS * 1_000_000_000L + NANOS;
    private static final int IPPROTO_IP = 0;
    private static final int IP_PKTINFO = 8;
    private static final int SO_TIMESTAMP = 29;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);

    /**
     * Write one control message and return the offset of the next (CMSG_ALIGN of its length).
     */
    private int message(final int offset, final long length, final int level, final int type, final long... data)
    {
        buffer.putLong(offset, length, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + 8, level, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(offset + 12, type, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; i++)
        {
            buffer.putLong(offset + 16 + i * 8, data[i], ByteOrder.LITTLE_ENDIAN);
        }
        return offset + (int)((length + 7) & ~7L);
    }

    @Test
    void theStampAloneIsRead()
    {
        final int end = message(0, 32, ControlMessages.SOL_SOCKET, ControlMessages.SCM_TIMESTAMPNS, SECONDS, NANOS);

        assertEquals(32, end);
        assertEquals(STAMP, ControlMessages.softwareStampNs(buffer, 0, end));
    }

    @Test
    void theStampAfterAnotherMessageWithAnUnalignedLengthIsRead()
    {
        // IP_PKTINFO: 16 + 12 bytes of struct in_pktinfo, padded to 32 in the buffer
        final int second = message(8, 28, IPPROTO_IP, IP_PKTINFO, 0x0000000200000003L, 0x01001CE0L);
        final int end = message(second, 32, ControlMessages.SOL_SOCKET, ControlMessages.SCM_TIMESTAMPNS,
            SECONDS, NANOS);

        assertEquals(List.of(40, 72), List.of(second, end));
        assertEquals(STAMP, ControlMessages.softwareStampNs(buffer, 8, end - 8));
    }

    @Test
    void otherMessagesOnlyGiveNoStamp()
    {
        final int second = message(0, 28, IPPROTO_IP, IP_PKTINFO, 1, 2);
        final int end = message(second, 32, ControlMessages.SOL_SOCKET, SO_TIMESTAMP, SECONDS, NANOS / 1000);

        assertEquals(0, ControlMessages.softwareStampNs(buffer, 0, end));
    }

    @Test
    void emptyOrTruncatedBuffersGiveNoStamp()
    {
        final int end = message(0, 32, ControlMessages.SOL_SOCKET, ControlMessages.SCM_TIMESTAMPNS, SECONDS, NANOS);

        assertEquals(List.of(0L, 0L, 0L), List.of(
            ControlMessages.softwareStampNs(buffer, 0, 0),
            ControlMessages.softwareStampNs(buffer, 0, ControlMessages.HEADER_LENGTH - 1),
            ControlMessages.softwareStampNs(buffer, 0, end - 1)));
    }

    @Test
    void lyingLengthsGiveNoStampWithoutLooping()
    {
        message(0, 0, ControlMessages.SOL_SOCKET, SO_TIMESTAMP);
        final long zeroLength = ControlMessages.softwareStampNs(buffer, 0, 64);
        message(0, 8, ControlMessages.SOL_SOCKET, SO_TIMESTAMP);
        final long shorterThanHeader = ControlMessages.softwareStampNs(buffer, 0, 64);
        message(0, Long.MAX_VALUE, ControlMessages.SOL_SOCKET, ControlMessages.SCM_TIMESTAMPNS, SECONDS, NANOS);
        final long pastTheEnd = ControlMessages.softwareStampNs(buffer, 0, 64);
        message(0, 24, ControlMessages.SOL_SOCKET, ControlMessages.SCM_TIMESTAMPNS, SECONDS, NANOS);
        final long tooShortForATimespec = ControlMessages.softwareStampNs(buffer, 0, 64);

        assertEquals(List.of(0L, 0L, 0L, 0L), List.of(zeroLength, shorterThanHeader, pastTheEnd, tooShortForATimespec));
    }

    @Test
    void anImpossibleTimespecGivesNoStamp()
    {
        message(0, 32, ControlMessages.SOL_SOCKET, ControlMessages.SCM_TIMESTAMPNS, SECONDS, 1_000_000_000L);
        final long nanosOutOfRange = ControlMessages.softwareStampNs(buffer, 0, 32);
        message(0, 32, ControlMessages.SOL_SOCKET, ControlMessages.SCM_TIMESTAMPNS, 0, 0);
        final long zero = ControlMessages.softwareStampNs(buffer, 0, 32);

        assertEquals(List.of(0L, 0L), List.of(nanosOutOfRange, zero));
    }
}
