package io.xdpfeed.client;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.archive.client.ReplayMerge;
import io.aeron.exceptions.ConductorServiceTimeoutException;
import io.aeron.exceptions.ConfigurationException;
import io.aeron.exceptions.DriverTimeoutException;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Subscribes to the handler's normalized market-data stream, keeps a {@link BookMirror} of it, calls the strategy's
 * {@link MarketDataListener} and records the client-side latency tiers.
 * <p>
 * Nothing runs on its own: the caller's thread polls with {@link #poll()} (or runs it as an Agrona {@link Agent} under
 * an {@code AgentRunner} or {@code AgentInvoker}); each poll reads up to the fragment limit of whole messages through
 * a {@link FragmentAssembler}, applies them to the mirror, calls the listener, then lets the mirror send or re-send
 * snapshot requests on the control stream.
 * <p>
 * <b>Waiting for the handler.</b> The handler runs an embedded media driver by default, so a strategy started before
 * it finds no driver at all. Unless an Aeron client is given in the context, the subscriber owns its connection to the
 * driver: it polls for an active driver (every {@link Context#driverConnectIntervalNs()}), connects when one appears,
 * and when the driver goes away (the handler stopped or restarted) it marks the mirror STALE, drops the client and
 * waits for the next driver instead of exiting the process as Aeron's default error handler would. A driver that is
 * gone is noticed either way: by the client's driver timeout ({@link Context#driverTimeoutMs()}), or sooner, while
 * the stream is silent, because the directory's {@code cnc.dat} is no longer the file the client connected to (a
 * handler killed with {@code kill -9} and started again recreates it): the client is then closed and a new one
 * connected to the new driver, without waiting for the timeout. Connected but
 * without a publisher, polls return 0 and the mirror stays STALE; when the handler publishes, the mirror joins (from
 * recordSeq 1, or late through snapshots).
 * <pre>{@code
 * try (MarketDataSubscriber subscriber = new MarketDataSubscriber(new MarketDataSubscriber.Context()
 *     .aeronDirectoryName(dir).listener(strategy)))
 * {
 *     while (running)
 *     {
 *         idleStrategy.idle(subscriber.poll());
 *     }
 * }
 * }</pre>
 */
public final class MarketDataSubscriber implements Agent, AutoCloseable
{
    private static final Consumer<String> NO_LOG = message -> {};

    private final Context ctx;
    private final boolean ownsAeronClient;
    private final SnapshotRequestProxy requestProxy;
    private final BookMirror mirror;
    private final SubscriberLatency latency;
    private final MarketDataAdapter adapter;
    private final FragmentAssembler assembler;
    private final int fragmentLimit;
    private final File cncFile;
    private final AtomicLong aeronErrors = new AtomicLong();
    private volatile boolean driverLost;
    private volatile Throwable lastAeronError;
    private Aeron aeron;
    private Subscription subscription;
    private Publication controlPublication;
    private ReplayMerge replayMerge;
    private long replayMergeFailures;
    private long lastConnectAttemptNs;
    private long driverConnects;
    private Object connectedCncFileKey;
    private long lastDriverCheckNs;
    private long recordsAtLastDriverCheck = -1;
    private long driverReplacements;
    private int sessionId;
    private boolean hasSession;
    private boolean isClosed;

    /**
     * Conclude the context and connect: with the given Aeron client, or to the media driver of
     * {@link Context#aeronDirectoryName()} when it is active. When it is not, the subscriber waits for it if
     * {@link Context#awaitDriver()} (the default), else fails.
     *
     * @param ctx configuration, concluded here.
     * @throws ConfigurationException for a bad setting, or no active driver when not awaiting one.
     */
    public MarketDataSubscriber(final Context ctx)
    {
        this.ctx = ctx.conclude();
        ownsAeronClient = null == ctx.aeron();
        fragmentLimit = ctx.fragmentLimit();
        requestProxy = new SnapshotRequestProxy(null, ctx.streamId());
        mirror = new BookMirror(ctx, requestProxy);
        latency = ctx.recordLatency() ? new SubscriberLatency(ctx.latencyHighestTrackableNs()) : null;
        adapter = new MarketDataAdapter(mirror, latency, ctx.epochNanoClock());
        assembler = new FragmentAssembler(this::onFragment);
        cncFile = new File(ctx.aeronDirectoryName(), CncFileDescriptor.CNC_FILE);

        if (!ownsAeronClient)
        {
            aeron = ctx.aeron();
            addResources(aeron);
        }
        else
        {
            lastConnectAttemptNs = ctx.nanoClock().nanoTime();
            if (!connectToDriver() && !ctx.awaitDriver())
            {
                throw new ConfigurationException("no active media driver in " + ctx.aeronDirectoryName() +
                    ": start the feed handler (it embeds one) or a media driver, or set awaitDriver(true) to wait");
            }
        }
    }

    /**
     * Read available messages (up to the fragment limit), then run the mirror's recovery duty cycle; without a driver,
     * look for one.
     *
     * @return fragments read plus other work done; 0 means idle.
     */
    public int poll()
    {
        final Subscription subscription = this.subscription;
        if (null == subscription || driverLost || subscription.isClosed())
        {
            return pollWithoutDriver();
        }

        int work = replayMerge == null ? subscription.poll(assembler, fragmentLimit) : pollReplayMerge();
        work += mirror.doWork(subscription.isConnected());
        if (0 == work && ownsAeronClient)
        {
            work += checkDriverReplaced();
        }

        return work;
    }

    /**
     * {@inheritDoc}
     */
    public int doWork()
    {
        return poll();
    }

    /**
     * {@inheritDoc}
     */
    public String roleName()
    {
        return "xdpfeed-subscriber";
    }

    /**
     * {@inheritDoc}
     */
    public void onClose()
    {
        close();
    }

    /**
     * Close the subscription and publication, and the Aeron client when this subscriber connected it.
     */
    public void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            releaseResources();
        }
    }

    /**
     * @return the local books and their trust status.
     */
    public BookMirror mirror()
    {
        return mirror;
    }

    /**
     * @return the latency tiers, null when the context disabled latency recording.
     */
    public SubscriberLatency latency()
    {
        return latency;
    }

    /**
     * @return decoding counters (malformed, wrong schema, skipped templates).
     */
    public MarketDataAdapter adapter()
    {
        return adapter;
    }

    /**
     * @return snapshot request counters of the control stream.
     */
    public SnapshotRequestProxy requestProxy()
    {
        return requestProxy;
    }

    /**
     * @return true while connected to a media driver (the publisher may still be absent).
     */
    public boolean isDriverConnected()
    {
        return null != subscription && !driverLost && !subscription.isClosed();
    }

    /**
     * @return connections made to a media driver by this subscriber (1 after the first; more after restarts).
     */
    public long driverConnects()
    {
        return driverConnects;
    }

    /**
     * @return times the driver was found replaced (its directory's cnc.dat is another file, or gone) before the
     * client's driver timeout, so that the subscriber reconnected at once.
     */
    public long driverReplacements()
    {
        return driverReplacements;
    }

    /**
     * @return errors reported by the Aeron client (driver timeouts included), counted instead of exiting.
     */
    public long aeronErrors()
    {
        return aeronErrors.get();
    }

    /**
     * @return the last error reported by the Aeron client, null when none.
     */
    public Throwable lastAeronError()
    {
        return lastAeronError;
    }

    /**
     * @return the market-data subscription, null while not connected to a driver.
     */
    public Subscription subscription()
    {
        return subscription;
    }

    /**
     * @return the control stream publication snapshot requests go to, null while not connected to a driver.
     */
    public Publication controlPublication()
    {
        return controlPublication;
    }

    /**
     * @return the concluded context.
     */
    public Context context()
    {
        return ctx;
    }

    private int pollWithoutDriver()
    {
        int work = 0;
        if (null != subscription)
        {
            releaseResources();
            work++;
        }
        work += mirror.doWork(false);

        if (ownsAeronClient && !isClosed)
        {
            final long nowNs = ctx.nanoClock().nanoTime();
            if (nowNs - lastConnectAttemptNs >= ctx.driverConnectIntervalNs())
            {
                lastConnectAttemptNs = nowNs;
                if (connectToDriver())
                {
                    work++;
                }
            }
        }

        return work;
    }

    /**
     * Idle polls only, at most every {@link Context#driverConnectIntervalNs()}, and only when no record arrived since
     * the last look (a flowing stream proves the driver alive): is cnc.dat still the file the client mapped? Its file
     * key (device and inode) changes when the directory is removed and created again, which only happens once the
     * driver that owned it is gone (the handler never removes a live driver's directory). Reading the key allocates
     * a little, so it is never done while records flow.
     */
    private int checkDriverReplaced()
    {
        final long nowNs = ctx.nanoClock().nanoTime();
        if (nowNs - lastDriverCheckNs < ctx.driverConnectIntervalNs())
        {
            return 0;
        }
        lastDriverCheckNs = nowNs;
        final long records = mirror.records();
        if (records != recordsAtLastDriverCheck || null == connectedCncFileKey)
        {
            recordsAtLastDriverCheck = records;
            return 0;
        }
        if (connectedCncFileKey.equals(cncFileKey(cncFile)))
        {
            return 0;
        }
        driverReplacements++;
        driverLost = true;
        return 1;
    }

    private static Object cncFileKey(final File cncFile)
    {
        try
        {
            return Files.readAttributes(cncFile.toPath(), BasicFileAttributes.class).fileKey();
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return null;
        }
    }

    private boolean connectToDriver()
    {
        final String dir = ctx.aeronDirectoryName();
        if (!CommonContext.isDriverActive(new File(dir), ctx.driverTimeoutMs(), NO_LOG))
        {
            return false;
        }

        driverLost = false;
        Aeron client = null;
        try
        {
            client = Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(dir)
                .driverTimeoutMs(ctx.driverTimeoutMs())
                .errorHandler(this::onAeronError));
            addResources(client);
            aeron = client;
            driverConnects++;
            connectedCncFileKey = cncFileKey(cncFile);
            recordsAtLastDriverCheck = -1;
            return true;
        }
        catch (final DriverTimeoutException ex)
        {
            onAeronError(ex);
            CloseHelper.quietCloseAll(subscription, controlPublication, client);
            subscription = null;
            controlPublication = null;
            return false;
        }
    }

    /**
     * Until merged, the replay feeds the mirror; once merged the subscription carries the live stream on the same
     * image. A failed merge (the archive gone, no progress) falls back to the live stream alone and the usual late
     * join by snapshot request.
     */
    private int pollReplayMerge()
    {
        final ReplayMerge merge = replayMerge;
        final int work = merge.poll(assembler, fragmentLimit);
        if (merge.isMerged() || merge.hasFailed())
        {
            if (merge.hasFailed())
            {
                replayMergeFailures++;
                subscription.asyncAddDestination(ctx.replayMerge().liveDestination());
            }
            CloseHelper.quietClose(merge);
            replayMerge = null;
            return work + 1;
        }
        return work;
    }

    /**
     * @return true while a late join by replay-merge is still replaying (not yet on the live stream).
     */
    public boolean isReplayMerging()
    {
        return replayMerge != null;
    }

    /**
     * @return replay-merges that failed and fell back to the live stream (and a snapshot request).
     */
    public long replayMergeFailures()
    {
        return replayMergeFailures;
    }

    private void addResources(final Aeron client)
    {
        if (ctx.replayMerge() != null)
        {
            subscription = client.addSubscription(ReplayMergeJoin.MERGE_CHANNEL, ctx.streamId());
            replayMerge = ctx.replayMerge().start(subscription);
        }
        else
        {
            subscription = client.addSubscription(ctx.channel(), ctx.streamId());
        }
        controlPublication = client.addPublication(ctx.controlChannel(), ctx.controlStreamId());
        requestProxy.publication(controlPublication);
    }

    private void releaseResources()
    {
        CloseHelper.quietClose(replayMerge);
        replayMerge = null;
        requestProxy.publication(null);
        CloseHelper.quietCloseAll(subscription, controlPublication);
        subscription = null;
        controlPublication = null;
        if (ownsAeronClient)
        {
            CloseHelper.quietClose(aeron);
            aeron = null;
        }
    }

    private void onAeronError(final Throwable error)
    {
        aeronErrors.incrementAndGet();
        lastAeronError = error;
        if (error instanceof DriverTimeoutException || error instanceof ConductorServiceTimeoutException)
        {
            driverLost = true;
        }
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int frameSessionId = header.sessionId();
        if (!hasSession || frameSessionId != sessionId)
        {
            hasSession = true;
            sessionId = frameSessionId;
            mirror.onNewStream(frameSessionId);
        }
        adapter.onMessage(buffer, offset, length);
    }

    /**
     * Settings of a {@link MarketDataSubscriber}, defaults from {@link SubscriberConfiguration}, in the Aeron style:
     * fluent setters, {@link #conclude()} fills in what is missing, validates and fails with
     * {@link ConfigurationException} naming the setting and the value.
     */
    public static final class Context
    {
        private boolean isConcluded;
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
        private long snapshotTimeoutNs = SubscriberConfiguration.snapshotTimeoutNs();
        private int bookDepth = SubscriberConfiguration.bookDepth();
        private int impliedBookDepth = SubscriberConfiguration.impliedBookDepth();
        private long latencyHighestTrackableNs = SubscriberConfiguration.latencyHighestTrackableNs();
        private boolean recordLatency = true;
        private int instanceId;
        private MarketDataListener listener;
        private MirrorStatusListener mirrorStatusListener;
        private EpochNanoClock epochNanoClock;
        private NanoClock nanoClock;
        private ReplayMergeJoin replayMerge;

        /**
         * Fill in defaults and validate. Called by the {@link MarketDataSubscriber} constructor, which then connects.
         *
         * @return this.
         * @throws ConfigurationException for a bad value.
         */
        public Context conclude()
        {
            if (isConcluded)
            {
                throw new ConfigurationException("MarketDataSubscriber.Context already concluded: use a new one");
            }

            requireChannel(SubscriberConfiguration.CHANNEL_PROP_NAME, channel);
            requireChannel(SubscriberConfiguration.CONTROL_CHANNEL_PROP_NAME, controlChannel);
            if (null != replayMerge && null == aeron)
            {
                throw new ConfigurationException(
                    "replayMerge needs the Aeron client of its archive client: set aeron()");
            }
            requireRange(SubscriberConfiguration.FRAGMENT_LIMIT_PROP_NAME, fragmentLimit, 1, Integer.MAX_VALUE);
            requireRange(
                SubscriberConfiguration.BOOK_DEPTH_PROP_NAME, bookDepth, 1, SubscriberConfiguration.MAX_BOOK_DEPTH);
            requireRange(
                SubscriberConfiguration.IMPLIED_BOOK_DEPTH_PROP_NAME,
                impliedBookDepth,
                1,
                SubscriberConfiguration.MAX_BOOK_DEPTH);
            if (snapshotTimeoutNs <= 0)
            {
                throw new ConfigurationException(
                    SubscriberConfiguration.SNAPSHOT_TIMEOUT_PROP_NAME + " must be > 0: " + snapshotTimeoutNs + "ns");
            }
            if (latencyHighestTrackableNs < 2)
            {
                throw new ConfigurationException(SubscriberConfiguration.LATENCY_HIGHEST_PROP_NAME +
                    " must be >= 2ns: " + latencyHighestTrackableNs + "ns");
            }

            if (driverTimeoutMs <= 0 || driverConnectIntervalNs <= 0)
            {
                throw new ConfigurationException("driverTimeoutMs and " +
                    SubscriberConfiguration.DRIVER_CONNECT_INTERVAL_PROP_NAME + " must be > 0: " + driverTimeoutMs +
                    "ms, " + driverConnectIntervalNs + "ns");
            }
            epochNanoClock();
            nanoClock();
            listener();
            mirrorStatusListener();
            instanceId();
            isConcluded = true;

            return this;
        }

        /**
         * @param aeron client to use instead of connecting one: it stays open when the subscriber closes, and the
         *              subscriber does not reconnect when its driver goes away (the client's error handler decides).
         * @return this.
         */
        public Context aeron(final Aeron aeron)
        {
            this.aeron = aeron;
            return this;
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
        public Context aeronDirectoryName(final String aeronDirectoryName)
        {
            this.aeronDirectoryName = aeronDirectoryName;
            return this;
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
        public Context driverTimeoutMs(final long driverTimeoutMs)
        {
            this.driverTimeoutMs = driverTimeoutMs;
            return this;
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
        public Context driverConnectIntervalNs(final long driverConnectIntervalNs)
        {
            this.driverConnectIntervalNs = driverConnectIntervalNs;
            return this;
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
        public Context awaitDriver(final boolean awaitDriver)
        {
            this.awaitDriver = awaitDriver;
            return this;
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
        public Context channel(final String channel)
        {
            this.channel = channel;
            return this;
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
        public Context streamId(final int streamId)
        {
            this.streamId = streamId;
            return this;
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
        public Context controlChannel(final String controlChannel)
        {
            this.controlChannel = controlChannel;
            return this;
        }

        /**
         * @return control channel.
         */
        public String controlChannel()
        {
            return controlChannel;
        }

        /**
         * @param controlStreamId control stream id.
         * @return this.
         */
        public Context controlStreamId(final int controlStreamId)
        {
            this.controlStreamId = controlStreamId;
            return this;
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
        public Context fragmentLimit(final int fragmentLimit)
        {
            this.fragmentLimit = fragmentLimit;
            return this;
        }

        /**
         * @return most fragments per poll.
         */
        public int fragmentLimit()
        {
            return fragmentLimit;
        }

        /**
         * @param snapshotTimeoutNs how long a snapshot request may stay unanswered before it is sent again.
         * @return this.
         */
        public Context snapshotTimeoutNs(final long snapshotTimeoutNs)
        {
            this.snapshotTimeoutNs = snapshotTimeoutNs;
            return this;
        }

        /**
         * @return snapshot request timeout in ns.
         */
        public long snapshotTimeoutNs()
        {
            return snapshotTimeoutNs;
        }

        /**
         * @param bookDepth outright depth of a book until its definition says otherwise.
         * @return this.
         */
        public Context bookDepth(final int bookDepth)
        {
            this.bookDepth = bookDepth;
            return this;
        }

        /**
         * @return default outright depth.
         */
        public int bookDepth()
        {
            return bookDepth;
        }

        /**
         * @param impliedBookDepth implied depth of a book until its definition says otherwise.
         * @return this.
         */
        public Context impliedBookDepth(final int impliedBookDepth)
        {
            this.impliedBookDepth = impliedBookDepth;
            return this;
        }

        /**
         * @return default implied depth.
         */
        public int impliedBookDepth()
        {
            return impliedBookDepth;
        }

        /**
         * @param recordLatency whether to record the latency tiers (one clock read per record).
         * @return this.
         */
        public Context recordLatency(final boolean recordLatency)
        {
            this.recordLatency = recordLatency;
            return this;
        }

        /**
         * @return whether latency is recorded.
         */
        public boolean recordLatency()
        {
            return recordLatency;
        }

        /**
         * @param latencyHighestTrackableNs highest latency tracked, larger values clamped and counted.
         * @return this.
         */
        public Context latencyHighestTrackableNs(final long latencyHighestTrackableNs)
        {
            this.latencyHighestTrackableNs = latencyHighestTrackableNs;
            return this;
        }

        /**
         * @return highest latency tracked in ns.
         */
        public long latencyHighestTrackableNs()
        {
            return latencyHighestTrackableNs;
        }

        /**
         * @param instanceId high 32 bits of this subscriber's snapshot requestIds; they must differ between the
         *                   subscribers of one handler (they see each other's answers). Random by default.
         * @return this.
         */
        public Context instanceId(final int instanceId)
        {
            this.instanceId = instanceId;
            return this;
        }

        /**
         * @return high 32 bits of requestIds, drawn at random (never 0) on first use when not set.
         */
        public int instanceId()
        {
            if (0 == instanceId)
            {
                instanceId = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
            }
            return instanceId;
        }

        /**
         * @param listener the strategy's callbacks, called after the mirror applied each record.
         * @return this.
         */
        public Context listener(final MarketDataListener listener)
        {
            this.listener = listener;
            return this;
        }

        /**
         * @return the strategy's listener, a no-op one when none was set.
         */
        public MarketDataListener listener()
        {
            if (null == listener)
            {
                listener = new MarketDataListener()
                {
                };
            }
            return listener;
        }

        /**
         * @param mirrorStatusListener trust transitions of the mirror.
         * @return this.
         */
        public Context mirrorStatusListener(final MirrorStatusListener mirrorStatusListener)
        {
            this.mirrorStatusListener = mirrorStatusListener;
            return this;
        }

        /**
         * @return the mirror status listener, a no-op one when none was set.
         */
        public MirrorStatusListener mirrorStatusListener()
        {
            if (null == mirrorStatusListener)
            {
                mirrorStatusListener = new MirrorStatusListener()
                {
                };
            }
            return mirrorStatusListener;
        }

        /**
         * @param epochNanoClock clock of the callback time for the latency tiers; it must read the same clock as the
         *                       handler's publishTimeNs and sendingTimeNs to mean anything.
         * @return this.
         */
        public Context epochNanoClock(final EpochNanoClock epochNanoClock)
        {
            this.epochNanoClock = epochNanoClock;
            return this;
        }

        /**
         * The default is {@link SystemEpochNanoClock}: CLOCK_REALTIME read on every call (a vDSO call of ~20 ns, its
         * Instant scalar-replaced by the JIT: no allocation, see SteadyStateAllocationTest). Every process on the host
         * reads the same kernel clock, so handler and subscriber timestamps compare to the nanosecond. Agrona's
         * OffsetEpochNanoClock is cheaper but samples its offset with System.currentTimeMillis: two processes can
         * disagree by up to a millisecond, which swamps a sub-microsecond bus tier.
         *
         * @return the epoch clock, {@link SystemEpochNanoClock} when none was set.
         */
        public EpochNanoClock epochNanoClock()
        {
            if (null == epochNanoClock)
            {
                epochNanoClock = SystemEpochNanoClock.INSTANCE;
            }
            return epochNanoClock;
        }

        /**
         * @param nanoClock monotonic clock of the snapshot request timeouts.
         * @return this.
         */
        public Context nanoClock(final NanoClock nanoClock)
        {
            this.nanoClock = nanoClock;
            return this;
        }

        /**
         * @return the monotonic clock, {@link SystemNanoClock} when none was set.
         */
        public NanoClock nanoClock()
        {
            if (null == nanoClock)
            {
                nanoClock = SystemNanoClock.INSTANCE;
            }
            return nanoClock;
        }

        /**
         * @param replayMerge late join by replaying the handler's recording and merging into the live UDP stream,
         *                    instead of {@link #channel()} and a snapshot request; needs {@link #aeron(Aeron)} (the
         *                    archive client's).
         * @return this.
         */
        public Context replayMerge(final ReplayMergeJoin replayMerge)
        {
            this.replayMerge = replayMerge;
            return this;
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

        private static void requireRange(final String name, final int value, final int min, final int max)
        {
            if (value < min || value > max)
            {
                throw new ConfigurationException(name + " must be in " + min + ".." + max + ": " + value);
            }
        }
    }
}
