package io.xdpfeed.handler.channel;

import java.util.concurrent.TimeUnit;

/**
 * Settings of one {@link ChannelState}.
 *
 * @param defaultDepth        outright levels of a book before (or without) its definition.
 * @param defaultImpliedDepth implied levels of a book before (or without) its definition.
 * @param reorderWindow       packets the sequencer can hold while it waits for the other line, a power of two.
 * @param gapWaitNs           how long a hole may wait for the other line before it is declared lost.
 * @param queueCapacity       packets the recovery queue holds, a power of two.
 * @param slotLength          bytes per held or queued packet copy.
 * @param mbo                 true to keep market-by-order books from templates 47/53.
 * @param hasSnapshotLine     true when the channel has a market recovery line to recover from.
 * @param receiveTimeOffsetNs added to the source's receive times to make them ns since the epoch (0 for captures).
 * @param maxOrdersPerBook    orders a market-by-order book holds (pre-sized once; beyond it orders are counted and
 *                            refused).
 */
public record ChannelOptions(
    int defaultDepth,
    int defaultImpliedDepth,
    int reorderWindow,
    long gapWaitNs,
    int queueCapacity,
    int slotLength,
    boolean mbo,
    boolean hasSnapshotLine,
    long receiveTimeOffsetNs,
    int maxOrdersPerBook)
{
    /** Book depth when no definition says otherwise. */
    public static final int DEFAULT_DEPTH = 10;
    /** Packets held while waiting for the other line. */
    public static final int DEFAULT_REORDER_WINDOW = 64;
    /** Wait for the other line: 2 ms. */
    public static final long DEFAULT_GAP_WAIT_NS = TimeUnit.MILLISECONDS.toNanos(2);
    /** Recovery queue capacity in packets. */
    public static final int DEFAULT_QUEUE_CAPACITY = 8192;
    /** Orders per market-by-order book. */
    public static final int DEFAULT_MAX_ORDERS_PER_BOOK = 4096;

    /**
     * @return defaults: depth 10, window 64, wait 2 ms, queue 8192, 1472-byte slots, no MBO, a snapshot line,
     * capture times, 4096 orders per MBO book.
     */
    public static ChannelOptions defaults()
    {
        return new ChannelOptions(DEFAULT_DEPTH, DEFAULT_DEPTH, DEFAULT_REORDER_WINDOW, DEFAULT_GAP_WAIT_NS,
            DEFAULT_QUEUE_CAPACITY, PacketSlots.DEFAULT_SLOT_LENGTH, false, true, 0, DEFAULT_MAX_ORDERS_PER_BOOK);
    }

    /**
     * @param hasSnapshotLine whether the channel can recover from a snapshot line.
     * @return a copy with the flag set.
     */
    public ChannelOptions withSnapshotLine(final boolean hasSnapshotLine)
    {
        return new ChannelOptions(defaultDepth, defaultImpliedDepth, reorderWindow, gapWaitNs, queueCapacity,
            slotLength, mbo, hasSnapshotLine, receiveTimeOffsetNs, maxOrdersPerBook);
    }

    /**
     * @param mbo whether to keep market-by-order books.
     * @return a copy with the flag set.
     */
    public ChannelOptions withMbo(final boolean mbo)
    {
        return new ChannelOptions(defaultDepth, defaultImpliedDepth, reorderWindow, gapWaitNs, queueCapacity,
            slotLength, mbo, hasSnapshotLine, receiveTimeOffsetNs, maxOrdersPerBook);
    }

    /**
     * @param gapWaitNs wait for the other line.
     * @return a copy with the wait set.
     */
    public ChannelOptions withGapWaitNs(final long gapWaitNs)
    {
        return new ChannelOptions(defaultDepth, defaultImpliedDepth, reorderWindow, gapWaitNs, queueCapacity,
            slotLength, mbo, hasSnapshotLine, receiveTimeOffsetNs, maxOrdersPerBook);
    }

    /**
     * @param queueCapacity recovery queue capacity, a power of two.
     * @return a copy with the capacity set.
     */
    public ChannelOptions withQueueCapacity(final int queueCapacity)
    {
        return new ChannelOptions(defaultDepth, defaultImpliedDepth, reorderWindow, gapWaitNs, queueCapacity,
            slotLength, mbo, hasSnapshotLine, receiveTimeOffsetNs, maxOrdersPerBook);
    }

    /**
     * @param receiveTimeOffsetNs offset from the source clock to the epoch.
     * @return a copy with the offset set.
     */
    public ChannelOptions withReceiveTimeOffsetNs(final long receiveTimeOffsetNs)
    {
        return new ChannelOptions(defaultDepth, defaultImpliedDepth, reorderWindow, gapWaitNs, queueCapacity,
            slotLength, mbo, hasSnapshotLine, receiveTimeOffsetNs, maxOrdersPerBook);
    }

    /**
     * @param depth outright and implied default depth.
     * @return a copy with the default depths set.
     */
    public ChannelOptions withDefaultDepth(final int depth)
    {
        return new ChannelOptions(depth, depth, reorderWindow, gapWaitNs, queueCapacity, slotLength, mbo,
            hasSnapshotLine, receiveTimeOffsetNs, maxOrdersPerBook);
    }

    /**
     * @param reorderWindow packets held, a power of two.
     * @return a copy with the window set.
     */
    public ChannelOptions withReorderWindow(final int reorderWindow)
    {
        return new ChannelOptions(defaultDepth, defaultImpliedDepth, reorderWindow, gapWaitNs, queueCapacity,
            slotLength, mbo, hasSnapshotLine, receiveTimeOffsetNs, maxOrdersPerBook);
    }

    /**
     * @param maxOrdersPerBook orders a market-by-order book holds.
     * @return a copy with the capacity set.
     */
    public ChannelOptions withMaxOrdersPerBook(final int maxOrdersPerBook)
    {
        return new ChannelOptions(defaultDepth, defaultImpliedDepth, reorderWindow, gapWaitNs, queueCapacity,
            slotLength, mbo, hasSnapshotLine, receiveTimeOffsetNs, maxOrdersPerBook);
    }
}
