package io.xdpfeed.handler.testing;

import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.PacketSource;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A packet source over datagrams added by a test, in order; thread-safe to add while another thread polls.
 * Test code: allocates.
 */
public final class ListPacketSource implements PacketSource
{
    /**
     * @param groupAddress  destination group.
     * @param port          destination port.
     * @param payload       UDP payload.
     * @param receiveTimeNs receive time to report.
     */
    public record Datagram(int groupAddress, int port, byte[] payload, long receiveTimeNs)
    {
    }

    private final ConcurrentLinkedQueue<Datagram> datagrams = new ConcurrentLinkedQueue<>();
    private final List<Datagram> delivered = new ArrayList<>();
    private final String transport;
    private volatile boolean closed;

    /**
     * A live-like source ("test" transport: receive times on the System.nanoTime clock).
     */
    public ListPacketSource()
    {
        this("test");
    }

    /**
     * @param transport name reported, "pcap" for capture times.
     */
    public ListPacketSource(final String transport)
    {
        this.transport = transport;
    }

    /**
     * @param datagram to deliver at a later poll.
     * @return this.
     */
    public ListPacketSource add(final Datagram datagram)
    {
        datagrams.add(datagram);
        return this;
    }

    /**
     * @param groupAddress  group.
     * @param port          port.
     * @param builder       holding a built packet.
     * @param receiveTimeNs receive time.
     * @return this.
     */
    public ListPacketSource add(
        final int groupAddress, final int port, final Mdp3PacketBuilder builder, final long receiveTimeNs)
    {
        return add(new Datagram(groupAddress, port, builder.toBytes(), receiveTimeNs));
    }

    /**
     * @return true when every datagram added so far was delivered.
     */
    public boolean isEmpty()
    {
        return datagrams.isEmpty();
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final DatagramHandler handler, final int limit)
    {
        int count = 0;
        Datagram datagram;
        while (count < limit && (datagram = datagrams.poll()) != null)
        {
            handler.onDatagram(datagram.groupAddress(), datagram.port(), new UnsafeBuffer(datagram.payload()), 0,
                datagram.payload().length, datagram.receiveTimeNs());
            delivered.add(datagram);
            count++;
        }
        return count;
    }

    /**
     * {@inheritDoc}
     */
    public String transport()
    {
        return transport;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        closed = true;
    }

    /**
     * @return true once closed.
     */
    public boolean isClosed()
    {
        return closed;
    }
}
