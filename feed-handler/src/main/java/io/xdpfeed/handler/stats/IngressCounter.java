package io.xdpfeed.handler.stats;

import io.xdpfeed.ingress.IngressStatistics;
import io.xdpfeed.ingress.IngressStatistics.Count;

/**
 * The packet source's counters ({@link IngressStatistics}, the kernel's {@code XDP_STATISTICS} for AF_XDP) as Aeron
 * counters of type {@link #TYPE_ID_BASE} + id, sampled by the {@link StatsAgent}.
 */
public enum IngressCounter
{
    /** Frames or datagrams taken from the source. */
    RECEIVED(0, "xdpfeed ingress received"),
    /** Frames taken but not whole IPv4/UDP datagrams. */
    SKIPPED_FRAMES(1, "xdpfeed ingress skipped frames"),
    /** Frames the kernel dropped for the AF_XDP socket ({@code rx_dropped}). */
    DROPPED(2, "xdpfeed ingress xdp dropped"),
    /** Frames dropped because the RX ring was full: the receive thread was too slow. */
    RX_RING_FULL(3, "xdpfeed ingress xdp rx ring full"),
    /** Times the kernel found no free frame in the fill ring. */
    FILL_RING_EMPTY(4, "xdpfeed ingress xdp fill ring empty"),
    /** Descriptors the kernel rejected: a bug when not 0. */
    INVALID_DESCRIPTORS(5, "xdpfeed ingress xdp invalid descriptors"),
    /** Whole UDP datagrams dropped because their checksum failed (frames parsed in Java, AF_XDP). */
    BAD_CHECKSUMS(6, "xdpfeed ingress bad udp checksums"),
    /** Copies of incremental lines the XDP program passed after claiming their MsgSeqNum (kernel arbitration). */
    KERNEL_PASSED(7, "xdpfeed ingress kernel arbitration passed"),
    /** Copies the XDP program dropped because the other line's copy had claimed the MsgSeqNum. */
    KERNEL_DUPLICATES(8, "xdpfeed ingress kernel duplicates dropped"),
    /** Copies failing a check of the XDP program, passed to user space unclaimed. */
    KERNEL_MALFORMED(9, "xdpfeed ingress kernel malformed passed");

    /** Counter type id of the first ingress counter. */
    public static final int TYPE_ID_BASE = 7300;

    private static final IngressCounter[] COUNTERS = values();

    private final int id;
    private final String label;

    IngressCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    /**
     * @return the counter's id within the ingress counters.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the Aeron counter type id.
     */
    public int typeId()
    {
        return TYPE_ID_BASE + id;
    }

    /**
     * @return the label shown by AeronStat.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param statistics a sample of the source's counters.
     * @return this counter's value in it.
     */
    public long valueOf(final IngressStatistics statistics)
    {
        return statistics.count(switch (this)
        {
            case RECEIVED -> Count.RECEIVED_PACKETS;
            case SKIPPED_FRAMES -> Count.SKIPPED_FRAMES;
            case DROPPED -> Count.DROPPED_PACKETS;
            case RX_RING_FULL -> Count.RX_RING_FULL;
            case FILL_RING_EMPTY -> Count.FILL_RING_EMPTY;
            case INVALID_DESCRIPTORS -> Count.INVALID_DESCRIPTORS;
            case BAD_CHECKSUMS -> Count.BAD_CHECKSUMS;
            case KERNEL_PASSED -> Count.KERNEL_PASSED;
            case KERNEL_DUPLICATES -> Count.KERNEL_DUPLICATES;
            case KERNEL_MALFORMED -> Count.KERNEL_MALFORMED;
        });
    }

    /**
     * @param typeId an Aeron counter type id.
     * @return the ingress counter, or null.
     */
    public static IngressCounter ofTypeId(final int typeId)
    {
        final int id = typeId - TYPE_ID_BASE;
        return id >= 0 && id < COUNTERS.length ? COUNTERS[id] : null;
    }
}
