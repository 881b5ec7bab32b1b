package io.xdpfeed.sim.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.codecs.itch.MessageBlockEncoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import io.xdpfeed.codecs.itch.SystemEventEncoder;
import io.xdpfeed.common.time.TimeOfDay;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.send.EpochAnchor;
import io.xdpfeed.sim.wire.DatagramSink;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Between the ITCH session and the live sender: paces the packets ({@code rate} a second, busy-spinning on the
 * generating thread; 0 unpaced), stamps every message of a datagram with the time it is sent (ITCH's timestamp: ns
 * since midnight US Eastern time, so that a receiver's wire latency is real; the session's own timestamps, from
 * 09:30 of a fixed day, stay in the capture and the truth; the session's log, which the recovery servers answer
 * from, gets the stamps too, a burst lost on both lines the stamp of the packet after it), and keeps the sequence
 * number after the last packet sent, which is the point of a snapshot taken now (a packet lost on both lines counts
 * as sent: the exchange sent it).
 */
final class ItchLiveSink implements DatagramSink
{
    private static final int TIMESTAMP_OFFSET = SystemEventEncoder.timestampEncodingOffset();
    private static final int MAX_DATAGRAM = ItchPacketWriter.MAX_PACKET;

    private final DatagramSink sender;
    private final ItchMessageLog log;
    private final long intervalNs;
    private final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder();
    private final UnsafeBuffer stamped = new UnsafeBuffer(new byte[MAX_DATAGRAM]);
    private final EpochAnchor clock = EpochAnchor.now();
    private final TimeOfDay easternTime = new TimeOfDay(TimeOfDay.US_EASTERN);
    private volatile long nextSequence = 1;
    private long lastFirst = -1;
    private long nextSendNs;
    private long packetTimeNs;
    private long loggedUpTo = 1;

    /**
     * @param sender to send with.
     * @param rate   packets a second, 0 unpaced.
     * @param log    the session's log, stamped with the send time too, or null.
     */
    ItchLiveSink(final DatagramSink sender, final long rate, final ItchMessageLog log)
    {
        this.sender = sender;
        this.log = log;
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
            packetTimeNs = 0;
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
        final long nowNs = clock.epochNowNs();
        final boolean messages = count != 0 && count != 0xFFFF;
        if (packetTimeNs == 0)
        {
            packetTimeNs = nowNs; // the A and B copies of a packet carry the same bytes
            // this packet's messages and those lost on both lines before it (sent too, as far as the exchange knows)
            final long stampTo = messages ? first + count : first;
            if (log != null && stampTo > loggedUpTo)
            {
                log.stamp(loggedUpTo, (int)(stampTo - loggedUpTo), easternTime.nsSinceMidnight(packetTimeNs));
                loggedUpTo = stampTo;
            }
        }
        if (messages && length <= MAX_DATAGRAM)
        {
            stamped.putBytes(0, buffer, offset, length);
            stamp(count, easternTime.nsSinceMidnight(packetTimeNs));
            sender.onDatagram(line, stamped, 0, length, nowNs);
        }
        else
        {
            sender.onDatagram(line, buffer, offset, length, nowNs);
        }
        if (messages)
        {
            nextSequence = Math.max(nextSequence, first + count);
        }
    }

    /**
     * Every message of the datagram in {@link #stamped} gets the timestamp (6 bytes, big-endian, after type, locate
     * and tracking number).
     */
    private void stamp(final int count, final long nsSinceMidnight)
    {
        int position = MoldUdp64HeaderDecoder.BLOCK_LENGTH;
        for (int i = 0; i < count; i++)
        {
            final int messageLength = stamped.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            final int message = position + MessageBlockEncoder.BLOCK_LENGTH;
            stamped.putShort(message + TIMESTAMP_OFFSET, (short)(nsSinceMidnight >>> 32), ByteOrder.BIG_ENDIAN);
            stamped.putInt(message + TIMESTAMP_OFFSET + 2, (int)nsSinceMidnight, ByteOrder.BIG_ENDIAN);
            position = message + messageLength;
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
