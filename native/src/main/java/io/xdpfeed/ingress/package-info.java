/**
 * Packet ingress contract: a {@link io.xdpfeed.ingress.PacketSource} delivers IPv4/UDP datagrams to a
 * {@link io.xdpfeed.ingress.DatagramHandler}, whatever carried them (AF_XDP UMEM frame, kernel socket, capture file).
 * {@link io.xdpfeed.ingress.UdpFrameParser} is the one place Ethernet/802.1Q/IPv4/UDP framing is read.
 */
package io.xdpfeed.ingress;
