package io.xdpfeed.sim.wire;

import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Writes the Ethernet II / IPv4 / UDP headers of one multicast flow (source address and port to group and port) in
 * front of a payload, as the kernel would put them on the wire, for senders that build whole frames (AF_XDP TX):
 * <pre>
 *   0              6              12     14
 *   +--------------+--------------+------+
 *   | dst MAC      | src MAC      | 0800 |   dst = 01:00:5e + low 23 bits of the group
 *   +--------------+--------------+------+
 *   14   15   16       18       20       22    23    24       26            30            34
 *   +----+----+--------+--------+--------+-----+-----+--------+-------------+-------------+
 *   | 45 | 00 | length |   id   |  DF    | ttl | 17  | cksum  |  source     |  group      |
 *   +----+----+--------+--------+--------+-----+-----+--------+-------------+-------------+
 *   34            36            38            40            42
 *   +-------------+-------------+-------------+-------------+---------
 *   | source port | group port  | UDP length  | UDP cksum   | payload
 *   +-------------+-------------+-------------+-------------+---------
 * </pre>
 * The fixed part of the headers is a 42-byte template built once; per frame only the lengths, the IPv4 id and the
 * checksums change. The IPv4 header checksum starts from the precomputed sum of the fixed words. The UDP checksum
 * (with the pseudo-header) is optional: 0 means "none" in IPv4. Nothing is allocated per frame.
 */
public final class UdpFrameEncoder
{
    /** Bytes of an Ethernet II header without VLAN tag. */
    public static final int ETHERNET_LENGTH = 14;
    /** Bytes of an IPv4 header without options. */
    public static final int IPV4_LENGTH = 20;
    /** Bytes of a UDP header. */
    public static final int UDP_LENGTH = 8;
    /** Bytes in front of the payload. */
    public static final int HEADER_LENGTH = ETHERNET_LENGTH + IPV4_LENGTH + UDP_LENGTH;
    /** First UDP source port of a simulated channel's frames; line {@code l} uses this plus {@code l.ordinal()}. */
    public static final int SOURCE_PORT_BASE = 50_000;

    private static final int IP = ETHERNET_LENGTH;
    private static final int UDP = ETHERNET_LENGTH + IPV4_LENGTH;
    private static final int PROTOCOL_UDP = 17;

    private final UnsafeBuffer template = new UnsafeBuffer(new byte[HEADER_LENGTH]);
    private final long ipFixedSum;
    private final long pseudoHeaderSum;
    private final boolean udpChecksum;
    private int ipId;

    /**
     * The headers of one flow.
     *
     * @param sourceMac     6 bytes, the sending interface's address.
     * @param sourceAddress IPv4 source address.
     * @param sourcePort    UDP source port.
     * @param groupAddress  IPv4 multicast group (224.0.0.0/4).
     * @param port          UDP destination port.
     * @param ttl           IPv4 TTL.
     * @param udpChecksum   compute the UDP checksum, else write 0 (no checksum).
     */
    public UdpFrameEncoder(
        final byte[] sourceMac,
        final int sourceAddress,
        final int sourcePort,
        final int groupAddress,
        final int port,
        final int ttl,
        final boolean udpChecksum)
    {
        if (sourceMac.length != 6)
        {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + sourceMac.length);
        }
        if ((groupAddress >>> 28) != 0xE)
        {
            throw new IllegalArgumentException(ChannelConfig.formatAddress(groupAddress) + " is not a multicast group");
        }
        this.udpChecksum = udpChecksum;
        multicastMac(groupAddress, template, 0);
        template.putBytes(6, sourceMac);
        template.putShort(12, (short)0x0800, ByteOrder.BIG_ENDIAN);

        template.putByte(IP, (byte)0x45);
        template.putByte(IP + 1, (byte)0);
        template.putShort(IP + 2, (short)0, ByteOrder.BIG_ENDIAN);
        template.putShort(IP + 4, (short)0, ByteOrder.BIG_ENDIAN);
        template.putShort(IP + 6, (short)0x4000, ByteOrder.BIG_ENDIAN);
        template.putByte(IP + 8, (byte)ttl);
        template.putByte(IP + 9, (byte)PROTOCOL_UDP);
        template.putShort(IP + 10, (short)0, ByteOrder.BIG_ENDIAN);
        template.putInt(IP + 12, sourceAddress, ByteOrder.BIG_ENDIAN);
        template.putInt(IP + 16, groupAddress, ByteOrder.BIG_ENDIAN);
        long sum = 0;
        for (int i = 0; i < IPV4_LENGTH; i += 2)
        {
            sum += template.getShort(IP + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        ipFixedSum = sum;

        template.putShort(UDP, (short)sourcePort, ByteOrder.BIG_ENDIAN);
        template.putShort(UDP + 2, (short)port, ByteOrder.BIG_ENDIAN);
        template.putShort(UDP + 4, (short)0, ByteOrder.BIG_ENDIAN);
        template.putShort(UDP + 6, (short)0, ByteOrder.BIG_ENDIAN);
        pseudoHeaderSum = ((sourceAddress >>> 16) & 0xFFFF) + (sourceAddress & 0xFFFF) +
            ((groupAddress >>> 16) & 0xFFFF) + (groupAddress & 0xFFFF) + PROTOCOL_UDP + (sourcePort & 0xFFFF) +
            (port & 0xFFFF);
    }

    /**
     * The flows of a simulated channel, one per line: from the channel's source address and port
     * {@link #SOURCE_PORT_BASE} + the line's ordinal to the line's group and port, with UDP checksums.
     *
     * @param channel   addresses of the lines and the source address.
     * @param sourceMac 6 bytes, the sending interface's address (or {@link #localMac(int)}).
     * @param ttl       IPv4 TTL.
     * @return the encoders, indexed by {@link SimLine#ordinal()}.
     */
    public static UdpFrameEncoder[] forLines(final ChannelConfig channel, final byte[] sourceMac, final int ttl)
    {
        final UdpFrameEncoder[] encoders = new UdpFrameEncoder[SimLine.values().length];
        for (final SimLine line : SimLine.values())
        {
            encoders[line.ordinal()] = new UdpFrameEncoder(sourceMac, channel.sourceAddress(),
                SOURCE_PORT_BASE + line.ordinal(), channel.groupAddress(line), channel.port(line), ttl, true);
        }
        return encoders;
    }

    /**
     * A locally administered MAC address made of an IPv4 address, {@code 02:00} then its four bytes: the source of
     * frames that no interface's hardware address names (a capture, an interface without one).
     *
     * @param address IPv4 address.
     * @return 6 bytes.
     */
    public static byte[] localMac(final int address)
    {
        return new byte[]{0x02, 0x00, (byte)(address >>> 24), (byte)(address >>> 16), (byte)(address >>> 8),
            (byte)address};
    }

    /**
     * Copy a payload into a frame and write the headers in front of it.
     *
     * @param frame         buffer of the frame, e.g. a UMEM.
     * @param frameOffset   where the Ethernet header starts.
     * @param payload       the UDP payload.
     * @param payloadOffset of the payload.
     * @param payloadLength of the payload.
     * @return the frame length, {@link #HEADER_LENGTH} + payloadLength.
     */
    public int encode(
        final MutableDirectBuffer frame,
        final int frameOffset,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        frame.putBytes(frameOffset + HEADER_LENGTH, payload, payloadOffset, payloadLength);
        return encodeHeaders(frame, frameOffset, payloadLength);
    }

    /**
     * Write the headers in front of a payload already at {@code frameOffset + HEADER_LENGTH}.
     *
     * @param frame         buffer of the frame.
     * @param frameOffset   where the Ethernet header starts.
     * @param payloadLength of the payload.
     * @return the frame length, {@link #HEADER_LENGTH} + payloadLength.
     */
    public int encodeHeaders(final MutableDirectBuffer frame, final int frameOffset, final int payloadLength)
    {
        return encodeHeaders(frame, frameOffset, payloadLength, ipId++);
    }

    /**
     * {@link #encodeHeaders(MutableDirectBuffer, int, int)} with the IPv4 id given, for a writer whose flows share
     * one id counter (a capture of every line); this encoder's own counter is left as it is.
     *
     * @param frame         buffer of the frame.
     * @param frameOffset   where the Ethernet header starts.
     * @param payloadLength of the payload.
     * @param ipId          the IPv4 id (its low 16 bits).
     * @return the frame length, {@link #HEADER_LENGTH} + payloadLength.
     */
    public int encodeHeaders(
        final MutableDirectBuffer frame, final int frameOffset, final int payloadLength, final int ipId)
    {
        frame.putBytes(frameOffset, template, 0, HEADER_LENGTH);
        final int ipLength = IPV4_LENGTH + UDP_LENGTH + payloadLength;
        final int id = ipId & 0xFFFF;
        frame.putShort(frameOffset + IP + 2, (short)ipLength, ByteOrder.BIG_ENDIAN);
        frame.putShort(frameOffset + IP + 4, (short)id, ByteOrder.BIG_ENDIAN);
        frame.putShort(frameOffset + IP + 10, (short)fold(ipFixedSum + ipLength + id), ByteOrder.BIG_ENDIAN);

        final int udpLength = UDP_LENGTH + payloadLength;
        frame.putShort(frameOffset + UDP + 4, (short)udpLength, ByteOrder.BIG_ENDIAN);
        if (udpChecksum)
        {
            // pseudo-header (addresses, protocol, UDP length) + header (ports, length, checksum 0) + payload
            int sum = fold(checksumSum(frame, frameOffset + HEADER_LENGTH, payloadLength,
                pseudoHeaderSum + udpLength + udpLength));
            if (0 == sum)
            {
                sum = 0xFFFF;
            }
            frame.putShort(frameOffset + UDP + 6, (short)sum, ByteOrder.BIG_ENDIAN);
        }

        return HEADER_LENGTH + payloadLength;
    }

    /**
     * The IPv4 id the next frame gets.
     *
     * @return 0..65535.
     */
    public int nextIpId()
    {
        return ipId & 0xFFFF;
    }

    /**
     * The Ethernet multicast address of an IPv4 group: {@code 01:00:5e} then the low 23 bits of the group (RFC 1112).
     *
     * @param groupAddress IPv4 group.
     * @param buffer       to write the 6 bytes into.
     * @param offset       of the first byte.
     */
    public static void multicastMac(final int groupAddress, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putByte(offset, (byte)0x01);
        buffer.putByte(offset + 1, (byte)0x00);
        buffer.putByte(offset + 2, (byte)0x5e);
        buffer.putByte(offset + 3, (byte)((groupAddress >>> 16) & 0x7F));
        buffer.putByte(offset + 4, (byte)(groupAddress >>> 8));
        buffer.putByte(offset + 5, (byte)groupAddress);
    }

    /**
     * The Internet checksum (RFC 1071) of a byte range: the one's complement of the one's-complement sum of its
     * big-endian 16-bit words, an odd last byte padded with zero.
     *
     * @param buffer  holding the range.
     * @param offset  of the range.
     * @param length  of the range.
     * @param initial sum to start from (e.g. a pseudo-header), not yet folded.
     * @return the checksum, 0..0xFFFF; a range that already holds its correct checksum gives 0.
     */
    public static int checksum(final DirectBuffer buffer, final int offset, final int length, final long initial)
    {
        return fold(checksumSum(buffer, offset, length, initial));
    }

    private static long checksumSum(final DirectBuffer buffer, final int offset, final int length, final long initial)
    {
        long sum = initial;
        int i = 0;
        for (; i + 3 < length; i += 4)
        {
            // two 16-bit words at once: the one's-complement sum is the same after folding
            sum += buffer.getInt(offset + i, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
        }
        if (i + 1 < length)
        {
            sum += buffer.getShort(offset + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            i += 2;
        }
        if (i < length)
        {
            sum += (buffer.getByte(offset + i) & 0xFF) << 8;
        }
        return sum;
    }

    private static int fold(final long sum)
    {
        long folded = sum;
        while ((folded >>> 16) != 0)
        {
            folded = (folded & 0xFFFF) + (folded >>> 16);
        }
        return (int)(~folded & 0xFFFF);
    }
}
