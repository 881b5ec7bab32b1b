package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.send.SendLog;
import io.xdpfeed.sim.wire.DatagramSink;
import org.agrona.DirectBuffer;

/**
 * Hands each datagram to every sink and keeps the wall-clock span of sending, on the thread that sends.
 */
final class SinkFanOut
{
    private final DatagramSink[] sinks;
    private final SendLog sendLog;
    private long firstSendNanos;
    private long lastSendNanos;
    private long firstIncrementalNanos;
    private long lastIncrementalNanos;

    SinkFanOut(final DatagramSink[] sinks, final SendLog sendLog)
    {
        this.sinks = sinks;
        this.sendLog = sendLog;
    }

    void send(final SimLine line, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
    {
        for (final DatagramSink sink : sinks)
        {
            sink.onDatagram(line, buffer, offset, length, timeNs);
        }
        final long now = System.nanoTime();
        lastSendNanos = now;
        if (firstSendNanos == 0)
        {
            firstSendNanos = now;
        }
        if (line.isIncremental())
        {
            if (sendLog != null)
            {
                sendLog.onIncremental(buffer, offset, length);
            }
            lastIncrementalNanos = now;
            if (firstIncrementalNanos == 0)
            {
                firstIncrementalNanos = now;
            }
        }
    }

    void flush()
    {
        for (final DatagramSink sink : sinks)
        {
            sink.flush();
        }
    }

    long elapsedNs()
    {
        return lastSendNanos - firstSendNanos;
    }

    long incrementalElapsedNs()
    {
        return lastIncrementalNanos - firstIncrementalNanos;
    }
}
