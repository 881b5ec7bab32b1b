package io.xdpfeed.client;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.exceptions.ConfigurationException;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Subscribes to the handler's normalized market-data stream, keeps a {@link BookMirror} of it, calls the strategy's
 * {@link MarketDataListener} and records the client-side latency tiers.
 * <p>
 * Nothing runs on its own: the caller's thread polls with {@link #poll()} (or runs it as an Agrona {@link Agent} under
 * an {@code AgentRunner} or {@code AgentInvoker}); each poll reads up to the fragment limit of whole messages through
 * a {@link FragmentAssembler}, applies them to the mirror, calls the listener, then lets the mirror send or re-send
 * snapshot requests on the control stream. Started before the handler, it waits: polls return 0 and the mirror stays
 * STALE until a publisher connects, then joins (from recordSeq 1, or late through snapshots).
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
    private final Subscription subscription;
    private final Publication controlPublication;
    private final SnapshotRequestProxy requestProxy;
    private final BookMirror mirror;
    private final SubscriberLatency latency;
    private final MarketDataAdapter adapter;
    private final FragmentAssembler assembler;
    private final int fragmentLimit;
    private int sessionId;
    private boolean hasSession;
    private boolean isClosed;

    /**
     * Conclude the context, connect to the media driver if no Aeron client was given, add the market-data
     * subscription and the control publication.
     *
     * @param ctx configuration, concluded here.
     */
    public MarketDataSubscriber(final Context ctx)
    {
        this.ctx = ctx.conclude();
        final Aeron aeron = ctx.aeron();
        try
        {
            subscription = aeron.addSubscription(ctx.channel(), ctx.streamId());
            controlPublication = aeron.addPublication(ctx.controlChannel(), ctx.controlStreamId());
        }
        catch (final RuntimeException ex)
        {
            ctx.close();
            throw ex;
        }

        fragmentLimit = ctx.fragmentLimit();
        requestProxy = new SnapshotRequestProxy(controlPublication, ctx.streamId());
        mirror = new BookMirror(ctx, requestProxy);
        latency = ctx.recordLatency() ? new SubscriberLatency(ctx.latencyHighestTrackableNs()) : null;
        adapter = new MarketDataAdapter(mirror, latency, ctx.epochNanoClock());
        assembler = new FragmentAssembler(this::onFragment);
    }

    /**
     * Read available messages (up to the fragment limit), then run the mirror's recovery duty cycle.
     *
     * @return fragments read plus recovery work done; 0 means idle.
     */
    public int poll()
    {
        int work = subscription.poll(assembler, fragmentLimit);
        work += mirror.doWork(subscription.isConnected());

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
            CloseHelper.closeAll(subscription, controlPublication);
            ctx.close();
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
     * @return the market-data subscription.
     */
    public Subscription subscription()
    {
        return subscription;
    }

    /**
     * @return the control stream publication snapshot requests go to.
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
        private boolean ownsAeronClient;
        private String aeronDirectoryName = CommonContext.getAeronDirectoryName();
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

        /**
         * Fill in defaults, validate, and connect an Aeron client to {@link #aeronDirectoryName()} unless one was
         * given. Called by the {@link MarketDataSubscriber} constructor.
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

            if (null == aeron)
            {
                aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectoryName));
                ownsAeronClient = true;
            }
            isConcluded = true;

            return this;
        }

        /**
         * Close the Aeron client if {@link #conclude()} connected it.
         */
        public void close()
        {
            if (ownsAeronClient)
            {
                CloseHelper.close(aeron);
            }
        }

        /**
         * @param aeron client to use instead of connecting one (it stays open when the subscriber closes).
         * @return this.
         */
        public Context aeron(final Aeron aeron)
        {
            this.aeron = aeron;
            return this;
        }

        /**
         * @return the Aeron client, null before {@link #conclude()} unless one was given.
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
         * @param epochNanoClock clock of the callback time for the latency tiers; it must be comparable with the
         *                       handler's epoch clock (same host: both {@link OffsetEpochNanoClock}).
         * @return this.
         */
        public Context epochNanoClock(final EpochNanoClock epochNanoClock)
        {
            this.epochNanoClock = epochNanoClock;
            return this;
        }

        /**
         * @return the epoch clock, an {@link OffsetEpochNanoClock} when none was set.
         */
        public EpochNanoClock epochNanoClock()
        {
            if (null == epochNanoClock)
            {
                epochNanoClock = new OffsetEpochNanoClock();
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

        private static void requireChannel(final String name, final String value)
        {
            if (null == value || !value.startsWith("aeron:"))
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
