package io.xdpfeed.ingress;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reads the kernel's software receive stamp from the control messages {@code recvmsg}/{@code recvmmsg} return for a
 * socket with {@code SO_TIMESTAMPNS} set. Control messages (x86-64), each aligned to 8 bytes:
 * <pre>
 *   cmsghdr (16): cmsg_len u64 0 (header + data, unaligned) | cmsg_level i32 8 | cmsg_type i32 12 | data 16
 *   SCM_TIMESTAMPNS data (16): tv_sec i64 0 | tv_nsec i64 8      (CLOCK_REALTIME)
 * </pre>
 * A buffer that holds no such message, or a malformed one (a length shorter than its header, or running past the
 * bytes the kernel wrote), gives 0: the caller then stamps the datagram itself. No allocation, no exception.
 */
public final class ControlMessages
{
    /** {@code SOL_SOCKET}: the level of the stamp's control message. */
    public static final int SOL_SOCKET = 1;
    /** {@code SCM_TIMESTAMPNS} (the 64-bit {@code SO_TIMESTAMPNS_OLD} of x86-64). */
    public static final int SCM_TIMESTAMPNS = 35;
    /** Bytes of a {@code struct cmsghdr}. */
    public static final int HEADER_LENGTH = 16;
    /** Bytes of a {@code struct timespec}. */
    public static final int TIMESPEC_LENGTH = 16;
    /** {@code CMSG_SPACE(sizeof(struct timespec))}: what one stamp takes in a control buffer. */
    public static final int TIMESTAMP_SPACE = HEADER_LENGTH + TIMESPEC_LENGTH;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private ControlMessages()
    {
    }

    /**
     * The software receive stamp among the control messages.
     *
     * @param buffer holding the control messages.
     * @param offset of the first message in the buffer.
     * @param length bytes of control messages ({@code msg_controllen} as the kernel returned it).
     * @return the stamp in ns since the epoch (CLOCK_REALTIME), or 0 when there is none.
     */
    public static long softwareStampNs(final DirectBuffer buffer, final int offset, final int length)
    {
        int position = 0;
        while (position + HEADER_LENGTH <= length)
        {
            final long messageLength = buffer.getLong(offset + position, ByteOrder.LITTLE_ENDIAN);
            if (messageLength < HEADER_LENGTH || messageLength > length - position)
            {
                return 0;
            }
            final int level = buffer.getInt(offset + position + 8, ByteOrder.LITTLE_ENDIAN);
            final int type = buffer.getInt(offset + position + 12, ByteOrder.LITTLE_ENDIAN);
            if (SOL_SOCKET == level && SCM_TIMESTAMPNS == type && messageLength >= TIMESTAMP_SPACE)
            {
                final int data = offset + position + HEADER_LENGTH;
                final long seconds = buffer.getLong(data, ByteOrder.LITTLE_ENDIAN);
                final long nanos = buffer.getLong(data + 8, ByteOrder.LITTLE_ENDIAN);
                if (seconds <= 0 || nanos < 0 || nanos >= NANOS_PER_SECOND)
                {
                    return 0;
                }
                return seconds * NANOS_PER_SECOND + nanos;
            }
            position += (int)((messageLength + 7) & ~7L);
        }
        return 0;
    }
}
