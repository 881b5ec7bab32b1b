package io.xdpfeed.sim.wire;

import io.xdpfeed.sim.config.SimLine;
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
     * Hand over what is batched: called before the simulator waits for the next tick and when a run ends. Sinks that
     * batch (AF_XDP TX, sendmmsg) send here; the others need not do anything.
     */
    default void flush()
    {
    }

    /**
     * Datagrams this sink could not send (refused by the kernel, no buffer space).
     *
     * @return the count, 0 for sinks that cannot fail.
     */
    default long sendErrors()
    {
        return 0;
    }

    /**
     * Flush and release; called once when the run ends.
     */
    @Override
    default void close()
    {
    }
}
