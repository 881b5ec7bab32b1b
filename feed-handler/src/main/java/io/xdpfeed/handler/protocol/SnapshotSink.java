package io.xdpfeed.handler.protocol;

/**
 * The recovery (snapshot) line of a channel: full market-by-price snapshots of one instrument, market-by-order
 * snapshots in chunks, and the channel reset of the incremental stream. The channel's snapshot recovery decides
 * whether a snapshot is usable (its instrument STALE, its LastMsgSeqNumProcessed at least the loss and the queue
 * still holding every packet after it), applies it, replays the queued packets after it and tracks whole loops of
 * the snapshot line. A protocol hands over snapshots of snapshot-line packets only ({@link DecodeMode#SNAPSHOT}),
 * order snapshots only on channels with MBO books, and the channel reset of incremental ones.
 */
public interface SnapshotSink
{
    /** A sequence number the protocol did not send: after every real one (MDP 3.0's uint32 null). */
    long NO_SEQ_NUM = 0xFFFF_FFFFL;

    /**
     * A market-by-price snapshot of one instrument starts.
     *
     * @param securityId             the instrument.
     * @param lastMsgSeqNumProcessed sequence number of the last incremental packet the snapshot includes.
     * @param receiveTimeNs          receive time of its packet, source clock (tail-loss evidence).
     * @return true when it is applied: {@link #snapshotLevel} calls follow (the book was emptied).
     */
    boolean snapshotBegin(int securityId, long lastMsgSeqNumProcessed, long receiveTimeNs);

    /**
     * One level of the snapshot being applied.
     *
     * @param side      {@link BookSink#BID} or {@link BookSink#ASK}.
     * @param levelType {@link BookSink#OUTRIGHT} or {@link BookSink#IMPLIED}.
     * @param level     1-based price level.
     * @param price     level price.
     * @param quantity  level quantity, 0 when not sent.
     * @param orders    orders at the level, 0 when not sent.
     */
    void snapshotLevel(int side, int levelType, int level, long price, long quantity, int orders);

    /**
     * The snapshot message ends (whether it was applied or not).
     *
     * @param rptSeq        the instrument's sequence number the snapshot is at.
     * @param tradingStatus trading status, {@link EventSink#NO_STATUS} when not sent.
     * @param totalReports  snapshots in a whole loop, 0 when not sent.
     */
    void snapshotEnd(long rptSeq, short tradingStatus, long totalReports);

    /**
     * A chunk of a market-by-order snapshot of one instrument starts.
     *
     * @param securityId             the instrument.
     * @param lastMsgSeqNumProcessed sequence number of the last incremental packet the snapshot includes.
     * @param chunks                 chunks of the instrument's snapshot, 0 when not sent.
     * @param chunk                  1-based number of this chunk.
     * @return true when its orders are assembled: {@link #snapshotOrder} calls follow.
     */
    boolean orderSnapshotBegin(int securityId, long lastMsgSeqNumProcessed, long chunks, long chunk);

    /**
     * One order of the chunk being assembled.
     *
     * @param side     {@link OrderSink#BID}, {@link OrderSink#ASK} or {@link OrderSink#NO_SIDE} (ignored).
     * @param orderId  exchange order id.
     * @param price    order price.
     * @param quantity displayed quantity.
     * @param priority order priority.
     */
    void snapshotOrder(int side, long orderId, long price, long quantity, long priority);

    /**
     * The chunk ends (whether it was assembled or not).
     *
     * @param totalReports snapshot messages in a whole loop, 0 when not sent.
     */
    void orderSnapshotEnd(long totalReports);

    /**
     * The exchange reset the channel (every book empty, sequence numbers of instruments start again).
     */
    void channelReset();
}
