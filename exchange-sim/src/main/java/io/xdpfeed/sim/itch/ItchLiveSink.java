package io.xdpfeed.sim.itch;

import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.wire.DatagramSink;
import org.agrona.DirectBuffer;

/**
 * Between the ITCH session and the live sender: paces the packets ({@code rate} a second, busy-spinning on the
 * generating thread; 0 unpaced), stamps each datagram with its send time, and keeps the sequence number after the
 * last packet sent, which is the point of a snapshot taken now (a packet lost on both lines counts as sent: the
 * exchange sent it).
 */
final class ItchLiveSink implements DatagramSink
{
    private final DatagramSink sender;
    private final long intervalNs;
    private final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder();
    private volatile long nextSequence = 1;
    private long lastFirst = -1;
    private long nextSendNs;

    ItchLiveSink(final DatagramSink sender, final long rate)
    {
        this.sender = sender;
        this.intervalNs = rate > 0 ? 1_000_000_000L / rate : 0;
    }

    @Override
    public void onDatagram(
        final SimLine line, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
    {
        header.wrap(buffer, offset, MoldUdp64HeaderDecoder.BLOCK_LENGTH, 0);
        final long first = header.sequenceNumber();
        final int count = header.messageCount();
        if (first != lastFirst)
        {
            lastFirst = first;
            if (intervalNs > 0)
            {
                final long now = System.nanoTime();
                if (nextSendNs == 0)
                {
                    nextSendNs = now;
                }
                while (System.nanoTime() < nextSendNs)
                {
                    Thread.onSpinWait();
                }
                nextSendNs += intervalNs;
            }
        }
        sender.onDatagram(line, buffer, offset, length, System.currentTimeMillis() * 1_000_000L);
        if (count != 0 && count != 0xFFFF)
        {
            nextSequence = Math.max(nextSequence, first + count);
        }
    }

    /**
     * @return the sequence number after the last packet sent.
     */
    long nextSequence()
    {
        return nextSequence;
    }

    @Override
    public void flush()
    {
        sender.flush();
    }

    @Override
    public long sendErrors()
    {
        return sender.sendErrors();
    }

    @Override
    public void close()
    {
        sender.close();
    }
}
