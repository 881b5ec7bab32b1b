package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimLine;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * One datagram the simulator sent, as a test sees it: line, payload copy, send (or capture) time.
 *
 * @param line    the line it was sent on.
 * @param payload the UDP payload (an MDP 3.0 packet).
 * @param timeNs  send time, ns since the epoch.
 */
record Datagram(SimLine line, byte[] payload, long timeNs)
{
    long msgSeqNum()
    {
        return new UnsafeBuffer(payload).getInt(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
    }

    long sendingTimeNs()
    {
        return new UnsafeBuffer(payload).getLong(4, ByteOrder.LITTLE_ENDIAN);
    }

    UnsafeBuffer buffer()
    {
        return new UnsafeBuffer(payload);
    }
}
