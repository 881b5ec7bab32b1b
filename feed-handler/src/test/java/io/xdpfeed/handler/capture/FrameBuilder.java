package io.xdpfeed.handler.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds Ethernet frames of every kind the reader must deliver or skip.
 */
final class FrameBuilder
{
    static final int GROUP = 0xEF4D0001; // 239.77.0.1
    static final int PORT = 30001;

    private FrameBuilder()
    {
    }

    static byte[] udp(final byte[] payload, final int... vlanTypes)
    {
        return ipv4(17, 0, 0, udpHeaderAnd(payload), vlanTypes);
    }

    static byte[] udpWithIpOptions(final byte[] payload)
    {
        return ipv4(17, 0, 8, udpHeaderAnd(payload));
    }

    static byte[] fragment(final byte[] payload)
    {
        return ipv4(17, 0x2000, 0, udpHeaderAnd(payload));
    }

    static byte[] tcp(final byte[] payload)
    {
        final byte[] tcp = new byte[20 + payload.length];
        System.arraycopy(payload, 0, tcp, 20, payload.length);
        return ipv4(6, 0, 0, tcp);
    }

    static byte[] arp()
    {
        final ByteBuffer frame = ByteBuffer.allocate(60).order(ByteOrder.BIG_ENDIAN);
        frame.put(new byte[12]).putShort((short)0x0806);
        return frame.array();
    }

    static byte[] ipv6Udp(final byte[] payload)
    {
        final byte[] udp = udpHeaderAnd(payload);
        final ByteBuffer frame = ByteBuffer.allocate(14 + 40 + udp.length).order(ByteOrder.BIG_ENDIAN);
        frame.put(new byte[12]).putShort((short)0x86DD);
        frame.put((byte)0x60).put(new byte[3]).putShort((short)udp.length).put((byte)17).put((byte)1)
            .put(new byte[32]).put(udp);
        return frame.array();
    }

    private static byte[] udpHeaderAnd(final byte[] payload)
    {
        final ByteBuffer udp = ByteBuffer.allocate(8 + payload.length).order(ByteOrder.BIG_ENDIAN);
        udp.putShort((short)40000).putShort((short)PORT).putShort((short)(8 + payload.length)).putShort((short)0)
            .put(payload);
        return udp.array();
    }

    private static byte[] ipv4(
        final int protocol, final int flagsFragment, final int optionsLength, final byte[] body,
        final int... vlanTypes)
    {
        final int ipLength = 20 + optionsLength + body.length;
        final ByteBuffer frame = ByteBuffer.allocate(14 + 4 * vlanTypes.length + ipLength)
            .order(ByteOrder.BIG_ENDIAN);
        frame.put(new byte[]{ 1, 0, 0x5e, 0x4d, 0, 1 }).put(new byte[6]);
        for (final int vlanType : vlanTypes)
        {
            frame.putShort((short)vlanType).putShort((short)100);
        }
        frame.putShort((short)0x0800);
        frame.put((byte)(0x40 | ((20 + optionsLength) / 4))).put((byte)0).putShort((short)ipLength)
            .putShort((short)1).putShort((short)flagsFragment).put((byte)1).put((byte)protocol).putShort((short)0)
            .putInt(0x0A4D0001).putInt(GROUP).put(new byte[optionsLength]).put(body);
        return frame.array();
    }
}
