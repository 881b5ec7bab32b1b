package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.handler.protocol.Protocols;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.ingress.PacketSource;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Runs the live engine over a capture: the same {@link FeedEngine}, sequencing, recovery and books, with the
 * capture's timestamps as the clock (so a hole waits for the other line exactly as long as it would live) and
 * "joining" a recovery line meaning starting to use its packets, which are all in the capture.
 * <pre>
 *   EngineReplay.Result result = EngineReplay.run(source, source::isEnd, lineMap, EngineReplay.defaults());
 *   result.writeBooks(Path.of("books.json"));
 * </pre>
 * Every output of {@code scripts/replay} comes from one such run ({@code io.xdpfeed.handler.replay.Replay}).
 * At the end of the capture every hole still open is declared lost.
 */
public final class EngineReplay
{
    /** Datagrams per poll of the capture. */
    public static final int POLL_LIMIT = 256;
    /** Longest real time a replay waits for a protocol's recovery (re-request, snapshot) before reading on. */
    public static final long RECOVERY_WAIT_NS = 30_000_000_000L;

    /**
     * Engine settings for a replay.
     *
     * @param channelOptions per-channel settings (receive time offset 0: capture times are epoch ns).
     * @param snapshotFeed   which copy of the snapshot and definition lines to use.
     * @param listener       receives the records (a no-op listener when only the books matter).
     * @param protocol       of the capture's packets.
     */
    public record Options(ChannelOptions channelOptions, Feed snapshotFeed, ChannelListener listener, Protocol protocol)
    {
        /**
         * Settings for a CME MDP 3.0 capture.
         *
         * @param channelOptions per-channel settings.
         * @param snapshotFeed   which copy of the snapshot and definition lines to use.
         * @param listener       receives the records.
         */
        public Options(final ChannelOptions channelOptions, final Feed snapshotFeed, final ChannelListener listener)
        {
            this(channelOptions, snapshotFeed, listener, Protocols.forName(Protocols.MDP3));
        }

        /**
         * @param protocol of the capture's packets.
         * @return these settings for another protocol.
         */
        public Options withProtocol(final Protocol protocol)
        {
            return new Options(channelOptions, snapshotFeed, listener, protocol);
        }
    }

    /**
     * What a replay ends with.
     *
     * @param engine           the engine, its channels and books.
     * @param recoveries       recoveries started (channel losses and late starts).
     * @param staleInstruments instruments not LIVE at the end.
     */
    public record Result(FeedEngine engine, long recoveries, long staleInstruments)
    {
        /**
         * @param file where to write the final books as JSON ({@link BookJsonWriter}).
         */
        public void writeBooks(final Path file)
        {
            BookJsonWriter.write(engine, file);
        }

        /**
         * @param file where to write the final market-by-order books as JSON ({@link OrderBookJsonWriter}).
         */
        public void writeOrders(final Path file)
        {
            OrderBookJsonWriter.write(engine, file);
        }
    }

    private EngineReplay()
    {
    }

    /**
     * @return default settings: depth 10, 2 ms gap wait, 64-packet window, 8192-packet queue, line A, no listener.
     */
    public static Options defaults()
    {
        return new Options(ChannelOptions.defaults(), Feed.A, new ChannelListener()
        {
        });
    }

    /**
     * Replay a capture file through the engine with the default settings.
     *
     * @param capture pcap or pcapng file.
     * @param lineMap which (group, port) is which line.
     * @return the engine and its counts.
     * @throws io.xdpfeed.handler.capture.CaptureFormatException when the file is not a capture.
     */
    public static Result run(final Path capture, final LineMap lineMap)
    {
        return run(capture, lineMap, defaults());
    }

    /**
     * Replay a capture file through the engine.
     *
     * @param capture pcap or pcapng file.
     * @param lineMap which (group, port) is which line.
     * @param options engine settings (e.g. {@code channelOptions().withMbo(true)} to keep order books).
     * @return the engine and its counts.
     * @throws io.xdpfeed.handler.capture.CaptureFormatException when the file is not a capture.
     */
    public static Result run(final Path capture, final LineMap lineMap, final Options options)
    {
        try (PcapPacketSource source = PcapPacketSource.open(capture))
        {
            return run(source, source::isEnd, lineMap, options);
        }
    }

    /**
     * Replay a whole capture through the engine.
     *
     * @param source  the capture's packets (receive times in epoch ns).
     * @param atEnd   true once the source has nothing more.
     * @param lineMap which (group, port) is which line; channels of the map are all handled.
     * @param options engine settings.
     * @return the engine and its counts.
     */
    public static Result run(
        final PacketSource source, final BooleanSupplier atEnd, final LineMap lineMap, final Options options)
    {
        return run(source, atEnd, lineMap, options, null);
    }

    /**
     * Replay a whole capture through the engine, subscribers' snapshot requests answered by a publisher.
     *
     * @param source  the capture's packets (receive times in epoch ns).
     * @param atEnd   true once the source has nothing more.
     * @param lineMap which (group, port) is which line; channels of the map are all handled.
     * @param options engine settings.
     * @param proxy   answers {@link FeedEngine#onSnapshotRequest} (and sends heartbeats), or null: none.
     * @return the engine and its counts.
     */
    public static Result run(
        final PacketSource source,
        final BooleanSupplier atEnd,
        final LineMap lineMap,
        final Options options,
        final MarketDataProxy proxy)
    {
        final FeedEngine engine = new FeedEngine(options.protocol(), lineMap,
            options.channelOptions().withReceiveTimeOffsetNs(0), options.snapshotFeed(), channelId -> true,
            channelId -> options.channelOptions().mbo(), options.listener(), proxy, HandlerCounters.onHeap());
        engine.start();
        boolean failing = false;
        while (!atEnd.getAsBoolean())
        {
            source.poll(engine, POLL_LIMIT);
            engine.onTimer(engine.lastReceiveTimeNs());
            failing = awaitUnlessFailing(engine, failing);
        }
        engine.flush(engine.lastReceiveTimeNs());
        awaitUnlessFailing(engine, failing);
        engine.close();
        return new Result(engine, engine.recoveries(), engine.staleInstruments());
    }

    /**
     * Wait for a stream recovery unless its snapshot already failed: a recovery whose snapshot failed is not waited
     * for again while it lasts; once it is over (recovered, or given up), the next one is waited for as usual.
     *
     * @param failing true when the recovery under way already failed a snapshot.
     * @return the same for the next read of the capture.
     */
    private static boolean awaitUnlessFailing(final FeedEngine engine, final boolean failing)
    {
        if (!engine.isStreamRecovering())
        {
            return false;
        }
        return failing || !awaitStreamRecovery(engine);
    }

    /**
     * While a protocol's recovery asks the exchange's servers (ITCH: re-request, snapshot), the capture waits: live,
     * the packets arrive at their own pace and are queued meanwhile; a replay reads a second of them in a
     * millisecond and would only fill the queue. Bounded by {@link #RECOVERY_WAIT_NS} of real time. A snapshot that
     * fails meanwhile (the server refuses the login, or is not there) ends the wait, and that recovery is not waited
     * for again: live, the packets would go on arriving while the protocol tries again each second, so the capture
     * is read on, its channel STALE unless a later try succeeds, the failures counted ({@code
     * streamSnapshotFailures}).
     *
     * @return false once a snapshot failed: the replay no longer waits for the recovery.
     */
    private static boolean awaitStreamRecovery(final FeedEngine engine)
    {
        if (!engine.isStreamRecovering())
        {
            return true;
        }
        final HandlerCounters counters = engine.counters();
        final long failures = counters.total(ChannelCounter.STREAM_SNAPSHOT_FAILURES);
        final long deadlineNs = System.nanoTime() + RECOVERY_WAIT_NS;
        while (engine.isStreamRecovering() && System.nanoTime() - deadlineNs < 0)
        {
            if (counters.total(ChannelCounter.STREAM_SNAPSHOT_FAILURES) != failures)
            {
                return false;
            }
            if (engine.onTimer(engine.lastReceiveTimeNs()) == 0)
            {
                Thread.onSpinWait();
            }
        }
        return true;
    }
}
