package io.xdpfeed.handler.protocol;

/**
 * Everything a protocol's decoder calls for one channel: the decode state, and the sinks its messages turn into.
 * Built by the channel's composition ({@code ChannelPipeline}) and handed to {@link Protocol#decoder}; the sinks
 * are the channel's own stages, so a protocol never sees instruments, books, sequencing or publication.
 * <pre>
 *   packetStart  once per packet, before its messages
 *   books        market-by-price entries           (incremental)
 *   orders       market-by-order events            (incremental, MBO channels)
 *   events       trades, volume, statistics, status (incremental; status live only)
 *   definitions  instrument definitions             (live or definition line)
 *   snapshots    snapshots, order snapshots         (snapshot line), channel reset (incremental)
 * </pre>
 * Receive thread only; the calls never throw and never allocate.
 */
public interface MessageSinks
{
    /**
     * @return where the decode stands: which messages to hand over.
     */
    DecodeState decodeState();

    /**
     * @return true when the channel keeps market-by-order books (order messages are handed to {@link #orders()}).
     */
    boolean marketByOrder();

    /**
     * @return levels per side of the channel's market-by-price books unless a definition says otherwise: what a
     * protocol that builds its levels itself from orders (ITCH) keeps and tells, so that the channel's books hold
     * exactly the levels told.
     */
    int bookDepth();

    /**
     * A packet's messages follow.
     *
     * @param msgSeqNum     its sequence number.
     * @param sendingTimeNs the exchange's sending time, ns since the epoch.
     * @param receiveTimeNs receive time, source clock.
     */
    void packetStart(long msgSeqNum, long sendingTimeNs, long receiveTimeNs);

    /**
     * @param receiveTimeNs a receive time, source clock.
     * @return the same instant in ns since the epoch, as the records carry it: the day of a protocol whose
     * timestamps are times of day (ITCH).
     */
    long receiveEpochNs(long receiveTimeNs);

    /**
     * @return market-by-price changes.
     */
    BookSink books();

    /**
     * @return market-by-order events.
     */
    OrderSink orders();

    /**
     * @return trades, volume, statistics, status.
     */
    EventSink events();

    /**
     * @return instrument definitions.
     */
    DefinitionSink definitions();

    /**
     * @return snapshots and channel resets.
     */
    SnapshotSink snapshots();
}
