package io.xdpfeed.client;

import io.xdpfeed.common.bus.StreamDefaults;
import io.xdpfeed.common.latency.TierLatency;
import org.agrona.SystemUtil;

import java.util.concurrent.TimeUnit;

/**
 * Configuration of a {@link MarketDataSubscriber}: system property names, their defaults and static getters, in the
 * Aeron style. A {@link MarketDataSubscriber.Context} starts from these values; its setters override them.
 */
public final class SubscriberConfiguration
{
    /**
     * Aeron channel of the normalized market-data stream the handler publishes.
     */
    public static final String CHANNEL_PROP_NAME = "xdpfeed.client.channel";

    /**
     * Default market-data channel: IPC, the handler and the strategy share a host and a media driver.
     */
    public static final String CHANNEL_DEFAULT = StreamDefaults.MARKET_DATA_CHANNEL;

    /**
     * Aeron stream id of the market-data stream.
     */
    public static final String STREAM_ID_PROP_NAME = "xdpfeed.client.stream.id";

    /**
     * Default market-data stream id.
     */
    public static final int STREAM_ID_DEFAULT = StreamDefaults.MARKET_DATA_STREAM_ID;

    /**
     * Aeron channel of the handler's control stream, where snapshot requests go.
     */
    public static final String CONTROL_CHANNEL_PROP_NAME = "xdpfeed.client.control.channel";

    /**
     * Default control channel.
     */
    public static final String CONTROL_CHANNEL_DEFAULT = StreamDefaults.CONTROL_CHANNEL;

    /**
     * Term length of the control publication when its channel gives none: Aeron's smallest, 64 KiB (snapshot
     * requests are a few dozen bytes; Aeron's default IPC term, 64 MiB, would make a log of 192 MiB per strategy).
     */
    public static final int CONTROL_TERM_LENGTH = 64 * 1024;

    /**
     * Aeron stream id of the control stream.
     */
    public static final String CONTROL_STREAM_ID_PROP_NAME = "xdpfeed.client.control.stream.id";

    /**
     * Default control stream id.
     */
    public static final int CONTROL_STREAM_ID_DEFAULT = StreamDefaults.CONTROL_STREAM_ID;

    /**
     * Most fragments read by one poll of the subscription.
     */
    public static final String FRAGMENT_LIMIT_PROP_NAME = "xdpfeed.client.fragment.limit";

    /**
     * Default fragment limit per poll.
     */
    public static final int FRAGMENT_LIMIT_DEFAULT = 256;

    /**
     * How long a snapshot request may stay unanswered before it is sent again (a duration: 2s, 500ms, ...).
     */
    public static final String SNAPSHOT_TIMEOUT_PROP_NAME = "xdpfeed.client.snapshot.timeout";

    /**
     * Default snapshot request timeout.
     */
    public static final long SNAPSHOT_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(2);

    /**
     * How often a subscriber without a media driver looks for one (a duration).
     */
    public static final String DRIVER_CONNECT_INTERVAL_PROP_NAME = "xdpfeed.client.driver.connect.interval";

    /**
     * Default interval between looks for a media driver.
     */
    public static final long DRIVER_CONNECT_INTERVAL_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * Depth of an outright book until the instrument's definition says otherwise.
     */
    public static final String BOOK_DEPTH_PROP_NAME = "xdpfeed.client.book.depth";

    /**
     * Default outright depth (CME's usual MBP depth).
     */
    public static final int BOOK_DEPTH_DEFAULT = 10;

    /**
     * Depth of an implied book until the instrument's definition says otherwise.
     */
    public static final String IMPLIED_BOOK_DEPTH_PROP_NAME = "xdpfeed.client.implied.book.depth";

    /**
     * Default implied depth (CME publishes 2-deep implied books).
     */
    public static final int IMPLIED_BOOK_DEPTH_DEFAULT = 2;

    /**
     * Deepest book a record may describe; deeper levels are counted and skipped.
     */
    public static final int MAX_BOOK_DEPTH = 255;

    /**
     * Highest latency the histograms track; larger values are clamped to it and counted (a duration).
     */
    public static final String LATENCY_HIGHEST_PROP_NAME = "xdpfeed.client.latency.highest";

    /**
     * Default highest trackable latency: 10 seconds.
     */
    public static final long LATENCY_HIGHEST_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Significant decimal digits kept by the latency histograms.
     */
    public static final int LATENCY_SIGNIFICANT_DIGITS = TierLatency.SIGNIFICANT_DIGITS;

    private SubscriberConfiguration()
    {
    }

    /**
     * @return the market-data channel from {@link #CHANNEL_PROP_NAME} or {@link #CHANNEL_DEFAULT}.
     */
    public static String channel()
    {
        return System.getProperty(CHANNEL_PROP_NAME, CHANNEL_DEFAULT);
    }

    /**
     * @return the market-data stream id from {@link #STREAM_ID_PROP_NAME} or {@link #STREAM_ID_DEFAULT}.
     */
    public static int streamId()
    {
        return Integer.getInteger(STREAM_ID_PROP_NAME, STREAM_ID_DEFAULT);
    }

    /**
     * @return the control channel from {@link #CONTROL_CHANNEL_PROP_NAME} or {@link #CONTROL_CHANNEL_DEFAULT}.
     */
    public static String controlChannel()
    {
        return System.getProperty(CONTROL_CHANNEL_PROP_NAME, CONTROL_CHANNEL_DEFAULT);
    }

    /**
     * @return the control stream id from {@link #CONTROL_STREAM_ID_PROP_NAME} or {@link #CONTROL_STREAM_ID_DEFAULT}.
     */
    public static int controlStreamId()
    {
        return Integer.getInteger(CONTROL_STREAM_ID_PROP_NAME, CONTROL_STREAM_ID_DEFAULT);
    }

    /**
     * @return the fragment limit from {@link #FRAGMENT_LIMIT_PROP_NAME} or {@link #FRAGMENT_LIMIT_DEFAULT}.
     */
    public static int fragmentLimit()
    {
        return Integer.getInteger(FRAGMENT_LIMIT_PROP_NAME, FRAGMENT_LIMIT_DEFAULT);
    }

    /**
     * @return the snapshot request timeout from {@link #SNAPSHOT_TIMEOUT_PROP_NAME} or its default, in ns.
     */
    public static long snapshotTimeoutNs()
    {
        return SystemUtil.getDurationInNanos(SNAPSHOT_TIMEOUT_PROP_NAME, SNAPSHOT_TIMEOUT_DEFAULT_NS);
    }

    /**
     * @return the interval between looks for a media driver from {@link #DRIVER_CONNECT_INTERVAL_PROP_NAME} or its
     * default, in ns.
     */
    public static long driverConnectIntervalNs()
    {
        return SystemUtil.getDurationInNanos(DRIVER_CONNECT_INTERVAL_PROP_NAME, DRIVER_CONNECT_INTERVAL_DEFAULT_NS);
    }

    /**
     * @return the default outright depth from {@link #BOOK_DEPTH_PROP_NAME} or {@link #BOOK_DEPTH_DEFAULT}.
     */
    public static int bookDepth()
    {
        return Integer.getInteger(BOOK_DEPTH_PROP_NAME, BOOK_DEPTH_DEFAULT);
    }

    /**
     * @return the default implied depth from {@link #IMPLIED_BOOK_DEPTH_PROP_NAME} or its default.
     */
    public static int impliedBookDepth()
    {
        return Integer.getInteger(IMPLIED_BOOK_DEPTH_PROP_NAME, IMPLIED_BOOK_DEPTH_DEFAULT);
    }

    /**
     * @return the highest trackable latency from {@link #LATENCY_HIGHEST_PROP_NAME} or its default, in ns.
     */
    public static long latencyHighestTrackableNs()
    {
        return SystemUtil.getDurationInNanos(LATENCY_HIGHEST_PROP_NAME, LATENCY_HIGHEST_DEFAULT_NS);
    }
}
