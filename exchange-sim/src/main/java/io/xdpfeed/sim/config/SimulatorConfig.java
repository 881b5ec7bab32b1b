package io.xdpfeed.sim.config;

import io.xdpfeed.common.config.ConfigurationException;

import java.time.Instant;
import java.util.Arrays;

/**
 * Everything that decides what a simulation emits. Built with {@link #builder()}; {@link Builder#build()} validates
 * and throws {@link ConfigurationException} naming the bad option and value.
 * <p>
 * Two simulations with equal configs emit identical bytes, except that paced sending ({@link #ratePps()} with live
 * output) stamps wall-clock SendingTimes. The market (books, trades, events, packet contents) depends only on the
 * seed, instruments, packets, depth, implied probability and resets; faults draw from a separate random stream, so
 * adding loss, duplicates or reordering never changes the packets or the truth.
 */
public final class SimulatorConfig
{
    /** Implied book depth (MarketDepth of feed type GBI). */
    public static final int IMPLIED_DEPTH = 2;
    /** Default heartbeat interval of an idle incremental line: CME's 30 s. */
    public static final long DEFAULT_HEARTBEAT_INTERVAL_NS = 30_000_000_000L;
    /** Tick interval of the synthetic clock when no rate is given: 10 us (100,000 ticks/s). */
    public static final long DEFAULT_SYNTHETIC_INTERVAL_NS = 10_000;

    /** The validated values: a private copy of the builder that built this, never changed, never handed out. */
    private final Builder values;

    private SimulatorConfig(final Builder builder)
    {
        values = builder.copy();
    }

    /**
     * A builder with every default.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * A builder holding this config's values, to derive a variant.
     *
     * @return a new builder.
     */
    public Builder toBuilder()
    {
        return values.copy();
    }

    /** @return whether market by order is on: templates 47 and 53 ({@code --mbo}). */
    public boolean mbo()
    {
        return values.mbo;
    }

    /** @return number of instruments on the channel. */
    public int instruments()
    {
        return values.instruments;
    }

    /** @return SecurityID of the first instrument; instrument i has firstSecurityId + i. */
    public int firstSecurityId()
    {
        return values.firstSecurityId;
    }

    /** @return number of incremental packets, i.e. the last MsgSeqNum of the incremental feed. */
    public long packets()
    {
        return values.packets;
    }

    /** @return seed of every random choice. */
    public long seed()
    {
        return values.seed;
    }

    /** @return outright book depth of every instrument (GBX MarketDepth). */
    public int depth()
    {
        return values.depth;
    }

    /** @return probability that an incremental packet is lost on line A only. */
    public double lossA()
    {
        return values.lossA;
    }

    /** @return probability that an incremental packet is lost on line B only. */
    public double lossB()
    {
        return values.lossB;
    }

    /** @return number of bursts lost on both lines. */
    public int lossBothBursts()
    {
        return values.lossBothBursts;
    }

    /** @return longest burst lost on both lines, in packets. */
    public int burstLength()
    {
        return values.burstLength;
    }

    /** @return probability that a packet copy is sent twice on its line. */
    public double duplicate()
    {
        return values.duplicate;
    }

    /** @return the most packets a held-back copy is overtaken by on its line; 0 = no reordering. */
    public int reorderWindow()
    {
        return values.reorderWindow;
    }

    /** @return probability that a packet copy is held back when reordering is on. */
    public double reorderProbability()
    {
        return values.reorderProbability;
    }

    /** @return MsgSeqNums of the packets that carry a ChannelReset4, ascending. */
    public long[] resetAt()
    {
        return values.resetAt.clone();
    }

    /** @return paced rate in incremental packets per second; 0 = unpaced. */
    public long ratePps()
    {
        return values.ratePps;
    }

    /** @return one snapshot packet is sent every this many incremental packets. */
    public int snapshotEvery()
    {
        return values.snapshotEvery;
    }

    /** @return one definition packet is sent every this many incremental packets. */
    public int definitionEvery()
    {
        return values.definitionEvery;
    }

    /** @return full snapshot cycles sent after the last incremental packet. */
    public int snapshotCyclesAfterEnd()
    {
        return values.snapshotCyclesAfterEnd;
    }

    /**
     * @return minimum time, on the session's clock, for which the snapshot and definition loops go on after the last
     * incremental packet (besides {@link #snapshotCyclesAfterEnd()}), ns; 0 for none.
     */
    public long lingerNs()
    {
        return values.lingerNs;
    }

    /**
     * @return an AdminHeartbeat12 packet (its own MsgSeqNum, as CME's) on both incremental lines after this long
     * without an incremental packet, on the session's clock, ns; 0 for none.
     */
    public long heartbeatIntervalNs()
    {
        return values.heartbeatIntervalNs;
    }

    /** @return whether one full definition cycle is sent before the first incremental packet. */
    public boolean definitionsFirst()
    {
        return values.definitionsFirst;
    }

    /** @return probability that an event also updates the implied (GBI) book. */
    public double impliedProbability()
    {
        return values.impliedProbability;
    }

    /** @return start of the synthetic clock in ns since the epoch (captures without live sending). */
    public long startTimeNs()
    {
        return values.startTimeNs;
    }

    /** @return IP_MULTICAST_TTL of live sending (and the TTL written in captures). */
    public int multicastTtl()
    {
        return values.multicastTtl;
    }

    /** @return CPU the sending (pacer) thread of live runs is pinned to, -1 for none. */
    public int senderCpu()
    {
        return values.senderCpu;
    }

    /** @return channel identity and addresses. */
    public ChannelConfig channel()
    {
        return values.channel;
    }

    /**
     * Security ID of instrument {@code index}.
     *
     * @param index 0-based.
     * @return the SecurityID.
     */
    public int securityId(final int index)
    {
        return values.firstSecurityId + index;
    }

    /**
     * Interval between ticks of the clock: one incremental packet per tick.
     *
     * @return ns per tick.
     */
    public double tickIntervalNs()
    {
        return values.ratePps > 0 ? 1e9 / values.ratePps : DEFAULT_SYNTHETIC_INTERVAL_NS;
    }

    @Override
    public String toString()
    {
        final Builder v = values;
        return "SimulatorConfig{instruments=" + v.instruments + ", firstSecurityId=" + v.firstSecurityId +
            ", packets=" + v.packets + ", seed=" + v.seed + ", depth=" + v.depth + ", lossA=" + v.lossA +
            ", lossB=" + v.lossB + ", lossBothBursts=" + v.lossBothBursts + ", burstLength=" + v.burstLength +
            ", dup=" + v.duplicate + ", reorderWindow=" + v.reorderWindow +
            ", reorderProbability=" + v.reorderProbability + ", resetAt=" + Arrays.toString(v.resetAt) +
            ", ratePps=" + v.ratePps + ", snapshotEvery=" + v.snapshotEvery + ", definitionEvery=" + v.definitionEvery +
            ", snapshotCyclesAfterEnd=" + v.snapshotCyclesAfterEnd + ", definitionsFirst=" + v.definitionsFirst +
            ", impliedProbability=" + v.impliedProbability + ", startTimeNs=" + v.startTimeNs +
            ", ttl=" + v.multicastTtl + ", channel=" + v.channel.channelId() + ", mbo=" + v.mbo + '}';
    }

    /**
     * Fluent builder of a {@link SimulatorConfig}; setters take the CLI's units. Its fields start at the defaults,
     * written there once.
     */
    public static final class Builder implements Cloneable
    {
        private int instruments = 10;
        private int firstSecurityId = 1001; // the other instruments follow
        private long packets = 10_000;
        private long seed = 1;
        private int depth = 10; // outright MarketDepth (feed type GBX); implied: IMPLIED_DEPTH
        private double lossA;
        private double lossB;
        private int lossBothBursts;
        private int burstLength = 5;
        private double duplicate;
        private int reorderWindow;
        private double reorderProbability = 0.1;
        private long[] resetAt = new long[0];
        private long ratePps;
        private int snapshotEvery = 4;
        private int definitionEvery = 8;
        private int snapshotCyclesAfterEnd = 2;
        private long lingerNs;
        private long heartbeatIntervalNs = DEFAULT_HEARTBEAT_INTERVAL_NS;
        private boolean definitionsFirst = true;
        private double impliedProbability = 0.1;
        // the synthetic clock's start
        private long startTimeNs = Instant.parse("2026-01-05T14:30:00Z").getEpochSecond() * 1_000_000_000L;
        private int multicastTtl = 1;
        private int senderCpu = -1;
        private ChannelConfig channel = ChannelConfig.defaults();
        private boolean mbo;

        private Builder()
        {
        }

        /**
         * @param mbo emit market by order: MDIncrementalRefreshOrderBook47 and SnapshotFullRefreshOrderBook53
         *            ({@code --mbo}).
         * @return this.
         */
        public Builder mbo(final boolean mbo)
        {
            this.mbo = mbo;
            return this;
        }

        /**
         * @param instruments number of instruments, 1..10000 ({@code --instruments}).
         * @return this.
         */
        public Builder instruments(final int instruments)
        {
            this.instruments = instruments;
            return this;
        }

        /**
         * @param firstSecurityId SecurityID of the first instrument ({@code --first-security-id}).
         * @return this.
         */
        public Builder firstSecurityId(final int firstSecurityId)
        {
            this.firstSecurityId = firstSecurityId;
            return this;
        }

        /**
         * @param packets incremental packets in the session, i.e. the last MsgSeqNum ({@code --packets}).
         * @return this.
         */
        public Builder packets(final long packets)
        {
            this.packets = packets;
            return this;
        }

        /**
         * @param seed of every random choice ({@code --seed}).
         * @return this.
         */
        public Builder seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /**
         * @param depth outright book depth, 1..10 as CME's multiple-depth books ({@code --depth}).
         * @return this.
         */
        public Builder depth(final int depth)
        {
            this.depth = depth;
            return this;
        }

        /**
         * @param lossA probability that a packet is lost on line A only, 0..1 ({@code --loss-a}).
         * @return this.
         */
        public Builder lossA(final double lossA)
        {
            this.lossA = lossA;
            return this;
        }

        /**
         * @param lossB probability that a packet is lost on line B only, 0..1 ({@code --loss-b}).
         * @return this.
         */
        public Builder lossB(final double lossB)
        {
            this.lossB = lossB;
            return this;
        }

        /**
         * @param bursts number of bursts lost on both lines ({@code --loss-both-bursts}).
         * @return this.
         */
        public Builder lossBothBursts(final int bursts)
        {
            this.lossBothBursts = bursts;
            return this;
        }

        /**
         * @param burstLength longest burst lost on both lines, in packets ({@code --burst-length}).
         * @return this.
         */
        public Builder burstLength(final int burstLength)
        {
            this.burstLength = burstLength;
            return this;
        }

        /**
         * @param duplicate probability that a packet copy is sent twice on its line ({@code --dup}).
         * @return this.
         */
        public Builder duplicate(final double duplicate)
        {
            this.duplicate = duplicate;
            return this;
        }

        /**
         * @param reorderWindow most packets a held-back copy is overtaken by; 0 = off ({@code --reorder}).
         * @return this.
         */
        public Builder reorderWindow(final int reorderWindow)
        {
            this.reorderWindow = reorderWindow;
            return this;
        }

        /**
         * @param reorderProbability probability that a copy is held back when reordering ({@code --reorder-prob}).
         * @return this.
         */
        public Builder reorderProbability(final double reorderProbability)
        {
            this.reorderProbability = reorderProbability;
            return this;
        }

        /**
         * @param resetAt MsgSeqNums of packets carrying a ChannelReset4 ({@code --reset-at}).
         * @return this.
         */
        public Builder resetAt(final long... resetAt)
        {
            this.resetAt = resetAt.clone();
            return this;
        }

        /**
         * @param ratePps paced rate in incremental packets per second, 0 = unpaced ({@code --rate}).
         * @return this.
         */
        public Builder ratePps(final long ratePps)
        {
            this.ratePps = ratePps;
            return this;
        }

        /**
         * @param snapshotEvery one snapshot packet every this many incremental packets ({@code --snapshot-every}).
         * @return this.
         */
        public Builder snapshotEvery(final int snapshotEvery)
        {
            this.snapshotEvery = snapshotEvery;
            return this;
        }

        /**
         * @param definitionEvery one definition packet every this many incremental packets
         *                        ({@code --definition-every}).
         * @return this.
         */
        public Builder definitionEvery(final int definitionEvery)
        {
            this.definitionEvery = definitionEvery;
            return this;
        }

        /**
         * @param cycles full snapshot cycles after the last incremental packet, at least 2
         *               ({@code --snapshot-cycles-after}).
         * @return this.
         */
        public Builder snapshotCyclesAfterEnd(final int cycles)
        {
            this.snapshotCyclesAfterEnd = cycles;
            return this;
        }

        /**
         * @param lingerNs minimum time, on the session's clock, for which the snapshot and definition loops go on
         *                 after the last incremental packet, as CME's loops never stop: a live handler that joins the
         *                 snapshot line late still finds it running ({@code --linger-ms}). 0 for none.
         * @return this.
         */
        public Builder lingerNs(final long lingerNs)
        {
            this.lingerNs = lingerNs;
            return this;
        }

        /**
         * @param intervalNs send an AdminHeartbeat12 packet on both incremental lines after this long without an
         *                   incremental packet, as CME does on an idle channel (every 30 s), so that a handler sees a
         *                   quiet but healthy line speak ({@code --heartbeat-ms}). 0 for none.
         * @return this.
         */
        public Builder heartbeatIntervalNs(final long intervalNs)
        {
            this.heartbeatIntervalNs = intervalNs;
            return this;
        }

        /**
         * @param definitionsFirst send one full definition cycle before the first incremental packet
         *                         ({@code --no-definitions-first} turns it off).
         * @return this.
         */
        public Builder definitionsFirst(final boolean definitionsFirst)
        {
            this.definitionsFirst = definitionsFirst;
            return this;
        }

        /**
         * @param impliedProbability probability that an event also updates the implied book ({@code --implied-prob}).
         * @return this.
         */
        public Builder impliedProbability(final double impliedProbability)
        {
            this.impliedProbability = impliedProbability;
            return this;
        }

        /**
         * @param startTimeNs start of the synthetic clock, ns since the epoch ({@code --start-time}).
         * @return this.
         */
        public Builder startTimeNs(final long startTimeNs)
        {
            this.startTimeNs = startTimeNs;
            return this;
        }

        /**
         * @param ttl IP_MULTICAST_TTL of live sending, 1..255 ({@code --ttl}).
         * @return this.
         */
        public Builder multicastTtl(final int ttl)
        {
            this.multicastTtl = ttl;
            return this;
        }

        /**
         * @param cpu CPU the sending (pacer) thread of live runs is pinned to, -1 for none ({@code --cpu}); the
         *            generator thread is not pinned.
         * @return this.
         */
        public Builder senderCpu(final int cpu)
        {
            this.senderCpu = cpu;
            return this;
        }

        /**
         * @param channel identity and addresses of the channel.
         * @return this.
         */
        public Builder channel(final ChannelConfig channel)
        {
            this.channel = channel;
            return this;
        }

        /**
         * Validate and build.
         *
         * @return the config.
         * @throws ConfigurationException naming the bad option and value.
         */
        public SimulatorConfig build()
        {
            check(instruments >= 1 && instruments <= 10_000, "--instruments " + instruments + " is not in 1..10000");
            check(firstSecurityId >= 1 && (long)firstSecurityId + instruments <= Integer.MAX_VALUE,
                "--first-security-id " + firstSecurityId + " is not positive or the ids would overflow int32");
            check(packets >= 1 && packets <= 0xFFFF_FFFEL, "--packets " + packets + " is not in 1..4294967294");
            check(depth >= 1 && depth <= 10, "--depth " + depth + " is not in 1..10");
            checkProbability("--loss-a", lossA);
            checkProbability("--loss-b", lossB);
            check(lossA + lossB <= 1.0, "--loss-a " + lossA + " plus --loss-b " + lossB +
                " exceeds 1: one-line losses never hit both lines, so together they must be at most 1");
            check(lossBothBursts >= 0, "--loss-both-bursts " + lossBothBursts + " is negative");
            check(burstLength >= 1 && burstLength <= 1000, "--burst-length " + burstLength + " is not in 1..1000");
            check(lossBothBursts == 0 || packets >= 3L * lossBothBursts + 3,
                "--loss-both-bursts " + lossBothBursts + " needs --packets of at least " + (3L * lossBothBursts + 3) +
                " (each burst needs room inside the session, before its last packet)");
            checkProbability("--dup", duplicate);
            check(reorderWindow >= 0 && reorderWindow <= 1000, "--reorder " + reorderWindow + " is not in 0..1000");
            checkProbability("--reorder-prob", reorderProbability);
            long previous = 0;
            for (final long seq : resetAt)
            {
                check(seq >= 1 && seq <= packets, "--reset-at " + seq + " is not in 1..--packets (" + packets + ")");
                check(seq > previous, "--reset-at values must ascend: " + Arrays.toString(resetAt));
                previous = seq;
            }
            check(ratePps >= 0 && ratePps <= 100_000_000, "--rate " + ratePps + " is not in 0..100000000");
            check(snapshotEvery >= 1, "--snapshot-every " + snapshotEvery + " is not positive");
            check(definitionEvery >= 1, "--definition-every " + definitionEvery + " is not positive");
            check(snapshotCyclesAfterEnd >= 2, "--snapshot-cycles-after " + snapshotCyclesAfterEnd +
                " is less than 2: a handler that loses the end must be able to recover");
            check(lingerNs >= 0, "--linger-ms " + lingerNs / 1_000_000 + " is negative");
            check(heartbeatIntervalNs >= 0, "--heartbeat-ms " + heartbeatIntervalNs / 1_000_000 + " is negative");
            checkProbability("--implied-prob", impliedProbability);
            check(startTimeNs > 0, "--start-time must be after the epoch");
            check(multicastTtl >= 1 && multicastTtl <= 255, "--ttl " + multicastTtl + " is not in 1..255");
            check(senderCpu >= -1, "--cpu " + senderCpu + " is not a CPU number");
            check(channel != null, "channel must not be null");
            return new SimulatorConfig(this);
        }

        private Builder copy()
        {
            // every field, so that a new setting cannot be left out of the copy; the one array is copied too
            try
            {
                final Builder copy = (Builder)super.clone();
                copy.resetAt = resetAt.clone();
                return copy;
            }
            catch (final CloneNotSupportedException ex)
            {
                throw new AssertionError(ex);
            }
        }

        private static void checkProbability(final String option, final double value)
        {
            check(value >= 0.0 && value <= 1.0 && !Double.isNaN(value), option + " " + value + " is not in 0..1");
        }

        private static void check(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new ConfigurationException(message);
            }
        }
    }
}
