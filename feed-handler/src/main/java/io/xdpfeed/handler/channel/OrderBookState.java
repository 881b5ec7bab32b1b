package io.xdpfeed.handler.channel;

import io.xdpfeed.handler.book.OrderBook;

/**
 * Market-by-order state of one instrument beside its {@link OrderBook}: how far the book is applied and where its
 * recovery stands (the chunks of a SnapshotFullRefreshOrderBook53 being assembled, whether the instrument's 52 and 53
 * are both in). Owned by the receive thread, written by {@link OrderBookUpdater} and {@link SnapshotRecovery}.
 */
final class OrderBookState
{
    final OrderBook book;

    /** Last incremental MsgSeqNum whose order entries are in the book. 47 has no RptSeq: this decides. */
    long appliedThroughSeqNum;
    /** Chunk of the 53 being assembled, 0 when none. */
    int snapshotChunk;
    /** LastMsgSeqNumProcessed of the 53 being assembled or assembled. */
    long snapshotSeqNum;
    /** Every chunk of a 53 is in the book (recovery waits for the 52 too). */
    boolean snapshotReady;
    /** The 52 of the instrument is applied and waits for its 53. */
    boolean mbpSnapshotReady;
    /** MBO snapshot loop in which the instrument's 53 was last seen. */
    int snapshotLoop = -1;

    OrderBookState(final int capacity)
    {
        this.book = new OrderBook(capacity);
    }

    void resetRecovery()
    {
        snapshotChunk = 0;
        snapshotReady = false;
        mbpSnapshotReady = false;
    }
}
