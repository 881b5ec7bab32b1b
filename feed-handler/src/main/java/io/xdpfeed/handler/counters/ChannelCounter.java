package io.xdpfeed.handler.counters;

/**
 * What each channel counts, one Aeron counter per channel and kind: type id {@link #TYPE_ID_BASE} + id, the channel
 * id in the key (4 bytes, little-endian) and at the end of the label ({@code xdpfeed gaps channel=310}). The id is
 * that of the handler-wide total of the same name ({@code HandlerCounter}, type id 7000 + id), which the conductor
 * sums from these off the critical path. The channel's state has its own type id, {@link #STATE_TYPE_ID}.
 */
public enum ChannelCounter
{
    /** Datagrams on the channel's lines the engine routed to it (incremental, snapshot, definitions), before
     * validation. */
    PACKETS(0, "xdpfeed packets"),
    /** Incremental packets dropped as the other line's copy. */
    DUPLICATES(1, "xdpfeed duplicates"),
    /** Holes neither line filled within the gap wait. */
    GAPS(2, "xdpfeed gaps"),
    /** MsgSeqNums lost on every line. */
    LOST_PACKETS(3, "xdpfeed lost packets"),
    /** Recoveries started (channel losses and late starts). */
    RECOVERIES(4, "xdpfeed recoveries"),
    /** Snapshots applied. */
    SNAPSHOTS_APPLIED(5, "xdpfeed snapshots applied"),
    /** Snapshots refused (too old or RptSeq did not continue after them). */
    SNAPSHOTS_REFUSED(6, "xdpfeed snapshots refused"),
    /** Oldest recovery-queue copies overwritten because the queue was full. */
    QUEUE_OVERFLOWS(7, "xdpfeed recovery queue overflows"),
    /** RptSeq gaps of single instruments. */
    RPTSEQ_GAPS(8, "xdpfeed rptseq gaps"),
    /** Datagrams with bad framing, counted and dropped. */
    MALFORMED(9, "xdpfeed malformed"),
    /** Instruments not LIVE now (a level). */
    STALE_INSTRUMENTS(15, "xdpfeed stale instruments"),
    /** Datagrams of the snapshot and definition lines the engine routes to the channel (used or not). */
    RECOVERY_DATAGRAMS(20, "xdpfeed recovery-line datagrams"),
    /** Recovery-line datagrams that arrived while the channel did not want the line. */
    UNWANTED_RECOVERY_DATAGRAMS(21, "xdpfeed recovery-line datagrams not wanted"),
    /** Losses at the tail of the incremental stream revealed by a snapshot's LastMsgSeqNumProcessed. */
    TAIL_LOSSES(23, "xdpfeed tail losses"),
    /** Re-requests of lost sequence numbers sent to the exchange's retransmission server (a protocol's own
     * recovery, e.g. MoldUDP64). */
    RETRANSMISSION_REQUESTS(27, "xdpfeed retransmission requests"),
    /** Sequence numbers lost on every line that retransmitted packets filled. */
    RETRANSMITTED_MESSAGES(28, "xdpfeed retransmitted messages"),
    /** Snapshots from the exchange's snapshot server applied (a protocol's own recovery, e.g. GLIMPSE). */
    STREAM_SNAPSHOTS(29, "xdpfeed stream snapshots"),
    /** Snapshots from the exchange's snapshot server that failed (connection refused or timed out, login rejected,
     * the server closed or went silent mid-snapshot), each tried again after the protocol's delay. */
    STREAM_SNAPSHOT_FAILURES(30, "xdpfeed stream snapshot failures"),
    /** Orders a market-by-order book refused because it was full ({@code xdpfeed.mbo.max.orders}), from the
     * incremental feed or a snapshot: each leaves its instrument STALE (its book lacks the order). */
    ORDER_OVERFLOWS(31, "xdpfeed order book overflows");

    /** Type id of the first per-channel counter: 7400 + the id of the handler-wide total. */
    public static final int TYPE_ID_BASE = 7400;
    /** Type id of the per-channel state counters: 0 LIVE, 1 STALE, 2 RECOVERING, 3 SILENT. */
    public static final int STATE_TYPE_ID = 7100;
    /** What the label of a channel's counter adds to the label of the total, before the channel id. */
    public static final String LABEL_SUFFIX = " channel=";
    /** Largest id + 1: the span of type ids from {@link #TYPE_ID_BASE}. */
    public static final int ID_SPAN = 32;

    private static final ChannelCounter[] BY_ID = new ChannelCounter[ID_SPAN];

    static
    {
        for (final ChannelCounter counter : values())
        {
            BY_ID[counter.id] = counter;
        }
    }

    private final int id;
    private final String label;

    ChannelCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    /**
     * @return the id, shared with the handler-wide total of the same name.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the Aeron type id of the per-channel counters of this kind.
     */
    public int typeId()
    {
        return TYPE_ID_BASE + id;
    }

    /**
     * @return the label of the handler-wide total; the per-channel one adds {@code channel=<id>}.
     */
    public String label()
    {
        return label;
    }

    /**
     * @param channelId CME channel id.
     * @return the label of the channel's counter, e.g. {@code xdpfeed gaps channel=310}.
     */
    public String label(final int channelId)
    {
        return label + LABEL_SUFFIX + channelId;
    }

    /**
     * @param typeId an Aeron counter's type id.
     * @return the kind of per-channel counter, or null when the type id is not one.
     */
    public static ChannelCounter ofTypeId(final int typeId)
    {
        final int id = typeId - TYPE_ID_BASE;
        return id >= 0 && id < ID_SPAN ? BY_ID[id] : null;
    }

    /**
     * @param channelId CME channel id.
     * @return the label of the channel's state counter.
     */
    public static String stateLabel(final int channelId)
    {
        return "xdpfeed channel " + channelId + " state (0 LIVE, 1 STALE, 2 RECOVERING, 3 SILENT)";
    }
}
