package io.xdpfeed.sim;

import org.agrona.DirectBuffer;

/**
 * Receives every datagram the simulator sends, in send order: a capture writer, kernel UDP sockets, or a test's
 * in-memory consumer.
 * <p>
 * The buffer is only valid during the call.
 */
@FunctionalInterface
public interface DatagramSink extends AutoCloseable
{
    /**
     * One UDP datagram on one line.
     *
     * @param line   the line it is sent on.
     * @param buffer holding the UDP payload (an MDP 3.0 packet).
     * @param offset of the payload in the buffer.
     * @param length of the payload.
     * @param timeNs when it is sent, ns since the epoch: the intended send time (paced) or the synthetic clock.
     */
    void onDatagram(SimLine line, DirectBuffer buffer, int offset, int length, long timeNs);

    /**
     * Flush and release; called once when the run ends.
     */
    @Override
    default void close()
    {
    }
}
