package io.xdpfeed.ingress;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

/**
 * Reads the link header (Ethernet II with at most two 802.1Q/802.1ad tags; in captures also Linux cooked SLL and
 * SLL2, or none for raw IPv4), then the IPv4 and UDP headers in place and, for a complete unfragmented UDP datagram
 * whose checksum holds, hands its payload to a {@link DatagramHandler}.
 * <p>
 * Layout read (all big-endian):
 * <pre>
 *   Ethernet: dst MAC@0 src MAC@6 type@12                   type 0x8100/0x88a8: 4-byte tag, then the type again
 *   SLL:      packet type@0 ARPHRD@2 addr length@4 addr@6 protocol@14, 16 bytes (protocol is an EtherType)
 *   SLL2:     protocol@0 reserved@2 ifindex@4 ARPHRD@8 packet type@10 addr length@11 addr@12, 20 bytes
 *   raw:      the IPv4 header at 0
 *   IPv4:     ver/ihl@0 totalLength@2 flags/fragment@6 protocol@9 src@12 dst@16, header = ihl * 4
 *   UDP:      srcPort@0 dstPort@2 length@4 checksum@6, payload@8
 * </pre>
 * Anything else (ARP, IPv6, TCP, IGMP, PIM, fragments, runts, frames cut short by a capture's snap length, lying
 * length fields) is refused with {@link #SKIPPED} and the caller counts a skipped frame. Never throws.
 * <p>
 * UDP checksum: the kernel's socket path drops a datagram whose checksum fails, so a source that parses frames itself
 * must too, or a copy damaged on line A would win arbitration and line B's good copy would be dropped as its
 * duplicate. With {@code verifyChecksum} a non-zero checksum is checked (0 means "none", allowed over IPv4) and a
 * failing datagram is refused with {@link #BAD_CHECKSUM}, for the caller to count apart from skipped frames. The sum
 * reads 16 bytes a round into two accumulators, each long as its two 32-bit halves (no carry to track below 2^32
 * additions), folded once at the end: see docs/udp-checksum.md for its cost.
 * <p>
 * Bounds: the frame's range is checked against the buffer's capacity once per call; every read after that lies
 * inside the frame by the length checks above (each header is checked to fit before it is read), so the bytes are
 * read directly ({@link UnsafeApi} on the buffer's array or address, as {@code UnsafeBuffer} reads them) without
 * the per-read bounds check of the buffer's accessors.
 */
public final class UdpFrameParser
{
    /** The datagram was handed to the handler. */
    public static final int DELIVERED = 0;
    /** Not a whole IPv4/UDP datagram: not delivered. */
    public static final int SKIPPED = 1;
    /** A whole IPv4/UDP datagram whose UDP checksum failed: not delivered. */
    public static final int BAD_CHECKSUM = 2;

    /** EtherType of IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType of an 802.1Q VLAN tag. */
    public static final int ETHERTYPE_VLAN = 0x8100;
    /** EtherType of an 802.1ad service tag. */
    public static final int ETHERTYPE_QINQ = 0x88a8;
    /** IP protocol number of UDP. */
    public static final int IPPROTO_UDP = 17;

    /** Bytes of an Ethernet II header without tags. */
    public static final int ETHERNET_HEADER_LENGTH = 14;
    /** Bytes of a Linux cooked (SLL) header. */
    public static final int SLL_HEADER_LENGTH = 16;
    /** Bytes of a Linux cooked v2 (SLL2) header. */
    public static final int SLL2_HEADER_LENGTH = 20;

    private static final int VLAN_TAG_LENGTH = 4;
    private static final int IPV4_MIN_HEADER_LENGTH = 20;
    private static final int UDP_HEADER_LENGTH = 8;
    /** The pseudo-header's zero and protocol bytes as a little-endian 16-bit word: 0x00 0x11. */
    private static final long PSEUDO_PROTOCOL_LE = IPPROTO_UDP << 8;

    private static final boolean NATIVE_BIG_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private UdpFrameParser()
    {
    }

    private static boolean inBuffer(final DirectBuffer buffer, final int offset, final int length)
    {
        return offset >= 0 && length >= 0 && (long)offset + length <= buffer.capacity();
    }

    private static int u8(final Object base, final long address)
    {
        return UnsafeApi.getByte(base, address) & 0xFF;
    }

    private static int u16BigEndian(final Object base, final long address)
    {
        final short value = UnsafeApi.getShort(base, address);
        return (NATIVE_BIG_ENDIAN ? value : Short.reverseBytes(value)) & 0xFFFF;
    }

    private static int s32BigEndian(final Object base, final long address)
    {
        final int value = UnsafeApi.getInt(base, address);
        return NATIVE_BIG_ENDIAN ? value : Integer.reverseBytes(value);
    }

    private static int u16LittleEndian(final Object base, final long address)
    {
        final short value = UnsafeApi.getShort(base, address);
        return (NATIVE_BIG_ENDIAN ? Short.reverseBytes(value) : value) & 0xFFFF;
    }

    private static long u32LittleEndian(final Object base, final long address)
    {
        final int value = UnsafeApi.getInt(base, address);
        return (NATIVE_BIG_ENDIAN ? Integer.reverseBytes(value) : value) & 0xFFFF_FFFFL;
    }

    private static long s64LittleEndian(final Object base, final long address)
    {
        final long value = UnsafeApi.getLong(base, address);
        return NATIVE_BIG_ENDIAN ? Long.reverseBytes(value) : value;
    }

    /**
     * Parse one Ethernet frame and deliver its UDP payload, verifying the UDP checksum.
     *
     * @param buffer        holding the frame.
     * @param offset        of the first byte of the Ethernet header.
     * @param length        of the frame as captured (may be less than on the wire).
     * @param receiveTimeNs passed through to the handler.
     * @param handler       called once when the frame is a whole IPv4/UDP datagram.
     * @return true when the handler was called, false when the frame was skipped or its checksum failed.
     */
    public static boolean parse(
        final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs,
        final DatagramHandler handler)
    {
        return DELIVERED == parseEthernet(buffer, offset, length, receiveTimeNs, handler, true);
    }

    /**
     * Parse one Ethernet frame and deliver its UDP payload.
     *
     * @param buffer         holding the frame.
     * @param offset         of the first byte of the Ethernet header.
     * @param length         of the frame as captured (may be less than on the wire).
     * @param receiveTimeNs  passed through to the handler.
     * @param handler        called once when the frame is a whole IPv4/UDP datagram.
     * @param verifyChecksum check a non-zero UDP checksum.
     * @return {@link #DELIVERED}, {@link #SKIPPED} or {@link #BAD_CHECKSUM}.
     */
    public static int parseEthernet(
        final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs,
        final DatagramHandler handler, final boolean verifyChecksum)
    {
        if (length < ETHERNET_HEADER_LENGTH + IPV4_MIN_HEADER_LENGTH + UDP_HEADER_LENGTH ||
            !inBuffer(buffer, offset, length))
        {
            return SKIPPED;
        }
        // an off-heap buffer (AF_XDP's UMEM) or a heap one: the same parse with a base known to be null or not
        final Object base = buffer.byteArray();
        return null == base ?
            parseEthernet(buffer, null, offset, length, receiveTimeNs, handler, verifyChecksum) :
            parseEthernet(buffer, base, offset, length, receiveTimeNs, handler, verifyChecksum);
    }

    private static int parseEthernet(
        final DirectBuffer buffer, final Object base, final int offset, final int length, final long receiveTimeNs,
        final DatagramHandler handler, final boolean verifyChecksum)
    {
        final int end = offset + length;
        final int etherTypeOffset = offset + ETHERNET_HEADER_LENGTH - 2;
        final int etherType = u16BigEndian(base, buffer.addressOffset() + etherTypeOffset);
        if (etherType == ETHERTYPE_IPV4)
        {
            // untagged, the common case: straight to the IPv4 header
            return parseIpv4(
                buffer, base, offset + ETHERNET_HEADER_LENGTH, end, receiveTimeNs, handler, verifyChecksum);
        }
        return parseFromEtherType(buffer, etherTypeOffset, end, receiveTimeNs, handler, verifyChecksum, etherType);
    }

    /**
     * Parse one frame with a Linux cooked header ({@code LINKTYPE_LINUX_SLL}, what {@code tcpdump -i any} writes).
     *
     * @param buffer         holding the frame.
     * @param offset         of the first byte of the SLL header.
     * @param length         of the frame as captured.
     * @param receiveTimeNs  passed through to the handler.
     * @param handler        called once when the frame is a whole IPv4/UDP datagram.
     * @param verifyChecksum check a non-zero UDP checksum.
     * @return {@link #DELIVERED}, {@link #SKIPPED} or {@link #BAD_CHECKSUM}.
     */
    public static int parseLinuxCooked(
        final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs,
        final DatagramHandler handler, final boolean verifyChecksum)
    {
        if (length < SLL_HEADER_LENGTH + IPV4_MIN_HEADER_LENGTH + UDP_HEADER_LENGTH ||
            !inBuffer(buffer, offset, length))
        {
            return SKIPPED;
        }
        return parseFromEtherType(
            buffer, offset + SLL_HEADER_LENGTH - 2, offset + length, receiveTimeNs, handler, verifyChecksum);
    }

    /**
     * Parse one frame with a Linux cooked v2 header ({@code LINKTYPE_LINUX_SLL2}, what {@code dumpcap -i any}
     * writes). The protocol is the first field, so the tags (if any) and IPv4 follow the 20-byte header.
     *
     * @param buffer         holding the frame.
     * @param offset         of the first byte of the SLL2 header.
     * @param length         of the frame as captured.
     * @param receiveTimeNs  passed through to the handler.
     * @param handler        called once when the frame is a whole IPv4/UDP datagram.
     * @param verifyChecksum check a non-zero UDP checksum.
     * @return {@link #DELIVERED}, {@link #SKIPPED} or {@link #BAD_CHECKSUM}.
     */
    public static int parseLinuxCooked2(
        final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs,
        final DatagramHandler handler, final boolean verifyChecksum)
    {
        if (length < SLL2_HEADER_LENGTH + IPV4_MIN_HEADER_LENGTH + UDP_HEADER_LENGTH ||
            !inBuffer(buffer, offset, length))
        {
            return SKIPPED;
        }
        final int end = offset + length;
        final int protocol = u16BigEndian(buffer.byteArray(), buffer.addressOffset() + offset);
        if (protocol == ETHERTYPE_IPV4)
        {
            return parseIpv4(buffer, offset + SLL2_HEADER_LENGTH, end, receiveTimeNs, handler, verifyChecksum);
        }
        if (protocol != ETHERTYPE_VLAN && protocol != ETHERTYPE_QINQ)
        {
            return SKIPPED;
        }
        // the tag's TCI comes first after the header, then the inner type: as in Ethernet with the type 2 bytes on
        return parseFromEtherType(
            buffer, offset + SLL2_HEADER_LENGTH - 2, end, receiveTimeNs, handler, verifyChecksum, protocol);
    }

    /**
     * Parse one raw IP packet ({@code LINKTYPE_RAW} or {@code LINKTYPE_IPV4}): no link header.
     *
     * @param buffer         holding the packet.
     * @param offset         of the first byte of the IP header.
     * @param length         of the packet as captured.
     * @param receiveTimeNs  passed through to the handler.
     * @param handler        called once when the packet is a whole IPv4/UDP datagram.
     * @param verifyChecksum check a non-zero UDP checksum.
     * @return {@link #DELIVERED}, {@link #SKIPPED} (IPv6 too) or {@link #BAD_CHECKSUM}.
     */
    public static int parseRawIp(
        final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs,
        final DatagramHandler handler, final boolean verifyChecksum)
    {
        if (length < IPV4_MIN_HEADER_LENGTH + UDP_HEADER_LENGTH || !inBuffer(buffer, offset, length))
        {
            return SKIPPED;
        }
        return parseIpv4(buffer, offset, offset + length, receiveTimeNs, handler, verifyChecksum);
    }

    private static int parseFromEtherType(
        final DirectBuffer buffer, final int etherTypeOffset, final int end, final long receiveTimeNs,
        final DatagramHandler handler, final boolean verifyChecksum)
    {
        return parseFromEtherType(buffer, etherTypeOffset, end, receiveTimeNs, handler, verifyChecksum,
            u16BigEndian(buffer.byteArray(), buffer.addressOffset() + etherTypeOffset));
    }

    private static int parseFromEtherType(
        final DirectBuffer buffer, final int firstEtherTypeOffset, final int end, final long receiveTimeNs,
        final DatagramHandler handler, final boolean verifyChecksum, final int firstEtherType)
    {
        int etherTypeOffset = firstEtherTypeOffset;
        int etherType = firstEtherType;
        for (int tags = 0; tags < 2 && (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ); tags++)
        {
            etherTypeOffset += VLAN_TAG_LENGTH;
            if (etherTypeOffset + 2 > end)
            {
                return SKIPPED;
            }
            etherType = u16BigEndian(buffer.byteArray(), buffer.addressOffset() + etherTypeOffset);
        }
        if (etherType != ETHERTYPE_IPV4)
        {
            return SKIPPED;
        }
        return parseIpv4(buffer, etherTypeOffset + 2, end, receiveTimeNs, handler, verifyChecksum);
    }

    private static int parseIpv4(
        final DirectBuffer buffer, final int ipOffset, final int end, final long receiveTimeNs,
        final DatagramHandler handler, final boolean verifyChecksum)
    {
        return parseIpv4(buffer, buffer.byteArray(), ipOffset, end, receiveTimeNs, handler, verifyChecksum);
    }

    private static int parseIpv4(
        final DirectBuffer buffer, final Object base, final int ipOffset, final int end, final long receiveTimeNs,
        final DatagramHandler handler, final boolean verifyChecksum)
    {
        if (ipOffset + IPV4_MIN_HEADER_LENGTH > end)
        {
            return SKIPPED;
        }
        final long ip = buffer.addressOffset() + ipOffset;
        // the fields checked come in three 32-bit words (fewer loads and byte swaps than a read per field):
        // version/IHL, TOS, total length | identification, flags/fragment offset | TTL, protocol, header checksum
        final int lengthWord = s32BigEndian(base, ip);
        final int fragmentWord = s32BigEndian(base, ip + 4);
        final int protocolWord = s32BigEndian(base, ip + 8);
        // a whole datagram (no fragment offset, no more fragments) of UDP: one test for both
        if (((fragmentWord & 0x3FFF) | (((protocolWord >>> 16) & 0xFF) ^ IPPROTO_UDP)) != 0)
        {
            return SKIPPED;
        }
        if ((lengthWord >>> 24) == 0x45)
        {
            // version 4 without options, the common case: the header's length is a constant, so the UDP header's
            // place is too, and the loads after it need not wait for the IPv4 header's
            return parseUdp(buffer, base, ip, ipOffset, IPV4_MIN_HEADER_LENGTH, lengthWord & 0xFFFF, end,
                receiveTimeNs, handler, verifyChecksum);
        }
        final int ipHeaderLength = (lengthWord >>> 22) & 0x3C;
        if ((lengthWord >>> 28) != 4 || ipHeaderLength < IPV4_MIN_HEADER_LENGTH)
        {
            return SKIPPED;
        }
        return parseUdp(buffer, base, ip, ipOffset, ipHeaderLength, lengthWord & 0xFFFF, end, receiveTimeNs, handler,
            verifyChecksum);
    }

    private static int parseUdp(
        final DirectBuffer buffer, final Object base, final long ip, final int ipOffset, final int ipHeaderLength,
        final int ipTotalLength, final int end, final long receiveTimeNs, final DatagramHandler handler,
        final boolean verifyChecksum)
    {
        if (ipTotalLength < ipHeaderLength + UDP_HEADER_LENGTH || ipOffset + ipTotalLength > end)
        {
            return SKIPPED;
        }
        final long udp = ip + ipHeaderLength;
        // length | checksum
        final int lengthChecksum = s32BigEndian(base, udp + 4);
        final int udpLength = lengthChecksum >>> 16;
        if (udpLength < UDP_HEADER_LENGTH || udpLength > ipTotalLength - ipHeaderLength)
        {
            return SKIPPED;
        }
        if (verifyChecksum && (lengthChecksum & 0xFFFF) != 0 && !checksumHolds(base, ip, udp, udpLength))
        {
            return BAD_CHECKSUM;
        }
        handler.onDatagram(s32BigEndian(base, ip + 16), u16BigEndian(base, udp + 2), buffer,
            ipOffset + ipHeaderLength + UDP_HEADER_LENGTH, udpLength - UDP_HEADER_LENGTH, receiveTimeNs);

        return DELIVERED;
    }

    /**
     * Verify a UDP datagram's checksum (RFC 768, RFC 1071): the one's-complement sum of the IPv4 pseudo-header
     * (source, destination, 0, 17, UDP length), the UDP header with its checksum, and the payload (an odd last byte
     * padded with zero) is 0xFFFF when the checksum holds.
     * <p>
     * The sum is taken over little-endian words: the one's-complement sum is byte-order independent up to a swap of
     * its two bytes, and 0xFFFF is its own swap. 2^16 = 1 modulo 0xFFFF, so adding 32-bit halves and folding at the
     * end gives the same result as adding 16-bit words.
     *
     * @param buffer    holding the datagram.
     * @param ipOffset  of the IPv4 header (for the addresses).
     * @param udpOffset of the UDP header.
     * @param udpLength from the UDP header.
     * @return true when the checksum holds (a zero checksum field is not special here: the caller skips it); false
     *     when the IPv4 header or the datagram does not lie within the buffer.
     */
    public static boolean checksumHolds(
        final DirectBuffer buffer, final int ipOffset, final int udpOffset, final int udpLength)
    {
        if (!inBuffer(buffer, ipOffset, IPV4_MIN_HEADER_LENGTH) || !inBuffer(buffer, udpOffset, udpLength))
        {
            return false;
        }
        final long addressOffset = buffer.addressOffset();
        return checksumHolds(buffer.byteArray(), addressOffset + ipOffset, addressOffset + udpOffset, udpLength);
    }

    private static boolean checksumHolds(final Object base, final long ip, final long udp, final int udpLength)
    {
        long sum = u32LittleEndian(base, ip + 12) + u32LittleEndian(base, ip + 16) +
            PSEUDO_PROTOCOL_LE + (((udpLength & 0xFF) << 8) | (udpLength >>> 8));

        long index = udp;
        final long end = udp + udpLength;
        // two independent accumulators, 16 bytes a round: the adds of one long do not wait for the other's
        long other = 0;
        for (final long pairsEnd = end - 15; index < pairsEnd; index += 16)
        {
            final long first = s64LittleEndian(base, index);
            final long second = s64LittleEndian(base, index + 8);
            sum += (first >>> 32) + (first & 0xFFFF_FFFFL);
            other += (second >>> 32) + (second & 0xFFFF_FFFFL);
        }
        sum += other;
        if (end - index >= 8)
        {
            final long value = s64LittleEndian(base, index);
            sum += (value >>> 32) + (value & 0xFFFF_FFFFL);
            index += 8;
        }
        if (end - index >= 4)
        {
            sum += u32LittleEndian(base, index);
            index += 4;
        }
        if (end - index >= 2)
        {
            sum += u16LittleEndian(base, index);
            index += 2;
        }
        if (end > index)
        {
            sum += u8(base, index);
        }

        sum = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        sum = (sum & 0xFFFF_FFFFL) + (sum >>> 32);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        return sum == 0xFFFF;
    }
}
