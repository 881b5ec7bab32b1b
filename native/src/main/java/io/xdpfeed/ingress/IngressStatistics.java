package io.xdpfeed.ingress;

import io.xdpfeed.common.counters.Counts;

/**
 * Counters of a {@link PacketSource}, sampled by {@link PacketSource#statistics(IngressStatistics)} into a reusable
 * instance (by the stats agent, not the receive thread): {@link #reset()}, then each counter {@link #add added} to.
 * Counters a transport does not have stay 0. Nothing is allocated after construction.
 */
public final class IngressStatistics
{
    /**
     * The counters, each with its name in {@link #toString()}.
     */
    public enum Count
    {
        /** Frames or datagrams taken from the source (AF_XDP: RX descriptors; kernel UDP: datagrams), since opened. */
        RECEIVED_PACKETS("received"),
        /** Frames taken but not delivered: not a whole IPv4/UDP datagram; since the source opened. */
        SKIPPED_FRAMES("skipped"),
        /** Frames the kernel dropped for this socket for any reason ({@code XDP_STATISTICS rx_dropped}). */
        DROPPED_PACKETS("dropped"),
        /** Frames dropped because the RX ring was full: the receiver was too slow ({@code rx_ring_full}). */
        RX_RING_FULL("rx_ring_full"),
        /**
         * Times the kernel found the fill ring empty: no free frame to receive into
         * ({@code rx_fill_ring_empty_descs}).
         */
        FILL_RING_EMPTY("fill_ring_empty"),
        /** Descriptors the kernel rejected ({@code rx_invalid_descs}): a bug when not 0. */
        INVALID_DESCRIPTORS("invalid_descs"),
        /**
         * Whole IPv4/UDP datagrams dropped because their UDP checksum failed (only where frames are parsed in Java and
         * the check is on; the kernel socket path drops them before us); since the source opened.
         */
        BAD_CHECKSUMS("bad_checksums"),
        /**
         * Copies of arbitrated lines that the XDP program let through after claiming their MsgSeqNum (kernel
         * arbitration only, summed over the channels), since the program was loaded.
         */
        KERNEL_PASSED("kernel_passed"),
        /**
         * Copies of arbitrated lines that the XDP program dropped because the other line's copy had claimed the
         * sequence, since the program was loaded.
         */
        KERNEL_DUPLICATES("kernel_duplicates"),
        /**
         * Copies of arbitrated lines that failed a check of the XDP program (lengths, UDP checksum, MDP 3.0 size
         * chain) and went to user space without claiming their sequence, since the program was loaded.
         */
        KERNEL_MALFORMED("kernel_malformed");

        private final String logName;

        Count(final String logName)
        {
            this.logName = logName;
        }
    }

    private static final Count[] COUNTS = Count.values();

    private final Counts<Count> counts = new Counts<>(Count.class);

    /**
     * Set every counter to 0.
     *
     * @return this for a fluent API.
     */
    public IngressStatistics reset()
    {
        counts.clear();
        return this;
    }

    /**
     * @param count which counter.
     * @return its value.
     */
    public long count(final Count count)
    {
        return counts.get(count);
    }

    /**
     * Add to a counter (a source with several sockets or queues adds each one's).
     *
     * @param count  which counter.
     * @param amount to add.
     * @return this for a fluent API.
     */
    public IngressStatistics add(final Count count, final long amount)
    {
        counts.add(count, amount);
        return this;
    }

    /**
     * {@code name=value} pairs for logs.
     *
     * @return e.g. {@code received=10 skipped=0 dropped=0 rx_ring_full=0 fill_ring_empty=0 invalid_descs=0
     * bad_checksums=0 kernel_passed=0 kernel_duplicates=0 kernel_malformed=0}.
     */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder();
        for (final Count count : COUNTS)
        {
            text.append(text.isEmpty() ? "" : " ").append(count.logName).append('=').append(counts.get(count));
        }
        return text.toString();
    }
}
