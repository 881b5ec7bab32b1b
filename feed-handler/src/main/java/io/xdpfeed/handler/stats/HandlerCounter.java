package io.xdpfeed.handler.stats;

import io.xdpfeed.handler.counters.ChannelCounter;

/**
 * The handler's system counters, visible to AeronStat beside the media driver's. Each is an Aeron counter of type
 * {@link #TYPE_ID_BASE} + id. Those with a {@link #perChannel()} kind are the totals of the channels' own counters
 * ({@link ChannelCounter}, type id 7400 + id), summed by the conductor off the critical path; the others are written
 * in place by the thread that owns them (receive thread: unconfigured datagrams, snapshot requests, the publisher's
 * three; conductor: the line counters; the agent runners: errors).
 */
public enum HandlerCounter
{
    /** Datagrams on the subscribed channels' lines, before validation. */
    PACKETS(ChannelCounter.PACKETS),
    /** Incremental packets dropped as the other line's copy. */
    DUPLICATES(ChannelCounter.DUPLICATES),
    /** Holes neither line filled within the gap wait. */
    GAPS(ChannelCounter.GAPS),
    /** MsgSeqNums lost on every line. */
    LOST_PACKETS(ChannelCounter.LOST_PACKETS),
    /** Recoveries started (channel losses and late starts). */
    RECOVERIES(ChannelCounter.RECOVERIES),
    /** Snapshots applied. */
    SNAPSHOTS_APPLIED(ChannelCounter.SNAPSHOTS_APPLIED),
    /** Snapshots refused (too old or RptSeq did not continue after them). */
    SNAPSHOTS_REFUSED(ChannelCounter.SNAPSHOTS_REFUSED),
    /** Oldest recovery-queue copies overwritten because the queue was full. */
    QUEUE_OVERFLOWS(ChannelCounter.QUEUE_OVERFLOWS),
    /** RptSeq gaps of single instruments. */
    RPTSEQ_GAPS(ChannelCounter.RPTSEQ_GAPS),
    /** Datagrams with bad framing, counted and dropped. */
    MALFORMED(ChannelCounter.MALFORMED),
    /** Records committed to the market-data stream. */
    RECORDS_PUBLISHED(10, "xdpfeed records published"),
    /** Records dropped because subscribers were behind. */
    BACK_PRESSURE_DROPS(11, "xdpfeed back-pressure drops"),
    /** Records dropped because no subscriber was connected. */
    NOT_CONNECTED_DROPS(12, "xdpfeed not-connected drops"),
    /** Late-join snapshot requests answered. */
    SNAPSHOT_REQUESTS(13, "xdpfeed snapshot requests"),
    /** Datagrams on no configured line. */
    UNCONFIGURED_DATAGRAMS(14, "xdpfeed unconfigured datagrams"),
    /** Instruments not LIVE now. */
    STALE_INSTRUMENTS(ChannelCounter.STALE_INSTRUMENTS),
    /** Errors caught by the agent runners. */
    ERRORS(16, "xdpfeed errors"),
    /** Recovery lines (snapshot, definitions) joined by the conductor. */
    LINE_JOINS(17, "xdpfeed line joins"),
    /** Recovery lines left by the conductor. */
    LINE_LEAVES(18, "xdpfeed line leaves"),
    /** Joins the source refused (tried again after a second). */
    LINE_JOIN_FAILURES(19, "xdpfeed line join failures"),
    /** Datagrams of the snapshot and definition lines the engine routes (used or not). */
    RECOVERY_DATAGRAMS(ChannelCounter.RECOVERY_DATAGRAMS),
    /** Recovery-line datagrams that arrived while their channel did not want the line (all of them with every line
     * received from the start; only the few in flight at a leave when lines are joined on demand). */
    UNWANTED_RECOVERY_DATAGRAMS(ChannelCounter.UNWANTED_RECOVERY_DATAGRAMS),
    /** Longest wait between a channel changing the recovery lines it wants and the conductor acting on it, us. */
    LINE_CHANGE_LAG_MAX_US(22, "xdpfeed line change lag max us"),
    /** Losses at the tail of the incremental stream revealed by a snapshot's LastMsgSeqNumProcessed. */
    TAIL_LOSSES(ChannelCounter.TAIL_LOSSES),
    /** Times an incremental line went silent: nothing for the silence time, or the link went down. */
    LINE_SILENCES(24, "xdpfeed line silences"),
    /** Incremental lines silent now. */
    SILENT_LINES(25, "xdpfeed silent lines"),
    /** 1 while the interface's link is down (operstate), else 0. */
    LINK_DOWN(26, "xdpfeed link down"),
    /** Re-requests sent to the exchange's retransmission servers. */
    RETRANSMISSION_REQUESTS(ChannelCounter.RETRANSMISSION_REQUESTS),
    /** Sequence numbers lost on every line that retransmitted packets filled. */
    RETRANSMITTED_MESSAGES(ChannelCounter.RETRANSMITTED_MESSAGES),
    /** Snapshots from the exchange's snapshot servers applied. */
    STREAM_SNAPSHOTS(ChannelCounter.STREAM_SNAPSHOTS),
    /** Snapshots from the exchange's snapshot servers that failed (each tried again). */
    STREAM_SNAPSHOT_FAILURES(ChannelCounter.STREAM_SNAPSHOT_FAILURES),
    /** Orders refused by full market-by-order books (each leaves its instrument STALE). */
    ORDER_OVERFLOWS(ChannelCounter.ORDER_OVERFLOWS);

    /** Counter type id of the first counter; the channel-state counters use {@link #CHANNEL_STATE_TYPE_ID}. */
    public static final int TYPE_ID_BASE = 7000;
    /** Counter type id of the per-channel state counters: 0 LIVE, 1 STALE, 2 RECOVERING, 3 SILENT. */
    public static final int CHANNEL_STATE_TYPE_ID = ChannelCounter.STATE_TYPE_ID;

    private final int id;
    private final String label;
    private final ChannelCounter perChannel;

    HandlerCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
        this.perChannel = null;
    }

    HandlerCounter(final ChannelCounter perChannel)
    {
        this.id = perChannel.id();
        this.label = perChannel.label();
        this.perChannel = perChannel;
    }

    /**
     * @return the per-channel counters this one is the total of, or null when it is handler-wide only.
     */
    public ChannelCounter perChannel()
    {
        return perChannel;
    }

    /**
     * @return the counter's id within the handler.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the counter's Aeron type id.
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
}
