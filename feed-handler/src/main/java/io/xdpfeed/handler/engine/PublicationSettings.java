package io.xdpfeed.handler.engine;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.driver.media.UdpChannel;
import io.xdpfeed.common.bus.ChannelParams;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.archive.ArchiveSettings;

/**
 * The publication part of {@link FeedHandler.Context}: the Aeron directory (embedded driver or external), the
 * market-data and control channels and streams, the heartbeat and snapshot intervals, and the privilege drop after
 * set-up.
 *
 * @param <C> the concrete context the fluent setters return.
 */
abstract class PublicationSettings<C extends PublicationSettings<C>> extends RecoverySettings<C>
{
    private String aeronDir = Configuration.aeronDir();
    private String embeddedAeronDir = AeronDirectory.embeddedName();
    private String aeronGroup = Configuration.aeronGroup();
    private boolean dropCapabilities;
    private Aeron aeron;
    private String marketDataChannel = Configuration.marketDataChannel();
    private int marketDataStream = Configuration.marketDataStream();
    private boolean marketDataPreTouch = Configuration.marketDataPreTouch();
    private String controlChannel = Configuration.controlChannel();
    private int controlStream = Configuration.controlStream();
    private long heartbeatIntervalNs = Configuration.heartbeatIntervalNs();
    private long snapshotIntervalNs = Configuration.snapshotIntervalNs();
    private ArchiveSettings archive;

    /**
     * Check the Aeron channels and streams and the conductor's intervals.
     */
    final void concludePublication()
    {
        final boolean embedded = aeron == null && aeronDir.isEmpty();
        checkAeronChannel(Configuration.MD_CHANNEL_PROP_NAME, marketDataChannel, embedded);
        checkAeronChannel(Configuration.CONTROL_CHANNEL_PROP_NAME, controlChannel, embedded);
        checkStream(Configuration.MD_STREAM_PROP_NAME, marketDataStream);
        checkStream(Configuration.CONTROL_STREAM_PROP_NAME, controlStream);
        if (marketDataChannel.equals(controlChannel) && marketDataStream == controlStream)
        {
            throw new ConfigurationException(Configuration.CONTROL_STREAM_PROP_NAME + "=" + controlStream +
                " is the market-data stream too: give the control stream its own id");
        }
        if (archive == null)
        {
            archive = ArchiveSettings.fromSystemProperties();
        }
        archive.check(aeron == null && !aeronDir.isEmpty());
        if (heartbeatIntervalNs < 0 || snapshotIntervalNs < 0)
        {
            throw new ConfigurationException("intervals must be >= 0: " +
                Configuration.HEARTBEAT_INTERVAL_PROP_NAME + "=" + heartbeatIntervalNs + "ns, " +
                Configuration.SNAPSHOT_INTERVAL_PROP_NAME + "=" + snapshotIntervalNs + "ns");
        }
    }

    /**
     * The channel read with Aeron's own parsers, so that a channel the media driver would refuse stops the start
     * before anything is set up: the URI always, and with the embedded driver (in this process, so in this network
     * namespace) a UDP channel's endpoint, control and interface as the driver reads them. What only the driver can
     * know (e.g. the room for the log), and an external driver's view, are checked when the stream is added
     * ({@link StreamRegistration}).
     */
    private static void checkAeronChannel(final String key, final String channel, final boolean embedded)
    {
        if (channel == null || !channel.startsWith("aeron:"))
        {
            throw new ConfigurationException(key + "=" + channel +
                " is not an Aeron channel (e.g. aeron:ipc or aeron:udp?endpoint=...)");
        }
        try
        {
            if (CommonContext.UDP_MEDIA.equals(ChannelUri.parse(channel).media()) && embedded)
            {
                UdpChannel.parse(channel);
            }
        }
        catch (final RuntimeException ex)
        {
            throw new ConfigurationException(key + "=" + channel + ": " + reason(ex), ex);
        }
    }

    private static String reason(final Throwable ex)
    {
        final Throwable cause = ex.getCause() != null && ex.getCause().getMessage() != null ? ex.getCause() : ex;
        return cause.getMessage();
    }

    private static void checkStream(final String key, final int streamId)
    {
        if (streamId == 0)
        {
            throw new ConfigurationException(key + "=0 is not a usable stream id");
        }
    }

    /**
     * @return external media driver directory, empty for embedded.
     */
    public String aeronDir()
    {
        return aeronDir;
    }

    /**
     * @param aeronDir external media driver directory, empty for embedded.
     * @return this.
     */
    public C aeronDir(final String aeronDir)
    {
        this.aeronDir = aeronDir;
        return self();
    }

    /**
     * @return directory of the embedded media driver: {@code aeron.dir}, else /dev/shm/xdpfeed-aeron-USER.
     */
    public String embeddedAeronDir()
    {
        return embeddedAeronDir;
    }

    /**
     * @param embeddedAeronDir directory of the embedded media driver (a stable name: see {@link AeronDirectory}).
     * @return this.
     */
    public C embeddedAeronDir(final String embeddedAeronDir)
    {
        this.embeddedAeronDir = embeddedAeronDir;
        return self();
    }

    /**
     * @return group given the embedded driver's directory, empty for the handler's primary group.
     */
    public String aeronGroup()
    {
        return aeronGroup;
    }

    /**
     * @param aeronGroup group name or number given the embedded driver's directory ({@link
     *                   AeronDirectoryPermissions}), empty for the handler's primary group.
     * @return this.
     */
    public C aeronGroup(final String aeronGroup)
    {
        this.aeronGroup = aeronGroup;
        return self();
    }

    /**
     * @return whether the capabilities are lowered once the source is set up (a dedicated process only:
     * capabilities are per thread, and the launching thread keeps only CAP_NET_ADMIN).
     */
    public boolean dropCapabilities()
    {
        return dropCapabilities;
    }

    /**
     * @param dropCapabilities lower the launching thread's capabilities to CAP_NET_ADMIN once the source is set
     *                         up, so that the agents it starts inherit no more; off by default (a test launching
     *                         several handlers in one JVM would lose what the next one needs).
     * @return this.
     */
    public C dropCapabilities(final boolean dropCapabilities)
    {
        this.dropCapabilities = dropCapabilities;
        return self();
    }

    /**
     * @return a client supplied by the caller (not closed by the handler), or null.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @param aeron a client to use instead of connecting (the caller closes it).
     * @return this.
     */
    public C aeron(final Aeron aeron)
    {
        this.aeron = aeron;
        return self();
    }

    /**
     * @return market-data Aeron channel.
     */
    public String marketDataChannel()
    {
        return marketDataChannel;
    }

    /**
     * @param channel market-data Aeron channel.
     * @return this.
     */
    public C marketDataChannel(final String channel)
    {
        this.marketDataChannel = channel;
        return self();
    }

    /**
     * @return whether the market-data publication's log is allocated and touched when it is added, so that writing
     * a record never page-faults ({@link Configuration#MD_PRE_TOUCH_PROP_NAME}).
     */
    public boolean marketDataPreTouch()
    {
        return marketDataPreTouch;
    }

    /**
     * @param preTouch allocate and touch the market-data publication's log when it is added.
     * @return this.
     */
    public C marketDataPreTouch(final boolean preTouch)
    {
        this.marketDataPreTouch = preTouch;
        return self();
    }

    /**
     * @return the channel the market-data publication is added on: {@link #marketDataChannel()}, with
     * {@code sparse=false} when pre-touched and the channel does not say (the driver then allocates and touches the
     * whole log when it creates it).
     */
    public String marketDataPublicationChannel()
    {
        if (!marketDataPreTouch)
        {
            return marketDataChannel;
        }
        return ChannelParams.withDefault(marketDataChannel, CommonContext.SPARSE_PARAM_NAME, "false");
    }

    /**
     * @return market-data stream id.
     */
    public int marketDataStream()
    {
        return marketDataStream;
    }

    /**
     * @param streamId market-data stream id.
     * @return this.
     */
    public C marketDataStream(final int streamId)
    {
        this.marketDataStream = streamId;
        return self();
    }

    /**
     * @return control Aeron channel.
     */
    public String controlChannel()
    {
        return controlChannel;
    }

    /**
     * @param channel control Aeron channel.
     * @return this.
     */
    public C controlChannel(final String channel)
    {
        this.controlChannel = channel;
        return self();
    }

    /**
     * @return control stream id.
     */
    public int controlStream()
    {
        return controlStream;
    }

    /**
     * @param streamId control stream id.
     * @return this.
     */
    public C controlStream(final int streamId)
    {
        this.controlStream = streamId;
        return self();
    }

    /**
     * @return the recording of the market-data stream (docs/distribution.md); from the system properties at
     * conclude unless set.
     */
    public ArchiveSettings archive()
    {
        return archive;
    }

    /**
     * @param archive whether and by which archive the market-data stream is recorded.
     * @return this.
     */
    public C archive(final ArchiveSettings archive)
    {
        this.archive = archive;
        return self();
    }

    /**
     * @return heartbeat interval in ns, 0 for none.
     */
    public long heartbeatIntervalNs()
    {
        return heartbeatIntervalNs;
    }

    /**
     * @param intervalNs heartbeat interval, 0 for none.
     * @return this.
     */
    public C heartbeatIntervalNs(final long intervalNs)
    {
        this.heartbeatIntervalNs = intervalNs;
        return self();
    }

    /**
     * @return unsolicited snapshot interval in ns, 0 for none.
     */
    public long snapshotIntervalNs()
    {
        return snapshotIntervalNs;
    }

    /**
     * @param intervalNs unsolicited snapshot interval, 0 for none.
     * @return this.
     */
    public C snapshotIntervalNs(final long intervalNs)
    {
        this.snapshotIntervalNs = intervalNs;
        return self();
    }
}
