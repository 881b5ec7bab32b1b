package io.xdpfeed.bench;

import io.xdpfeed.ingress.DatagramHandler;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The baseline of the packet benchmarks: reads every byte of each datagram into a checksum (8 bytes at a time),
 * the least any handler does with a packet. Measured beside a path in the same process, it turns ns into a ratio
 * that holds on a noisy machine. Reads the datagram's byte array through a VarHandle view, so the baseline does not
 * depend on Agrona's bounds-check setting (which the measured paths do). Heap buffers only (the benchmarks' copies).
 */
public final class PacketTouch implements DatagramHandler
{
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
        final byte[] bytes = buffer.byteArray();
        final int base = offset + (int)(buffer.addressOffset() - BufferUtil.ARRAY_BASE_OFFSET);
        long sum = checksum + groupAddress + port;
        final int longs = length & ~7;
        int i = 0;
        for (; i < longs; i += 8)
        {
            sum += (long)LONGS.get(bytes, base + i);
        }
        for (; i < length; i++)
        {
            sum += bytes[base + i];
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
