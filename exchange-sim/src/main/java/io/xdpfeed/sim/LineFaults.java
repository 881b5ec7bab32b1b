package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.Mdp3Packet;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

/**
 * Duplicates and reordering on one incremental line, decided by the fault seed.
 * <p>
 * A copy is held back with probability reorderProbability and sent after 1..window later packets of the line; a copy
 * is sent twice in a row with probability duplicate. Counts are of what actually happened on the line: a copy counts
 * as reordered when it is sent after a higher MsgSeqNum.
 */
final class LineFaults
{
    /** Sends one datagram. */
    @FunctionalInterface
    interface Emitter
    {
        void emit(SimLine line, DirectBuffer buffer, int offset, int length);
    }

    private final SimLine line;
    private final int window;
    private final double reorderProbability;
    private final double duplicate;
    private final SplittableRandom random;
    private final UnsafeBuffer[] held;
    private final int[] heldLength;
    private final long[] heldSeq;
    private final long[] heldRelease;
    private final boolean[] heldUsed;
    private long maxSeqSent;
    private long sent;
    private long duplicates;
    private long reordered;

    LineFaults(final SimLine line, final SimulatorConfig config, final SplittableRandom random)
    {
        this.line = line;
        window = config.reorderWindow();
        reorderProbability = window > 0 ? config.reorderProbability() : 0.0;
        duplicate = config.duplicate();
        this.random = random;
        final int slots = window + 1;
        held = new UnsafeBuffer[slots];
        heldLength = new int[slots];
        heldSeq = new long[slots];
        heldRelease = new long[slots];
        heldUsed = new boolean[slots];
        for (int i = 0; i < slots; i++)
        {
            held[i] = new UnsafeBuffer(new byte[Mdp3Packet.MAX_PAYLOAD]);
        }
    }

    /**
     * The packet with this MsgSeqNum, delivered on this line unless {@code lost}; then every held copy that is due.
     */
    void onPacket(
        final long msgSeqNum, final boolean lost, final DirectBuffer buffer, final int offset, final int length,
        final Emitter emitter)
    {
        if (!lost)
        {
            final boolean held = reorderProbability > 0 && random.nextDouble() < reorderProbability &&
                hold(msgSeqNum, buffer, offset, length, msgSeqNum + 1 + random.nextInt(window));
            if (!held)
            {
                send(buffer, offset, length, emitter);
            }
        }
        release(msgSeqNum, emitter);
    }

    /**
     * Send every copy still held, in release order.
     */
    void flush(final Emitter emitter)
    {
        release(Long.MAX_VALUE, emitter);
    }

    long sent()
    {
        return sent;
    }

    long duplicates()
    {
        return duplicates;
    }

    long reordered()
    {
        return reordered;
    }

    private boolean hold(
        final long msgSeqNum, final DirectBuffer buffer, final int offset, final int length, final long release)
    {
        for (int i = 0; i < held.length; i++)
        {
            if (!heldUsed[i])
            {
                held[i].putBytes(0, buffer, offset, length);
                heldLength[i] = length;
                heldSeq[i] = msgSeqNum;
                heldRelease[i] = release;
                heldUsed[i] = true;
                return true;
            }
        }
        return false;
    }

    private void release(final long upTo, final Emitter emitter)
    {
        while (true)
        {
            int next = -1;
            for (int i = 0; i < held.length; i++)
            {
                if (heldUsed[i] && heldRelease[i] <= upTo && (next < 0 || heldRelease[i] < heldRelease[next] ||
                    heldRelease[i] == heldRelease[next] && heldSeq[i] < heldSeq[next]))
                {
                    next = i;
                }
            }
            if (next < 0)
            {
                return;
            }
            heldUsed[next] = false;
            send(held[next], 0, heldLength[next], emitter);
        }
    }

    private void send(final DirectBuffer buffer, final int offset, final int length, final Emitter emitter)
    {
        final long seq = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        emit(seq, buffer, offset, length, emitter);
        if (duplicate > 0 && random.nextDouble() < duplicate)
        {
            duplicates++;
            emit(seq, buffer, offset, length, emitter);
        }
    }

    private void emit(
        final long seq, final DirectBuffer buffer, final int offset, final int length, final Emitter emitter)
    {
        if (seq < maxSeqSent)
        {
            reordered++;
        }
        maxSeqSent = Math.max(maxSeqSent, seq);
        sent++;
        emitter.emit(line, buffer, offset, length);
    }
}
