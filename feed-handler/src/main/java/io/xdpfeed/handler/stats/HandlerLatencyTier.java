package io.xdpfeed.handler.stats;

import io.xdpfeed.common.latency.LatencyTag;

/**
 * The latency tiers measured inside the feed handler (see DESIGN.md); {@code bus} and {@code end-to-end} are
 * measured by the subscriber (feed-client).
 */
public enum HandlerLatencyTier implements LatencyTag
{
    /**
     * Exchange SendingTime of the MDP packet to the frame seen by the handler: the XDP program's
     * {@code bpf_ktime_get_ns} stamp with AF_XDP, the time the kernel socket handed it over with UDP, the capture
     * time in a replay.
     */
    WIRE,

    /**
     * Frame seen to the packet decoded, sequenced and applied to the books: every moment the receive thread spent on
     * the datagram except claiming, encoding and committing records (with AF_XDP this includes the wait in the RX
     * ring).
     */
    DECODE,

    /**
     * Claim, encode and commit of the normalized records on Aeron, summed over the records of the datagram.
     */
    PUBLISH,

    /**
     * The kernel's receive stamp to the receive thread's first touch of the datagram (the start of its handling):
     * how long the datagram waited in the AF_XDP RX ring or the UDP socket's queue, and behind the datagrams before
     * it in the same poll. The stamp is the XDP program's {@code bpf_ktime_get_ns} with AF_XDP and the socket's
     * {@code SO_TIMESTAMPNS} software stamp with UDP (taken in the kernel's receive path before the socket queue), so
     * both transports measure the same span. Live only: captures have no kernel stamp.
     */
    RING_WAIT,

    /**
     * The receive thread's first touch of the datagram to its last record committed on Aeron: all the handler's work
     * on it (framing, sequencing, decode, books, encode, commit), without the wait before it.
     */
    PROCESSING;

    private static final HandlerLatencyTier[] TIERS = values();

    private final String tag = LatencyTag.tagOf(name());

    /**
     * @return the tier's name in reports, counters and the tag of its histograms in interval logs.
     */
    @Override
    public String tag()
    {
        return tag;
    }

    /**
     * @return every tier; shared array, do not modify.
     */
    public static HandlerLatencyTier[] tiers()
    {
        return TIERS;
    }
}
