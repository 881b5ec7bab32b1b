package io.xdpfeed.handler.stats;

import io.xdpfeed.ingress.DatagramHandler;
import org.agrona.DirectBuffer;

/**
 * Opens and closes a {@link PacketTimer} datagram around the engine: what the packet source polls into when latency
 * is recorded.
 */
public final class TimedDatagramHandler implements DatagramHandler
{
    private final DatagramHandler delegate;
    private final PacketTimer timer;

    /**
     * @param delegate the engine.
     * @param timer    the datagram timer shared with the {@link TimedChannelListener} around the publisher.
     */
    public TimedDatagramHandler(final DatagramHandler delegate, final PacketTimer timer)
    {
        this.delegate = delegate;
        this.timer = timer;
    }

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
        final PacketTimer timer = this.timer;
        timer.datagramStart();
        delegate.onDatagram(groupAddress, port, buffer, offset, length, receiveTimeNs);
        timer.datagramEnd();
    }
}
