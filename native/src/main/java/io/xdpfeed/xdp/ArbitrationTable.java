package io.xdpfeed.xdp;

import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.nativeio.LibBpf;
import io.xdpfeed.nativeio.LibC;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The arbitrating program's per-channel maps ({@code xdp_mcast_arb.o}, see docs/arbitration.md): the MsgSeqNum slot
 * table in which the first valid copy of each packet claims its sequence, and the counters of what the program did.
 * <pre>
 *   arb_slots    ARRAY[64] of { u64 tag[2048] }                 tag = SendingTime low 32 bits &lt;&lt; 32 | MsgSeqNum
 *   arb_counters ARRAY[64] of { u64 passed, u64 duplicates, u64 malformed }
 * </pre>
 * A line is arbitrated when its subscription value ({@link SubscriptionMap#add(io.xdpfeed.ingress.Subscription, int)})
 * is {@link #lineValue(int, boolean)}. Calls are syscalls, for set-up and the stats thread, never the receive loop;
 * they are serialised here.
 */
public final class ArbitrationTable implements AutoCloseable
{
    /** Channels the program has slots for: channel indexes 0..63. */
    public static final int CHANNELS = 64;
    /** MsgSeqNum slots per channel (a power of two): a copy later than this many packets is left to user space. */
    public static final int SLOTS = 2048;
    /** Subscription value bit: arbitrate this line in the program. */
    public static final int ARBITRATE = 1 << 31;
    /** Subscription value bit: verify a non-zero UDP checksum before claiming. */
    public static final int VERIFY_CHECKSUM = 1 << 30;
    /** Name of the slot map in the object. */
    static final String SLOTS_MAP_NAME = "arb_slots";
    /** Name of the counter map in the object. */
    static final String COUNTERS_MAP_NAME = "arb_counters";

    private static final long SLOTS_VALUE_SIZE = (long)SLOTS * Long.BYTES;
    private static final long COUNTERS_VALUE_SIZE = 3L * Long.BYTES;

    private final int slotsFd;
    private final int countersFd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment key = arena.allocate(JAVA_INT);
    private final MemorySegment zeroSlots = arena.allocate(SLOTS_VALUE_SIZE, 8);
    private final MemorySegment counters = arena.allocate(COUNTERS_VALUE_SIZE, 8);

    /**
     * Wrap the maps of a loaded arbitrating program.
     *
     * @param slotsFd    file descriptor of {@code arb_slots}.
     * @param countersFd file descriptor of {@code arb_counters}.
     */
    public ArbitrationTable(final int slotsFd, final int countersFd)
    {
        this.slotsFd = slotsFd;
        this.countersFd = countersFd;
    }

    /**
     * The subscription value that makes the program arbitrate a line.
     *
     * @param channel        slot table index, 0..{@link #CHANNELS} - 1: the A and B lines of a channel share it.
     * @param verifyChecksum true to verify the UDP checksum before a copy may claim its sequence.
     * @return the value.
     */
    public static int lineValue(final int channel, final boolean verifyChecksum)
    {
        if (channel < 0 || channel >= CHANNELS)
        {
            throw new IngressException("arbitration channel " + channel + " out of range: 0.." + (CHANNELS - 1));
        }
        return ARBITRATE | (verifyChecksum ? VERIFY_CHECKSUM : 0) | channel;
    }

    /**
     * Forget every claimed sequence of a channel, e.g. when its lines change: the next copy of any sequence passes.
     *
     * @param channel slot table index.
     */
    public synchronized void reset(final int channel)
    {
        key.set(JAVA_INT, 0, channel);
        final int result = LibBpf.bpfMapUpdateElem(slotsFd, key, zeroSlots, LibBpf.BPF_ANY);
        if (0 != result)
        {
            throw new IngressException("cannot reset the XDP arbitration slots of channel " + channel + ": " +
                LibC.strerror(result));
        }
    }

    /**
     * Read a channel's counters (a syscall).
     *
     * @param channel slot table index.
     * @return what the program did with the channel's copies since it was loaded.
     */
    public synchronized ArbitrationCounters counters(final int channel)
    {
        key.set(JAVA_INT, 0, channel);
        final int result = LibBpf.bpfMapLookupElem(countersFd, key, counters);
        if (0 != result)
        {
            return new ArbitrationCounters(0, 0, 0);
        }
        return new ArbitrationCounters(
            counters.get(JAVA_LONG, 0), counters.get(JAVA_LONG, 8), counters.get(JAVA_LONG, 16));
    }

    /**
     * Sum the counters of channels 0..{@code channels - 1} into {@code sum}: passed, duplicates, malformed.
     *
     * @param channels how many channel indexes are in use.
     * @param sum      three longs, overwritten.
     */
    public synchronized void total(final int channels, final long[] sum)
    {
        sum[0] = 0;
        sum[1] = 0;
        sum[2] = 0;
        for (int channel = 0; channel < Math.min(channels, CHANNELS); channel++)
        {
            key.set(JAVA_INT, 0, channel);
            if (0 == LibBpf.bpfMapLookupElem(countersFd, key, counters))
            {
                sum[0] += counters.get(JAVA_LONG, 0);
                sum[1] += counters.get(JAVA_LONG, 8);
                sum[2] += counters.get(JAVA_LONG, 16);
            }
        }
    }

    /**
     * Free the buffers (the maps belong to the program).
     */
    @Override
    public synchronized void close()
    {
        arena.close();
    }

    /**
     * One channel's counters.
     *
     * @param passed     copies that claimed their sequence and went to user space.
     * @param duplicates copies dropped in the kernel because the other line's copy had claimed the sequence.
     * @param malformed  copies that failed a check (lengths, checksum, MDP 3.0 framing) and went to user space
     *                   unclaimed.
     */
    public record ArbitrationCounters(long passed, long duplicates, long malformed)
    {
    }
}
