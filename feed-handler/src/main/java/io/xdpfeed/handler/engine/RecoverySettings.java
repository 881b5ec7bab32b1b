package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.Feed;
import org.agrona.BitUtil;

/**
 * The sequencing and recovery part of {@link FeedHandler.Context}: snapshot feed, gap wait, reorder window, recovery
 * queue, book sizes, line silence and when the recovery lines are joined.
 *
 * @param <C> the concrete context the fluent setters return.
 */
abstract class RecoverySettings<C extends RecoverySettings<C>> extends IngressSettings<C>
{
    private String snapshotFeedName = Configuration.snapshotFeed();
    private Feed snapshotFeed;
    private long gapWaitNs = Configuration.gapWaitNs();
    private int reorderWindow = Configuration.reorderWindow();
    private int queueCapacity = Configuration.queueCapacity();
    private int bookDepth = Configuration.bookDepth();
    private int mboMaxOrders = Configuration.mboMaxOrders();
    private LineControl lineControl;
    private String recoveryLines = Configuration.recoveryLines();
    private long lineSilenceNs = Configuration.lineSilenceNs();

    /**
     * Check the snapshot feed, gap wait, reorder window, queue, book sizes, line silence and recovery lines.
     */
    final void concludeRecovery()
    {
        if (snapshotFeed == null)
        {
            snapshotFeed = Feed.fromCode(snapshotFeedName.toUpperCase());
            if (snapshotFeed == null)
            {
                throw new ConfigurationException(Configuration.SNAPSHOT_FEED_PROP_NAME + "=" +
                    snapshotFeedName + " is neither A nor B");
            }
        }
        if (gapWaitNs <= 0)
        {
            throw new ConfigurationException(Configuration.GAP_WAIT_PROP_NAME + "=" + gapWaitNs +
                "ns must be more than 0, e.g. 2ms");
        }
        checkPowerOfTwo(Configuration.REORDER_WINDOW_PROP_NAME, reorderWindow, 2, 1 << 16);
        checkPowerOfTwo(Configuration.QUEUE_CAPACITY_PROP_NAME, queueCapacity, 16, 1 << 22);
        Configuration.checkMboMaxOrders(mboMaxOrders);
        if (bookDepth < 1 || bookDepth > 255)
        {
            throw new ConfigurationException(Configuration.BOOK_DEPTH_PROP_NAME + "=" + bookDepth +
                " is not in 1..255");
        }
        if (lineSilenceNs < 0)
        {
            throw new ConfigurationException(Configuration.LINE_SILENCE_PROP_NAME + "=" + lineSilenceNs +
                "ns must be >= 0 (0 turns the check off)");
        }
        if (!"on-demand".equals(recoveryLines) && !"always".equals(recoveryLines))
        {
            throw new ConfigurationException(Configuration.RECOVERY_LINES_PROP_NAME + "=" + recoveryLines +
                " is neither on-demand nor always");
        }
    }

    private static void checkPowerOfTwo(final String key, final int value, final int min, final int max)
    {
        if (value < min || value > max || !BitUtil.isPowerOfTwo(value))
        {
            throw new ConfigurationException(key + "=" + value + " must be a power of two in " + min + ".." +
                max);
        }
    }

    /**
     * @return the per-channel settings derived from this context.
     */
    public ChannelOptions channelOptions()
    {
        return new ChannelOptions(bookDepth, bookDepth, reorderWindow, gapWaitNs, queueCapacity,
            ChannelOptions.defaults().slotLength(), false, true, 0, mboMaxOrders);
    }

    /**
     * @return orders each market-by-order book holds.
     */
    public int mboMaxOrders()
    {
        return mboMaxOrders;
    }

    /**
     * @param maxOrders orders each market-by-order book holds.
     * @return this.
     */
    public C mboMaxOrders(final int maxOrders)
    {
        this.mboMaxOrders = maxOrders;
        return self();
    }

    /**
     * @return A or B (after conclude).
     */
    public Feed snapshotFeed()
    {
        return snapshotFeed;
    }

    /**
     * @param feed which copy of the snapshot and definition lines to use.
     * @return this.
     */
    public C snapshotFeed(final Feed feed)
    {
        this.snapshotFeed = feed;
        return self();
    }

    /**
     * @return gap wait in ns.
     */
    public long gapWaitNs()
    {
        return gapWaitNs;
    }

    /**
     * @param gapWaitNs wait for the other line.
     * @return this.
     */
    public C gapWaitNs(final long gapWaitNs)
    {
        this.gapWaitNs = gapWaitNs;
        return self();
    }

    /**
     * @return reorder window in packets.
     */
    public int reorderWindow()
    {
        return reorderWindow;
    }

    /**
     * @param packets reorder window, a power of two.
     * @return this.
     */
    public C reorderWindow(final int packets)
    {
        this.reorderWindow = packets;
        return self();
    }

    /**
     * @return recovery queue capacity in packets.
     */
    public int queueCapacity()
    {
        return queueCapacity;
    }

    /**
     * @param packets recovery queue capacity, a power of two.
     * @return this.
     */
    public C queueCapacity(final int packets)
    {
        this.queueCapacity = packets;
        return self();
    }

    /**
     * @return default book depth.
     */
    public int bookDepth()
    {
        return bookDepth;
    }

    /**
     * @param depth default book depth.
     * @return this.
     */
    public C bookDepth(final int depth)
    {
        this.bookDepth = depth;
        return self();
    }

    /**
     * @return silence time of an incremental line in ns, 0 for no check.
     */
    public long lineSilenceNs()
    {
        return lineSilenceNs;
    }

    /**
     * @param silenceNs an incremental line that delivers nothing for this long is SILENT, 0 for no check.
     * @return this.
     */
    public C lineSilenceNs(final long silenceNs)
    {
        this.lineSilenceNs = silenceNs;
        return self();
    }

    /**
     * @return {@link Configuration#RECOVERY_LINES_PROP_NAME}: {@code on-demand} or {@code always}.
     */
    public String recoveryLines()
    {
        return recoveryLines;
    }

    /**
     * @param recoveryLines {@code on-demand} or {@code always}.
     * @return this.
     */
    public C recoveryLines(final String recoveryLines)
    {
        this.recoveryLines = recoveryLines;
        return self();
    }

    /**
     * @return true when the snapshot and definition lines are joined only while a channel needs them.
     */
    public boolean recoveryLinesOnDemand()
    {
        return "on-demand".equals(recoveryLines);
    }

    /**
     * @return joins and leaves recovery lines: null until set, then the handler uses {@link LineControl#NONE}
     * with a given packet source or {@code always}, else a {@link SourceLineControl} over the live source.
     */
    public LineControl lineControl()
    {
        return lineControl;
    }

    /**
     * @param lineControl joins and leaves recovery lines.
     * @return this.
     */
    public C lineControl(final LineControl lineControl)
    {
        this.lineControl = lineControl;
        return self();
    }
}
