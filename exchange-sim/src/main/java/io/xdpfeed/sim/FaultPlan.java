package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimulatorConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which incremental packets are lost where, decided by the fault seed.
 * <p>
 * Bursts lost on both lines are placed first: the session's MsgSeqNums 2..last-1 are cut into equal segments, one
 * burst of 1..burstLength packets in each, never touching a ChannelReset4 packet and never reaching the last packet
 * (so a later packet always reveals the gap). Then every other packet is lost on line A with probability lossA or on
 * line B with probability lossB, never on both: one-line loss alone never needs recovery.
 */
final class FaultPlan
{
    private final SplittableRandom random;
    private final double lossA;
    private final double lossB;
    private final long[] burstStarts;
    private final long[] burstEnds;
    private int nextBurst;

    FaultPlan(final SimulatorConfig config, final SplittableRandom random, final long[] resetAt)
    {
        this.random = random;
        lossA = config.lossA();
        lossB = config.lossB();

        final List<long[]> bursts = new ArrayList<>();
        final int count = config.lossBothBursts();
        if (count > 0)
        {
            final long first = 2;
            final long last = config.packets() - 1;
            final long segment = (last - first + 1) / count;
            for (int i = 0; i < count; i++)
            {
                final long segmentStart = first + i * segment;
                final long length = Math.min(1 + random.nextInt(config.burstLength()), Math.max(1, segment - 1));
                final long start = segmentStart + random.nextLong(Math.max(1, segment - length));
                final long end = start + length - 1;
                boolean touchesReset = false;
                for (final long reset : resetAt)
                {
                    touchesReset |= reset >= start && reset <= end;
                }
                if (!touchesReset && end <= last)
                {
                    bursts.add(new long[]{start, end});
                }
            }
        }
        burstStarts = new long[bursts.size()];
        burstEnds = new long[bursts.size()];
        for (int i = 0; i < bursts.size(); i++)
        {
            burstStarts[i] = bursts.get(i)[0];
            burstEnds[i] = bursts.get(i)[1];
        }
    }

    /**
     * Bursts lost on both lines, as inclusive [first, last] MsgSeqNum ranges, ascending.
     */
    List<long[]> bursts()
    {
        final List<long[]> list = new ArrayList<>();
        for (int i = 0; i < burstStarts.length; i++)
        {
            list.add(new long[]{burstStarts[i], burstEnds[i]});
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * Decide the fate of the next packet; call once per MsgSeqNum, ascending.
     *
     * @return where it is lost.
     */
    Loss lossOf(final long msgSeqNum)
    {
        while (nextBurst < burstStarts.length && burstEnds[nextBurst] < msgSeqNum)
        {
            nextBurst++;
        }
        final double draw = random.nextDouble();
        if (nextBurst < burstStarts.length && msgSeqNum >= burstStarts[nextBurst])
        {
            return Loss.BOTH;
        }
        if (draw < lossA)
        {
            return Loss.ONLY_A;
        }
        if (draw < lossA + lossB)
        {
            return Loss.ONLY_B;
        }
        return Loss.NONE;
    }

    /**
     * Where an incremental packet is lost.
     */
    enum Loss
    {
        /** Delivered on both lines. */
        NONE(false, false),
        /** Lost on line A only. */
        ONLY_A(true, false),
        /** Lost on line B only. */
        ONLY_B(false, true),
        /** Lost on both lines (a burst). */
        BOTH(true, true);

        final boolean onA;
        final boolean onB;

        Loss(final boolean onA, final boolean onB)
        {
            this.onA = onA;
            this.onB = onB;
        }
    }
}
