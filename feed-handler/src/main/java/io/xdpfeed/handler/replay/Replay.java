package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.handler.protocol.Protocols;

import java.io.Writer;
import java.nio.file.Path;

/**
 * Replays one capture through the engine the live handler runs, once, for every output of the replay tool:
 * <pre>
 *   PcapPacketSource -> FeedEngine (line routing, PacketSequencer, ChannelState: books, recovery) -> ReplayListener
 *   counts: the engine's own (sequencer, framing, decoding, recovery) + what the listener was told (trades)
 *   events: the listener's calls, the ones that feed the publisher live
 *   books and order books: the engine's, after the run
 * </pre>
 */
public final class Replay
{
    /** Datagrams per poll of the source. */
    public static final int POLL_LIMIT = EngineReplay.POLL_LIMIT;
    /** Most distinct (group, port) tracked without a config. */
    public static final int MAX_UNCONFIGURED_LINES = 4096;

    /**
     * What one replay ends with.
     *
     * @param summary the counts.
     * @param engine  the engine, its books and order books.
     */
    public record Result(ReplaySummary summary, EngineReplay.Result engine)
    {
    }

    private Replay()
    {
    }

    /**
     * Replay a capture to its end (or to where it is damaged), market-by-price books only.
     *
     * @param capture file, pcap or pcapng.
     * @param lineMap from a config, or {@link LineMap#unconfigured(int)}.
     * @param events  where to write one JSON line per record the publisher would be given, or null.
     * @return the counts.
     * @throws io.xdpfeed.handler.capture.CaptureFormatException when the file is not a capture.
     */
    public static ReplaySummary run(final Path capture, final LineMap lineMap, final Writer events)
    {
        return run(capture, lineMap, false, events).summary();
    }

    /**
     * Replay a capture to its end (or to where it is damaged).
     *
     * @param capture file, pcap or pcapng.
     * @param lineMap from a config, or {@link LineMap#unconfigured(int)}.
     * @param mbo     keep market-by-order books on every channel.
     * @param events  where to write one JSON line per record the publisher would be given, or null.
     * @return the counts and the engine.
     * @throws io.xdpfeed.handler.capture.CaptureFormatException when the file is not a capture.
     */
    public static Result run(final Path capture, final LineMap lineMap, final boolean mbo, final Writer events)
    {
        return run(capture, lineMap, mbo, events, true);
    }

    /**
     * Replay a capture to its end (or to where it is damaged).
     *
     * @param capture        file, pcap or pcapng.
     * @param lineMap        from a config, or {@link LineMap#unconfigured(int)}.
     * @param mbo            keep market-by-order books on every channel.
     * @param events         where to write one JSON line per record the publisher would be given, or null.
     * @param verifyChecksum verify UDP checksums (drop and count a datagram whose checksum fails, as the kernel does).
     * @return the counts and the engine.
     * @throws io.xdpfeed.handler.capture.CaptureFormatException when the file is not a capture.
     */
    public static Result run(
        final Path capture, final LineMap lineMap, final boolean mbo, final Writer events, final boolean verifyChecksum)
    {
        return run(capture, lineMap, mbo, events, verifyChecksum, Protocols.forName(Protocols.MDP3));
    }

    /**
     * Replay a capture of any protocol to its end (or to where it is damaged).
     *
     * @param capture        file, pcap or pcapng.
     * @param lineMap        from a config, or {@link LineMap#unconfigured(int)}.
     * @param mbo            keep market-by-order books on every channel.
     * @param events         where to write one JSON line per record the publisher would be given, or null.
     * @param verifyChecksum verify UDP checksums (drop and count a datagram whose checksum fails, as the kernel does).
     * @param protocol       of the capture's packets ({@link Protocols#forName}).
     * @return the counts and the engine.
     * @throws io.xdpfeed.handler.capture.CaptureFormatException when the file is not a capture.
     */
    public static Result run(
        final Path capture, final LineMap lineMap, final boolean mbo, final Writer events, final boolean verifyChecksum,
        final Protocol protocol)
    {
        return run(capture, lineMap, mbo, events, verifyChecksum, protocol, ChannelOptions.DEFAULT_MAX_ORDERS_PER_BOOK);
    }

    /**
     * Replay a capture of any protocol to its end (or to where it is damaged).
     *
     * @param capture           file, pcap or pcapng.
     * @param lineMap           from a config, or {@link LineMap#unconfigured(int)}.
     * @param mbo               keep market-by-order books on every channel.
     * @param events            where to write one JSON line per record the publisher would be given, or null.
     * @param verifyChecksum    verify UDP checksums (drop and count a datagram whose checksum fails).
     * @param protocol          of the capture's packets ({@link Protocols#forName}).
     * @param maxOrdersPerBook  orders each market-by-order book holds ({@code xdpfeed.mbo.max.orders}); an order
     *                          beyond it is refused, counted, and its instrument is STALE.
     * @return the counts and the engine.
     * @throws io.xdpfeed.handler.capture.CaptureFormatException when the file is not a capture.
     */
    public static Result run(
        final Path capture, final LineMap lineMap, final boolean mbo, final Writer events, final boolean verifyChecksum,
        final Protocol protocol, final int maxOrdersPerBook)
    {
        final ReplayListener listener = new ReplayListener(events);
        final EngineReplay.Options defaults = EngineReplay.defaults();
        final EngineReplay.Options options = new EngineReplay.Options(
            defaults.channelOptions().withMbo(mbo).withMaxOrdersPerBook(maxOrdersPerBook), defaults.snapshotFeed(),
            listener, protocol);
        try (PcapPacketSource source = PcapPacketSource.open(capture, verifyChecksum))
        {
            final long startNs = System.nanoTime();
            final EngineReplay.Result engine = EngineReplay.run(source, source::isEnd, lineMap, options);
            final long elapsedNs = System.nanoTime() - startNs;
            return new Result(ReplaySummary.of(source, engine.engine(), listener, elapsedNs), engine);
        }
    }
}
