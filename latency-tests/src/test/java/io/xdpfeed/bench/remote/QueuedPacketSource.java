package io.xdpfeed.bench.remote;

import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.PacketSource;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The simulator's datagrams handed to a running handler: added by the test thread, polled by the receive thread.
 * Test code: allocates.
 */
final class QueuedPacketSource implements PacketSource
{
    private record Datagram(int group, int port, byte[] payload)
    {
    }

    private final ConcurrentLinkedQueue<Datagram> queue = new ConcurrentLinkedQueue<>();

    /**
     * @param group   destination group.
     * @param port    destination port.
     * @param payload UDP payload (copied by the caller).
     */
    void add(final int group, final int port, final byte[] payload)
    {
        queue.add(new Datagram(group, port, payload));
    }

    /**
     * @return true when every datagram added was delivered.
     */
    boolean isEmpty()
    {
        return queue.isEmpty();
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final DatagramHandler handler, final int limit)
    {
        int count = 0;
        Datagram datagram;
        while (count < limit && (datagram = queue.poll()) != null)
        {
            handler.onDatagram(datagram.group(), datagram.port(), new UnsafeBuffer(datagram.payload()), 0,
                datagram.payload().length, System.nanoTime());
            count++;
        }
        return count;
    }

    /**
     * {@inheritDoc}
     */
    public String transport()
    {
        return "test";
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        queue.clear();
    }
}
