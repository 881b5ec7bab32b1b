package io.xdpfeed.bench.live;

import io.xdpfeed.client.BookMirror;
import io.xdpfeed.client.MarketDataListener;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.codecs.md.BookUpdateDecoder;
import io.xdpfeed.codecs.md.InstrumentStatusDecoder;
import io.xdpfeed.codecs.md.TradeDecoder;
import io.xdpfeed.codecs.md.VolumeDecoder;
import io.xdpfeed.ingress.ThreadAffinity;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochNanoClock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The test subscriber of the live path: a {@link MarketDataSubscriber} (with its {@link BookMirror}) polled by a
 * thread of its own, which also
 * <ul>
 *   <li>counts the packets whose records reached it: the distinct MsgSeqNums of the exchange-event records
 *       (BookUpdate, Trade, Volume, InstrumentStatus) it received, up to {@code maxPackets}, in all and after the
 *       warm-up;</li>
 *   <li>times every BookUpdate, Trade and Volume record end to end, from the packet's SendingTime (the simulator's
 *       intended send time) to the callback (CLOCK_REALTIME, {@link SystemEpochNanoClock}), in a
 *       {@link SingleWriterRecorder}; records of the first {@code warmUpPackets} MsgSeqNums are left out. A value
 *       below 0 (a record seen before its intended send time: clocks disagree) is counted and recorded as 0. A
 *       record without a SendingTime (ITCH: MoldUDP64 has none) is timed from its kernel receive stamp instead, as
 *       below;</li>
 *   <li>times the same records from the kernel's receive stamp of their packet, which the handler publishes in each
 *       record's receiveTimeNs (the XDP program's stamp with AF_XDP, {@code SO_TIMESTAMPNS} with UDP, both on the
 *       handler's epoch timeline), to the callback: the handler and the bus without the sender and the wire, in a
 *       second recorder read once at the end ({@link #fromKernel()}).</li>
 * </ul>
 * Everything that reads the mirror runs on the polling thread: {@link #onPollThread(Function)}.
 */
public final class LiveSubscriber implements MarketDataListener, AutoCloseable
{
    /** Highest latency tracked: 60 s; longer values are clamped and counted. */
    public static final long HIGHEST_TRACKABLE_NS = TimeUnit.SECONDS.toNanos(60);

    /**
     * What the subscriber counts: written by the polling thread only, read by any thread ({@link #count(Counter)}).
     */
    public enum Counter
    {
        /** Packets (distinct MsgSeqNums) whose records reached the subscriber. */
        DISTINCT_PACKETS,
        /** Packets (distinct MsgSeqNums) after the warm-up whose records reached the subscriber. */
        MEASURED_PACKETS,
        /** Records timed (after the warm-up). */
        TIMED_RECORDS,
        /** Timed records seen before their SendingTime (recorded as 0). */
        NEGATIVE,
        /** Timed records above {@link LiveSubscriber#HIGHEST_TRACKABLE_NS} (recorded as the highest). */
        CLAMPED,
        /** Records with a MsgSeqNum outside 1..maxPackets (not counted; those past it timed). */
        OUT_OF_RANGE
    }

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

    private final MarketDataSubscriber subscriber;
    private final long[] seen;
    private final long[] firstCallbackNs;
    private final long[] firstReceiveNs;
    private final long[] firstPublishNs;
    private final long maxPackets;
    private final long warmUpPackets;
    private final EpochNanoClock clock = SystemEpochNanoClock.INSTANCE;
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, 3);
    private final SingleWriterRecorder kernelRecorder = new SingleWriterRecorder(1, HIGHEST_TRACKABLE_NS, 3);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final IdleStrategy idleStrategy;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile Throwable failure;
    private volatile long highestMsgSeqNum;
    private final long[] counts = new long[Counter.values().length];

    /**
     * Connect (waiting for the handler's media driver when it is not up yet) and start polling.
     *
     * @param aeronDir      the handler's (embedded) media driver directory.
     * @param maxPackets    highest MsgSeqNum counted (records past it are timed, not counted).
     * @param warmUpPackets records of MsgSeqNum 1..warmUpPackets are not timed.
     * @param idleStrategy  of the polling thread.
     * @param cpu           CPU the polling thread is pinned to, -1 for none.
     * @param priority      SCHED_FIFO priority of the polling thread, 0 for none.
     */
    public LiveSubscriber(
        final String aeronDir,
        final long maxPackets,
        final long warmUpPackets,
        final IdleStrategy idleStrategy,
        final int cpu,
        final int priority)
    {
        this(new MarketDataSubscriber.Context().aeronDirectoryName(aeronDir), maxPackets, warmUpPackets, idleStrategy,
            cpu, priority);
    }

    /**
     * Connect with a context of the caller's (another driver, a UDP or spy channel) and start polling.
     *
     * @param context       the subscriber's context (its listener is set here).
     * @param maxPackets    highest MsgSeqNum counted (records past it are timed, not counted).
     * @param warmUpPackets records of MsgSeqNum 1..warmUpPackets are not timed.
     * @param idleStrategy  of the polling thread.
     * @param cpu           CPU the polling thread is pinned to, -1 for none.
     */
    public LiveSubscriber(
        final MarketDataSubscriber.Context context,
        final long maxPackets,
        final long warmUpPackets,
        final IdleStrategy idleStrategy,
        final int cpu)
    {
        this(context, maxPackets, warmUpPackets, idleStrategy, cpu, 0);
    }

    /**
     * Connect with a context of the caller's (another driver, a UDP or spy channel) and start polling.
     *
     * @param context       the subscriber's context (its listener is set here).
     * @param maxPackets    highest MsgSeqNum counted (records past it are timed, not counted).
     * @param warmUpPackets records of MsgSeqNum 1..warmUpPackets are not timed.
     * @param idleStrategy  of the polling thread.
     * @param cpu           CPU the polling thread is pinned to, -1 for none.
     * @param priority      SCHED_FIFO priority of the polling thread, 0 for none.
     */
    public LiveSubscriber(
        final MarketDataSubscriber.Context context,
        final long maxPackets,
        final long warmUpPackets,
        final IdleStrategy idleStrategy,
        final int cpu,
        final int priority)
    {
        this.maxPackets = maxPackets;
        this.warmUpPackets = warmUpPackets;
        this.idleStrategy = idleStrategy;
        seen = new long[(int)((maxPackets >> 6) + 1)];
        firstCallbackNs = new long[(int)maxPackets + 1];
        firstReceiveNs = new long[(int)maxPackets + 1];
        firstPublishNs = new long[(int)maxPackets + 1];
        subscriber = new MarketDataSubscriber(context
            .awaitDriver(true)
            .recordLatency(false)
            .listener(this));
        thread = new Thread(() -> run(cpu, priority), "xdpfeed-live-subscriber");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(final int cpu, final int priority)
    {
        try
        {
            if (cpu >= 0)
            {
                ThreadAffinity.pinCurrentThread(cpu);
            }
            if (priority > 0)
            {
                ThreadAffinity.realtime(priority);
            }
            final MarketDataSubscriber subscriber = this.subscriber;
            final BookMirror mirror = subscriber.mirror();
            final IdleStrategy idle = idleStrategy;
            while (running)
            {
                int work = subscriber.poll();
                final Runnable task = tasks.poll();
                if (task != null)
                {
                    task.run();
                    work++;
                }
                if (!connected && mirror.isConnected())
                {
                    connected = true;
                }
                idle.idle(work);
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
        }
    }

    /**
     * Wait until the subscription sees the handler's publication.
     *
     * @param timeoutMs how long to wait.
     * @throws IllegalStateException when it does not within the time.
     */
    public void awaitConnected(final long timeoutMs)
    {
        final long deadlineMs = System.currentTimeMillis() + timeoutMs;
        while (!connected)
        {
            checkFailure();
            if (System.currentTimeMillis() > deadlineMs)
            {
                throw new IllegalStateException("subscriber not connected to the handler's stream within " +
                    timeoutMs + " ms");
            }
            ChildProcess.sleep(20);
        }
    }

    /**
     * Run a function on the polling thread (the one that owns the mirror) and wait for its result.
     *
     * @param function of the mirror.
     * @param <T>      result type.
     * @return its result.
     */
    public <T> T onPollThread(final Function<BookMirror, T> function)
    {
        checkFailure();
        final CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() ->
        {
            try
            {
                result.complete(function.apply(subscriber.mirror()));
            }
            catch (final Throwable ex)
            {
                result.completeExceptionally(ex);
            }
        });
        try
        {
            return result.get(10, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            checkFailure();
            throw new IllegalStateException("subscriber thread did not answer: " + ex, ex);
        }
    }

    private void checkFailure()
    {
        final Throwable ex = failure;
        if (ex != null)
        {
            throw new IllegalStateException("subscriber thread failed: " + ex, ex);
        }
    }

    /**
     * The values recorded since the previous call (any one reader thread).
     *
     * @param recycle histogram to reuse, or null.
     * @return the interval histogram.
     */
    public Histogram intervalHistogram(final Histogram recycle)
    {
        return recycle == null ? recorder.getIntervalHistogram() : recorder.getIntervalHistogram(recycle);
    }

    /**
     * Kernel receive stamp to callback of every timed record since the start; call once, at the end.
     *
     * @return the histogram (values below 0, clocks that disagree, recorded as 0).
     */
    public Histogram fromKernel()
    {
        return kernelRecorder.getIntervalHistogram();
    }

    /**
     * When the first record of a packet reached the subscriber; read after {@link #close()}.
     *
     * @param msgSeqNum 1..maxPackets.
     * @return epoch ns of the callback, 0 when none came.
     */
    public long firstCallbackNs(final int msgSeqNum)
    {
        return firstCallbackNs[msgSeqNum];
    }

    /**
     * The handler's stamps in the first record of a packet; read after {@link #close()}.
     *
     * @param msgSeqNum 1..maxPackets.
     * @return its receiveTimeNs (the kernel's receive stamp, epoch ns), 0 when no record came.
     */
    public long firstReceiveNs(final int msgSeqNum)
    {
        return firstReceiveNs[msgSeqNum];
    }

    /**
     * @param msgSeqNum 1..maxPackets.
     * @return the publishTimeNs (the handler's commit, epoch ns) of the packet's first record, 0 when none came.
     */
    public long firstPublishNs(final int msgSeqNum)
    {
        return firstPublishNs[msgSeqNum];
    }

    /**
     * @return the highest MsgSeqNum among the records received.
     */
    public long highestMsgSeqNum()
    {
        return highestMsgSeqNum;
    }

    /**
     * @param counter what was counted.
     * @return its value now (any thread).
     */
    public long count(final Counter counter)
    {
        return (long)COUNTS.getOpaque(counts, counter.ordinal());
    }

    /**
     * {@inheritDoc}
     */
    public void onBookUpdate(final BookUpdateDecoder decoder)
    {
        onRecord(decoder.msgSeqNum(), decoder.sendingTimeNs(), decoder.receiveTimeNs(),
            decoder.publishTimeNs(), true);
    }

    /**
     * {@inheritDoc}
     */
    public void onTrade(final TradeDecoder decoder)
    {
        onRecord(decoder.msgSeqNum(), decoder.sendingTimeNs(), decoder.receiveTimeNs(),
            decoder.publishTimeNs(), true);
    }

    /**
     * {@inheritDoc}
     */
    public void onVolume(final VolumeDecoder decoder)
    {
        onRecord(decoder.msgSeqNum(), decoder.sendingTimeNs(), decoder.receiveTimeNs(),
            decoder.publishTimeNs(), true);
    }

    /**
     * {@inheritDoc}
     */
    public void onInstrumentStatus(final InstrumentStatusDecoder decoder)
    {
        onRecord(decoder.msgSeqNum(), decoder.sendingTimeNs(), decoder.receiveTimeNs(),
            decoder.publishTimeNs(), false);
    }

    private void onRecord(
        final long msgSeqNum,
        final long sendingTimeNs,
        final long receiveTimeNs,
        final long publishTimeNs,
        final boolean timed)
    {
        final long nowNs = clock.nanoTime();
        if (msgSeqNum < 1)
        {
            increment(Counter.OUT_OF_RANGE);
            return;
        }
        final int word = (int)(msgSeqNum >>> 6);
        final long bit = 1L << (msgSeqNum & 63);
        if (msgSeqNum > maxPackets)
        {
            // not counted, but timed: a capture's MsgSeqNums run in the millions (CaptureBenchmark: maxPackets 0)
            increment(Counter.OUT_OF_RANGE);
        }
        else if ((seen[word] & bit) == 0)
        {
            seen[word] |= bit;
            firstCallbackNs[(int)msgSeqNum] = nowNs;
            firstReceiveNs[(int)msgSeqNum] = receiveTimeNs;
            firstPublishNs[(int)msgSeqNum] = publishTimeNs;
            if (msgSeqNum > highestMsgSeqNum)
            {
                highestMsgSeqNum = msgSeqNum;
            }
            increment(Counter.DISTINCT_PACKETS);
            if (msgSeqNum > warmUpPackets)
            {
                increment(Counter.MEASURED_PACKETS);
            }
        }
        if (timed && msgSeqNum > warmUpPackets && (sendingTimeNs > 0 || receiveTimeNs > 0))
        {
            // a record without a SendingTime (ITCH: MoldUDP64 carries none) is timed from its kernel receive stamp
            long latencyNs = nowNs - (sendingTimeNs > 0 ? sendingTimeNs : receiveTimeNs);
            if (latencyNs < 0)
            {
                increment(Counter.NEGATIVE);
                latencyNs = 0;
            }
            else if (latencyNs > HIGHEST_TRACKABLE_NS)
            {
                increment(Counter.CLAMPED);
                latencyNs = HIGHEST_TRACKABLE_NS;
            }
            recorder.recordValue(latencyNs);
            increment(Counter.TIMED_RECORDS);
            if (receiveTimeNs > 0)
            {
                kernelRecorder.recordValue(Math.min(Math.max(nowNs - receiveTimeNs, 0), HIGHEST_TRACKABLE_NS));
            }
        }
    }

    private void increment(final Counter counter)
    {
        final int index = counter.ordinal();
        COUNTS.setOpaque(counts, index, counts[index] + 1);
    }

    /**
     * Stop polling and close the subscriber.
     */
    public void close()
    {
        running = false;
        try
        {
            thread.join(5_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        subscriber.close();
    }
}
