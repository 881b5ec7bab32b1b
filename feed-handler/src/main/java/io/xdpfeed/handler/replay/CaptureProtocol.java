package io.xdpfeed.handler.replay;

import java.nio.file.Path;

import io.xdpfeed.handler.capture.CaptureFormatException;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.protocol.Protocols;

/**
 * The protocol of a capture given to {@code scripts/replay} without one: its first UDP datagrams (up to
 * {@link #SAMPLE}) checked against each known protocol's framing ({@link io.xdpfeed.handler.protocol.Protocol#isFramed})
 * and the protocol that frames the most of them taken. CME MDP 3.0 wins a tie, and is the answer when none frames
 * any (the replay then counts them malformed, as before).
 *
 * @param protocol the protocol's name, one of {@link Protocols#NAMES}.
 * @param framed   datagrams of the sample it frames.
 * @param sampled  datagrams read.
 */
public record CaptureProtocol(String protocol, int framed, int sampled)
{
    /** Most datagrams read from the start of the capture. */
    public static final int SAMPLE = 64;

    /**
     * @param capture     pcap or pcapng file.
     * @param udpChecksum whether datagrams with a bad UDP checksum are left out, as the replay leaves them.
     * @return the protocol that frames the most of the first datagrams.
     * @throws CaptureFormatException when the file cannot be read as a capture at all.
     */
    public static CaptureProtocol detect(final Path capture, final boolean udpChecksum)
    {
        final int protocols = Protocols.NAMES.size();
        final int[] framed = new int[protocols];
        final int[] sampled = new int[1];
        try (PcapPacketSource source = PcapPacketSource.open(capture, udpChecksum))
        {
            while (!source.isEnd() && sampled[0] < SAMPLE)
            {
                source.poll((group, port, buffer, offset, length, timeNs) ->
                {
                    if (sampled[0] < SAMPLE)
                    {
                        sampled[0]++;
                        for (int i = 0; i < protocols; i++)
                        {
                            if (Protocols.forName(Protocols.NAMES.get(i)).isFramed(buffer, offset, length))
                            {
                                framed[i]++;
                            }
                        }
                    }
                }, SAMPLE);
            }
        }
        int best = Protocols.NAMES.indexOf(Protocols.MDP3);
        for (int i = 0; i < protocols; i++)
        {
            if (framed[i] > framed[best])
            {
                best = i;
            }
        }
        return new CaptureProtocol(Protocols.NAMES.get(best), framed[best], sampled[0]);
    }
}
