package io.xdpfeed.ingress;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Reads Ethernet II (with at most two 802.1Q/802.1ad tags), IPv4 and UDP headers in place and, for a complete
 * unfragmented UDP datagram, hands its payload to a {@link DatagramHandler}.
 * <p>
 * Layout read (all big-endian):
 * <pre>
 *   0               6              12      14
 *   +---------------+---------------+-------+
 *   |   dst MAC     |   src MAC     | type  |  type 0x8100/0x88a8: 4-byte tag, then the type again
 *   +---------------+---------------+-------+
 *   IPv4: ver/ihl@0 totalLength@2 flags/fragment@6 protocol@9 dst@16, header = ihl * 4
 *   UDP:  srcPort@0 dstPort@2 length@4 checksum@6, payload@8
 * </pre>
 * Anything else (ARP, IPv6, TCP, IGMP, PIM, fragments, runts, frames cut short by a capture's snap length, lying
 * length fields) is refused: {@link #parse} returns false and the caller counts a skipped frame. Never throws.
 */
public final class UdpFrameParser
{
    /** EtherType of IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType of an 802.1Q VLAN tag. */
    public static final int ETHERTYPE_VLAN = 0x8100;
    /** EtherType of an 802.1ad service tag. */
    public static final int ETHERTYPE_QINQ = 0x88a8;
    /** IP protocol number of UDP. */
    public static final int IPPROTO_UDP = 17;

    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int VLAN_TAG_LENGTH = 4;
    private static final int IPV4_MIN_HEADER_LENGTH = 20;
    private static final int UDP_HEADER_LENGTH = 8;

    private UdpFrameParser()
    {
    }

    /**
     * Parse one Ethernet frame and deliver its UDP payload.
     *
     * @param buffer        holding the frame.
     * @param offset        of the first byte of the Ethernet header.
     * @param length        of the frame as captured (may be less than on the wire).
     * @param receiveTimeNs passed through to the handler.
     * @param handler       called once when the frame is a whole IPv4/UDP datagram.
     * @return true when the handler was called, false when the frame was skipped.
     */
    public static boolean parse(
        final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs,
        final DatagramHandler handler)
    {
        if (length < ETHERNET_HEADER_LENGTH + IPV4_MIN_HEADER_LENGTH + UDP_HEADER_LENGTH)
        {
            return false;
        }

        final int end = offset + length;
        int etherTypeOffset = offset + 12;
        int etherType = buffer.getShort(etherTypeOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        for (int tags = 0; tags < 2 && (etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ); tags++)
        {
            etherTypeOffset += VLAN_TAG_LENGTH;
            if (etherTypeOffset + 2 > end)
            {
                return false;
            }
            etherType = buffer.getShort(etherTypeOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        if (etherType != ETHERTYPE_IPV4)
        {
            return false;
        }

        final int ipOffset = etherTypeOffset + 2;
        if (ipOffset + IPV4_MIN_HEADER_LENGTH > end)
        {
            return false;
        }
        final int versionIhl = buffer.getByte(ipOffset) & 0xFF;
        final int ipHeaderLength = (versionIhl & 0x0F) * 4;
        if ((versionIhl >>> 4) != 4 || ipHeaderLength < IPV4_MIN_HEADER_LENGTH)
        {
            return false;
        }
        final int ipTotalLength = buffer.getShort(ipOffset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int flagsFragment = buffer.getShort(ipOffset + 6, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final int protocol = buffer.getByte(ipOffset + 9) & 0xFF;
        if (protocol != IPPROTO_UDP || (flagsFragment & 0x3FFF) != 0 || ipTotalLength < ipHeaderLength +
            UDP_HEADER_LENGTH || ipOffset + ipTotalLength > end)
        {
            return false;
        }

        final int udpOffset = ipOffset + ipHeaderLength;
        final int udpLength = buffer.getShort(udpOffset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (udpLength < UDP_HEADER_LENGTH || udpLength > ipTotalLength - ipHeaderLength)
        {
            return false;
        }

        final int dstAddress = buffer.getInt(ipOffset + 16, ByteOrder.BIG_ENDIAN);
        final int dstPort = buffer.getShort(udpOffset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        handler.onDatagram(
            dstAddress, dstPort, buffer, udpOffset + UDP_HEADER_LENGTH, udpLength - UDP_HEADER_LENGTH, receiveTimeNs);

        return true;
    }
}
