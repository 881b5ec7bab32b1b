package io.xdpfeed.client;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.exceptions.ConfigurationException;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.ThreadLocalRandom;

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
    private final Context ctx;
    private final SnapshotRequestProxy requestProxy;
    private final BookMirror mirror;
    private final SubscriberLatency latency;
    private final MarketDataAdapter adapter;
    private final FragmentAssembler assembler;
    private final int fragmentLimit;
    private final DriverConnection connection;
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
        fragmentLimit = ctx.fragmentLimit();
        requestProxy = new SnapshotRequestProxy(null, ctx.streamId());
        mirror = new BookMirror(ctx, requestProxy);
        latency = ctx.recordLatency() ? new SubscriberLatency(ctx.latencyHighestTrackableNs()) : null;
        adapter = new MarketDataAdapter(mirror, latency, ctx.epochNanoClock());
        assembler = new FragmentAssembler(this::onFragment);
        connection = new DriverConnection(ctx, requestProxy);
    }

    /**
     * Read available messages (up to the fragment limit), then run the mirror's recovery duty cycle; without a driver,
     * look for one.
     *
     * @return fragments read plus other work done; 0 means idle.
     */
    public int poll()
    {
        final Subscription subscription = connection.liveSubscription();
        if (null == subscription)
        {
            int work = connection.releaseLost();
            work += mirror.doWork(false);
            if (!isClosed)
            {
                work += connection.tryConnect();
            }
            return work;
        }

        int work = connection.isReplayMerging() ? connection.pollReplayMerge(assembler, fragmentLimit) :
            subscription.poll(assembler, fragmentLimit);
        work += mirror.doWork(subscription.isConnected());
        if (0 == work)
        {
            work += connection.checkDriverReplaced(mirror.count(BookMirror.Count.RECORDS));
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
            connection.close();
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
     * @return the decoder: its counts by {@link MarketDataAdapter.Count} (malformed, wrong schema, skipped templates).
     */
    public MarketDataAdapter adapter()
    {
        return adapter;
    }

    /**
     * @return the proxy the mirror's snapshot requests go through on the control stream.
     */
    public SnapshotRequestProxy requestProxy()
    {
        return requestProxy;
    }

    /**
     * @return the link to the media driver: whether it is connected, the subscription and control publication, the
     * replay-merge, its counts.
     */
    public DriverConnection connection()
    {
        return connection;
    }

    /**
     * @return the concluded context.
     */
    public Context context()
    {
        return ctx;
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
    public static final class Context extends ConnectionSettings<Context>
    {
        private boolean isConcluded;
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

            concludeConnection();
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
            epochNanoClock();
            nanoClock();
            listener();
            mirrorStatusListener();
            instanceId();
            isConcluded = true;

            return this;
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
         * @param epochNanoClock clock of the messages' arrival time for the latency tiers; it must read the same
         *                       clock as the handler's publishTimeNs and sendingTimeNs to mean anything.
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
    }
}
