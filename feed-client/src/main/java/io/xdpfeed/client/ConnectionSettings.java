package io.xdpfeed.client;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.exceptions.ConfigurationException;
import io.xdpfeed.common.bus.ChannelParams;

/**
 * The connection part of {@link MarketDataSubscriber.Context}: the Aeron client or the media driver directory, how to
 * wait for a driver, the market-data and control channels and stream ids, the fragment limit of a poll, and a late
 * join by replay-merge.
 *
 * @param <C> the concrete context the fluent setters return.
 */
abstract class ConnectionSettings<C extends ConnectionSettings<C>>
{
    private Aeron aeron;
    private String aeronDirectoryName = CommonContext.getAeronDirectoryName();
    private long driverTimeoutMs = CommonContext.DRIVER_TIMEOUT_MS;
    private long driverConnectIntervalNs = SubscriberConfiguration.driverConnectIntervalNs();
    private boolean awaitDriver = true;
    private String channel = SubscriberConfiguration.channel();
    private int streamId = SubscriberConfiguration.streamId();
    private String controlChannel = SubscriberConfiguration.controlChannel();
    private int controlStreamId = SubscriberConfiguration.controlStreamId();
    private int fragmentLimit = SubscriberConfiguration.fragmentLimit();
    private ReplayMergeJoin replayMerge;

    /**
     * @return this, as the concrete context.
     */
    @SuppressWarnings("unchecked")
    final C self()
    {
        return (C)this;
    }

    /**
     * Check the channels, the fragment limit and the driver timeouts.
     *
     * @throws ConfigurationException naming the setting and the value.
     */
    final void concludeConnection()
    {
        requireChannel(SubscriberConfiguration.CHANNEL_PROP_NAME, channel);
        requireChannel(SubscriberConfiguration.CONTROL_CHANNEL_PROP_NAME, controlChannel);
        if (null != replayMerge && null == aeron)
        {
            throw new ConfigurationException("replayMerge needs the Aeron client of its archive client: set aeron()");
        }
        requireRange(SubscriberConfiguration.FRAGMENT_LIMIT_PROP_NAME, fragmentLimit, 1, Integer.MAX_VALUE);
        if (driverTimeoutMs <= 0 || driverConnectIntervalNs <= 0)
        {
            throw new ConfigurationException("driverTimeoutMs and " +
                SubscriberConfiguration.DRIVER_CONNECT_INTERVAL_PROP_NAME + " must be > 0: " + driverTimeoutMs +
                "ms, " + driverConnectIntervalNs + "ns");
        }
    }

    /**
     * @param aeron client to use instead of connecting one: it stays open when the subscriber closes, and the
     *              subscriber does not reconnect when its driver goes away (the client's error handler decides).
     * @return this.
     */
    public C aeron(final Aeron aeron)
    {
        this.aeron = aeron;
        return self();
    }

    /**
     * @return the Aeron client given, null when the subscriber connects its own.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @param aeronDirectoryName media driver directory to connect to when no client is given.
     * @return this.
     */
    public C aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return self();
    }

    /**
     * @return media driver directory.
     */
    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * @param driverTimeoutMs how long the driver may be silent before it counts as gone (also the staleness
     *                        allowed of its heartbeat when looking for one).
     * @return this.
     */
    public C driverTimeoutMs(final long driverTimeoutMs)
    {
        this.driverTimeoutMs = driverTimeoutMs;
        return self();
    }

    /**
     * @return driver timeout in ms.
     */
    public long driverTimeoutMs()
    {
        return driverTimeoutMs;
    }

    /**
     * @param driverConnectIntervalNs how often to look for an active media driver while there is none.
     * @return this.
     */
    public C driverConnectIntervalNs(final long driverConnectIntervalNs)
    {
        this.driverConnectIntervalNs = driverConnectIntervalNs;
        return self();
    }

    /**
     * @return interval between looks for a media driver, in ns.
     */
    public long driverConnectIntervalNs()
    {
        return driverConnectIntervalNs;
    }

    /**
     * @param awaitDriver true (default) to wait for a media driver that is not there yet; false to fail at
     *                    construction instead.
     * @return this.
     */
    public C awaitDriver(final boolean awaitDriver)
    {
        this.awaitDriver = awaitDriver;
        return self();
    }

    /**
     * @return whether a missing media driver is waited for.
     */
    public boolean awaitDriver()
    {
        return awaitDriver;
    }

    /**
     * @param channel market-data channel, e.g. {@code aeron:ipc} or {@code aeron:udp?endpoint=224.0.1.1:40456}.
     * @return this.
     */
    public C channel(final String channel)
    {
        this.channel = channel;
        return self();
    }

    /**
     * @return market-data channel.
     */
    public String channel()
    {
        return channel;
    }

    /**
     * @param streamId market-data stream id.
     * @return this.
     */
    public C streamId(final int streamId)
    {
        this.streamId = streamId;
        return self();
    }

    /**
     * @return market-data stream id.
     */
    public int streamId()
    {
        return streamId;
    }

    /**
     * @param controlChannel the handler's control channel, e.g. {@code aeron:udp?endpoint=handler-host:40457}.
     * @return this.
     */
    public C controlChannel(final String controlChannel)
    {
        this.controlChannel = controlChannel;
        return self();
    }

    /**
     * @return control channel.
     */
    public String controlChannel()
    {
        return controlChannel;
    }

    /**
     * @return the channel the control publication is added on: {@link #controlChannel()} with a term of
     * {@link SubscriberConfiguration#CONTROL_TERM_LENGTH} unless the channel gives one (the handler touches the log of
     * every control publication it sees; requests are a few dozen bytes).
     */
    public String controlPublicationChannel()
    {
        return ChannelParams.withDefault(controlChannel, CommonContext.TERM_LENGTH_PARAM_NAME,
            Integer.toString(SubscriberConfiguration.CONTROL_TERM_LENGTH));
    }

    /**
     * @param controlStreamId control stream id.
     * @return this.
     */
    public C controlStreamId(final int controlStreamId)
    {
        this.controlStreamId = controlStreamId;
        return self();
    }

    /**
     * @return control stream id.
     */
    public int controlStreamId()
    {
        return controlStreamId;
    }

    /**
     * @param fragmentLimit most fragments per poll.
     * @return this.
     */
    public C fragmentLimit(final int fragmentLimit)
    {
        this.fragmentLimit = fragmentLimit;
        return self();
    }

    /**
     * @return most fragments per poll.
     */
    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    /**
     * @param replayMerge late join by replaying the handler's recording and merging into the live UDP stream,
     *                    instead of {@link #channel()} and a snapshot request; needs {@link #aeron(Aeron)} (the
     *                    archive client's).
     * @return this.
     */
    public C replayMerge(final ReplayMergeJoin replayMerge)
    {
        this.replayMerge = replayMerge;
        return self();
    }

    /**
     * @return the late join by replay-merge, or null.
     */
    public ReplayMergeJoin replayMerge()
    {
        return replayMerge;
    }

    private static void requireChannel(final String name, final String value)
    {
        try
        {
            ChannelUri.parse(value);
        }
        catch (final RuntimeException ex)
        {
            throw new ConfigurationException(name + " must be an Aeron channel URI (aeron:ipc, aeron:udp?...): " +
                value);
        }
    }

    static void requireRange(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new ConfigurationException(name + " must be in " + min + ".." + max + ": " + value);
        }
    }
}
