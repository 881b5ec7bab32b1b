package io.xdpfeed.client;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.archive.client.ReplayMerge;
import io.aeron.exceptions.ConductorServiceTimeoutException;
import io.aeron.exceptions.ConfigurationException;
import io.aeron.exceptions.DriverTimeoutException;
import io.aeron.logbuffer.FragmentHandler;
import io.xdpfeed.common.counters.Counts;
import org.agrona.CloseHelper;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The subscriber's link to the media driver: the market-data subscription and the control publication, and, unless
 * the context gave an Aeron client, the client itself, connected when a driver is active, dropped when it goes away
 * and connected again to the next one. With {@link MarketDataSubscriber.Context#replayMerge(ReplayMergeJoin)} the
 * subscription is the merge's multi-destination one and the replay-merge runs until it is on the live stream.
 * <p>
 * A driver that is gone is noticed by the client's driver timeout (its error handler), or sooner, while the stream
 * is silent, by looking at the directory's {@code cnc.dat} between idle polls: it is no longer the file the client
 * connected to. Driven by the {@link MarketDataSubscriber}'s polls, read through
 * {@link MarketDataSubscriber#connection()}. Single-threaded (the polling thread) except for the error handler, which
 * only sets volatile fields and counts {@link Count#AERON_ERRORS}.
 */
public final class DriverConnection
{
    /**
     * What the connection counts, read by {@link #count(Count)}. The mirror's counts are
     * {@link BookMirror#count(BookMirror.Count)}, the decoder's
     * {@link MarketDataAdapter#count(MarketDataAdapter.Count)}.
     */
    public enum Count
    {
        /** Replay-merges that failed and fell back to the live stream (and a snapshot request). */
        REPLAY_MERGE_FAILURES,
        /** Connections made to a media driver by this subscriber (1 after the first; more after restarts). */
        DRIVER_CONNECTS,
        /**
         * Times the driver was found replaced (its directory's cnc.dat is another file, or gone) before the client's
         * driver timeout, so that the subscriber reconnected at once.
         */
        DRIVER_REPLACEMENTS,
        /**
         * Errors reported by the Aeron client (driver timeouts included), counted instead of exiting; counted on the
         * client's conductor thread, so read from any thread (the others are the polling thread's).
         */
        AERON_ERRORS
    }

    private static final Consumer<String> NO_LOG = message -> {};

    private final MarketDataSubscriber.Context ctx;
    private final boolean ownsAeronClient;
    private final SnapshotRequestProxy requestProxy;
    private final File cncFile;
    private final AtomicLong aeronErrors = new AtomicLong();
    private final Counts<Count> counts = new Counts<>(Count.class);
    private volatile boolean driverLost;
    private volatile Throwable lastAeronError;
    private Aeron aeron;
    private Subscription subscription;
    private Publication controlPublication;
    private ReplayMerge replayMerge;
    private long lastConnectAttemptNs;
    private Object connectedCncFileKey;
    private long lastDriverCheckNs;
    private long recordsAtLastDriverCheck = -1;

    /**
     * Use the context's Aeron client, or connect to the driver of its directory when it is active.
     *
     * @param ctx          concluded settings.
     * @param requestProxy given the control publication whenever there is one.
     * @throws ConfigurationException when no driver is active and the context does not wait for one.
     */
    DriverConnection(final MarketDataSubscriber.Context ctx, final SnapshotRequestProxy requestProxy)
    {
        this.ctx = ctx;
        this.requestProxy = requestProxy;
        ownsAeronClient = null == ctx.aeron();
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
     * @return the subscription while the driver is there, null when there is none or it was found gone.
     */
    Subscription liveSubscription()
    {
        final Subscription subscription = this.subscription;
        return null == subscription || driverLost || subscription.isClosed() ? null : subscription;
    }

    /**
     * Drop what is left of a driver that went away.
     *
     * @return 1 when something was released, else 0.
     */
    int releaseLost()
    {
        if (null != subscription)
        {
            releaseResources();
            return 1;
        }
        return 0;
    }

    /**
     * Without a driver: look for one, at most every {@link MarketDataSubscriber.Context#driverConnectIntervalNs()}.
     *
     * @return 1 when connected now, else 0.
     */
    int tryConnect()
    {
        if (ownsAeronClient)
        {
            final long nowNs = ctx.nanoClock().nanoTime();
            if (nowNs - lastConnectAttemptNs >= ctx.driverConnectIntervalNs())
            {
                lastConnectAttemptNs = nowNs;
                if (connectToDriver())
                {
                    return 1;
                }
            }
        }
        return 0;
    }

    /**
     * Idle polls only, at most every {@link MarketDataSubscriber.Context#driverConnectIntervalNs()}, and only when no
     * record arrived since the last look (a flowing stream proves the driver alive): is cnc.dat still the file the
     * client mapped? Its file key (device and inode) changes when the directory is removed and created again, which
     * only happens once the driver that owned it is gone (the handler never removes a live driver's directory).
     * Reading the key allocates a little, so it is never done while records flow.
     *
     * @param records records the mirror has read so far.
     * @return 1 when the driver was found replaced (the next poll reconnects), else 0.
     */
    int checkDriverReplaced(final long records)
    {
        if (!ownsAeronClient)
        {
            return 0;
        }
        final long nowNs = ctx.nanoClock().nanoTime();
        if (nowNs - lastDriverCheckNs < ctx.driverConnectIntervalNs())
        {
            return 0;
        }
        lastDriverCheckNs = nowNs;
        if (records != recordsAtLastDriverCheck || null == connectedCncFileKey)
        {
            recordsAtLastDriverCheck = records;
            return 0;
        }
        if (connectedCncFileKey.equals(cncFileKey(cncFile)))
        {
            return 0;
        }
        counts.increment(Count.DRIVER_REPLACEMENTS);
        driverLost = true;
        return 1;
    }

    /**
     * Until merged, the replay feeds the mirror; once merged the subscription carries the live stream on the same
     * image. A failed merge (the archive gone, no progress) falls back to the live stream alone and the usual late
     * join by snapshot request. Only while {@link #isReplayMerging()}.
     *
     * @param handler       the subscriber's fragment assembler.
     * @param fragmentLimit most fragments per poll.
     * @return work done.
     */
    int pollReplayMerge(final FragmentHandler handler, final int fragmentLimit)
    {
        final ReplayMerge merge = replayMerge;
        final int work = merge.poll(handler, fragmentLimit);
        if (merge.isMerged() || merge.hasFailed())
        {
            if (merge.hasFailed())
            {
                counts.increment(Count.REPLAY_MERGE_FAILURES);
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
        return null != replayMerge;
    }

    /**
     * @param counter what was counted.
     * @return its count since the subscriber was made.
     */
    public long count(final Count counter)
    {
        return counter == Count.AERON_ERRORS ? aeronErrors.get() : counts.get(counter);
    }

    /**
     * Close the subscription and publication, and the Aeron client when this connection owns it.
     */
    void close()
    {
        releaseResources();
    }

    /**
     * @return true while connected to a media driver (the publisher may still be absent).
     */
    public boolean isDriverConnected()
    {
        return null != liveSubscription();
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
            counts.increment(Count.DRIVER_CONNECTS);
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

    private void addResources(final Aeron client)
    {
        if (null != ctx.replayMerge())
        {
            subscription = client.addSubscription(ReplayMergeJoin.MERGE_CHANNEL, ctx.streamId());
            replayMerge = ctx.replayMerge().start(subscription);
        }
        else
        {
            subscription = client.addSubscription(ctx.channel(), ctx.streamId());
        }
        // its own log (exclusive): a shared one must agree on its term length with every other publisher of the
        // stream on this driver, e.g. a strategy of an older build whose control publication has Aeron's default
        controlPublication = client.addExclusivePublication(ctx.controlPublicationChannel(), ctx.controlStreamId());
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
}
