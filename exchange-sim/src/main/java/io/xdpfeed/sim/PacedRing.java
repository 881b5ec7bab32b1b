package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.send.Pacer;
import io.xdpfeed.sim.wire.DatagramSink;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * Paced live sending on two threads: the generator thread runs the simulation ahead of time and writes each
 * datagram, with its tick and intended send time, into a one-to-one ring buffer; the sending thread takes them out,
 * busy-spins until each tick is due ({@link Pacer}) and hands them to the sinks.
 * <p>
 * Sinks that batch ({@link DatagramSink#flush()}) are flushed before the sender waits for a tick that is not due yet
 * and whenever the ring is empty, so a tick's datagrams leave together and, when sending is behind, consecutive ticks
 * share a batch; a packet's SendingTime stays the intended time of its tick either way.
 * <p>
 * Generation cost and jitter stay off the pacing thread; when the generator falls behind, ticks go out late and the
 * pacer counts it (their SendingTime stays the intended time).
 * <pre>
 *   record: tick (int64) | time ns (int64) | line ordinal (int32) | payload
 * </pre>
 */
final class PacedRing
{
    private static final int CAPACITY = 16 << 20;
    private static final int DATAGRAM = 1;
    private static final int END = 2;
    private static final long FULL_RING_PARK_NS = 100_000;
    private static final int TICK_OFFSET = 0;
    private static final int TIME_OFFSET = 8;
    private static final int LINE_OFFSET = 16;
    private static final int PAYLOAD_OFFSET = 20;
    private static final SimLine[] LINES = SimLine.values();

    private final RingBuffer ring = new OneToOneRingBuffer(
        new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY + RingBufferDescriptor.TRAILER_LENGTH)));

    /**
     * The generator's side: a {@link TickOutput} writing into the ring.
     */
    TickOutput producer()
    {
        return new TickOutput()
        {
            private long tick;
            private long timeNs;

            @Override
            public void startTick(final long tick, final long timeNs)
            {
                this.tick = tick;
                this.timeNs = timeNs;
            }

            @Override
            public void emit(final SimLine line, final DirectBuffer buffer, final int offset, final int length)
            {
                final int index = claim(DATAGRAM, PAYLOAD_OFFSET + length);
                final MutableDirectBuffer target = ring.buffer();
                target.putLong(index + TICK_OFFSET, tick);
                target.putLong(index + TIME_OFFSET, timeNs);
                target.putInt(index + LINE_OFFSET, line.ordinal());
                target.putBytes(index + PAYLOAD_OFFSET, buffer, offset, length);
                ring.commit(index);
            }

            @Override
            public void finish()
            {
                ring.commit(claim(END, 0));
            }
        };
    }

    /**
     * The sending side: runs on the calling thread until the generator finishes.
     *
     * @param pacer     waits for each tick.
     * @param fanOut    to the sinks.
     * @param generator the generator thread, to stop waiting if it dies.
     */
    void send(final Pacer pacer, final SinkFanOut fanOut, final Thread generator)
    {
        final boolean[] done = new boolean[1];
        final long[] currentTick = {-1};
        while (!done[0])
        {
            final int read = ring.read((msgTypeId, buffer, index, length) ->
            {
                if (msgTypeId == END)
                {
                    done[0] = true;
                    return;
                }
                final long tick = buffer.getLong(index + TICK_OFFSET);
                if (tick != currentTick[0])
                {
                    if (pacer.deadline(tick) > System.nanoTime())
                    {
                        // on time: what is batched goes out before the wait; when behind, ticks batch together
                        fanOut.flush();
                    }
                    pacer.await(tick);
                    currentTick[0] = tick;
                }
                fanOut.send(LINES[buffer.getInt(index + LINE_OFFSET)], buffer, index + PAYLOAD_OFFSET,
                    length - PAYLOAD_OFFSET, buffer.getLong(index + TIME_OFFSET));
            }, 64);
            if (read == 0)
            {
                fanOut.flush();
                if (!generator.isAlive() && ring.size() == 0)
                {
                    return;
                }
                Thread.onSpinWait();
            }
        }
        fanOut.flush();
    }

    /**
     * Claim ring space; when the ring is full the generator is far ahead, so it parks instead of spinning against
     * the sender for a core.
     */
    private int claim(final int msgTypeId, final int length)
    {
        int attempts = 0;
        while (true)
        {
            final int index = ring.tryClaim(msgTypeId, length);
            if (index > 0)
            {
                return index;
            }
            if (++attempts < 100)
            {
                Thread.onSpinWait();
            }
            else
            {
                LockSupport.parkNanos(FULL_RING_PARK_NS);
            }
        }
    }
}
