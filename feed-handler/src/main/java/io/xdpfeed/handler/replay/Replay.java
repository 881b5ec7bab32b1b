package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.mdp3.Mdp3PacketPipeline;

import java.io.Writer;
import java.nio.file.Path;

/**
 * Replays one capture through the MDP 3.0 packet path: {@link PcapPacketSource} -> {@link Mdp3PacketPipeline}
 * (line map, framing, arbitration, decoding) -> {@link ReplayListener}.
 */
public final class Replay
{
    /** Datagrams per poll of the source. */
    public static final int POLL_LIMIT = 256;
    /** Most distinct (group, port) tracked without a config. */
    public static final int MAX_UNCONFIGURED_LINES = 4096;

    private Replay()
    {
    }

    /**
     * Replay a capture to its end (or to where it is damaged).
     *
     * @param capture file, pcap or pcapng.
     * @param lineMap from a config, or {@link LineMap#unconfigured(int)}.
     * @param events  where to write one JSON line per entry, or null.
     * @return the counts.
     * @throws io.xdpfeed.handler.capture.CaptureFormatException when the file is not a capture.
     */
    public static ReplaySummary run(final Path capture, final LineMap lineMap, final Writer events)
    {
        return run(capture, lineMap, events, true);
    }

    /**
     * Replay a capture to its end (or to where it is damaged).
     *
     * @param capture        file, pcap or pcapng.
     * @param lineMap        from a config, or {@link LineMap#unconfigured(int)}.
     * @param events         where to write one JSON line per entry, or null.
     * @param verifyChecksum verify UDP checksums (drop and count a datagram whose checksum fails).
     * @return the counts.
     * @throws io.xdpfeed.handler.capture.CaptureFormatException when the file is not a capture.
     */
    public static ReplaySummary run(
        final Path capture, final LineMap lineMap, final Writer events, final boolean verifyChecksum)
    {
        final ReplayListener listener = new ReplayListener(events);
        final Mdp3PacketPipeline pipeline = new Mdp3PacketPipeline(lineMap, listener);
        try (PcapPacketSource source = PcapPacketSource.open(capture, verifyChecksum))
        {
            final long startNs = System.nanoTime();
            while (!source.isEnd())
            {
                source.poll(pipeline, POLL_LIMIT);
            }
            return ReplaySummary.of(source, pipeline, listener, System.nanoTime() - startNs);
        }
    }
}
