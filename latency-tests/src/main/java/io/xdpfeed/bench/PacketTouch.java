package io.xdpfeed.bench;

import io.xdpfeed.ingress.DatagramHandler;
import org.agrona.DirectBuffer;

/**
 * The baseline of the packet benchmarks: reads every byte of each datagram into a checksum (8 bytes at a time),
 * the least any handler does with a packet. Measured beside a path in the same process, it turns ns into a ratio
 * that holds on a noisy machine.
 */
public final class PacketTouch implements DatagramHandler
{
    private long checksum;

    /**
     * {@inheritDoc}
     */
    public void onDatagram(
        final int groupAddress,
        final int port,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receiveTimeNs)
    {
        long sum = checksum + groupAddress + port;
        final int longs = length & ~7;
        int i = 0;
        for (; i < longs; i += 8)
        {
            sum += buffer.getLong(offset + i);
        }
        for (; i < length; i++)
        {
            sum += buffer.getByte(offset + i);
        }
        checksum = sum;
    }

    /**
     * @return the checksum so far.
     */
    public long checksum()
    {
        return checksum;
    }
}
