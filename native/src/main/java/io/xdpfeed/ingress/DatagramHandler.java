package io.xdpfeed.ingress;

import org.agrona.DirectBuffer;

/**
 * Receives the UDP payload of one datagram, in place, from a {@link PacketSource}.
 * <p>
 * The buffer is only valid for the duration of the call: the source recycles it (an AF_XDP frame goes back to the
 * fill ring, a capture record is passed by). Implementations must not throw and must not allocate.
 */
@FunctionalInterface
public interface DatagramHandler
{
    /**
     * One UDP datagram.
     *
     * @param groupAddress  destination IPv4 address as an int in network order read big-endian (224.0.28.1 is
     *                      0xE0001C01).
     * @param port          destination UDP port, 0..65535.
     * @param buffer        holding the UDP payload.
     * @param offset        of the first payload byte in the buffer.
     * @param length        of the UDP payload in bytes.
     * @param receiveTimeNs when the frame was first seen, on the {@link System#nanoTime()} clock (CLOCK_MONOTONIC);
     *                      for a capture, the capture timestamp in ns since the epoch.
     */
    void onDatagram(int groupAddress, int port, DirectBuffer buffer, int offset, int length, long receiveTimeNs);
}
