package io.xdpfeed.bench;

import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.LineMap;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * The one channel of the in-process engine benchmarks ({@link EnginePathBenchmark}, {@link OrderBookPathBenchmark}):
 * channel 310 with incremental line A on 239.77.1.1:14310 and B on 239.77.2.1:15310. The benchmarks hand their
 * packets to the engine directly; nothing is sent to these addresses.
 */
final class BenchChannel
{
    /** The channel id. */
    static final int CHANNEL_ID = 310;
    /** Group of incremental line A, 239.77.1.1. */
    static final int GROUP_A = 0xEF4D0101;
    /** Group of incremental line B, 239.77.2.1. */
    static final int GROUP_B = 0xEF4D0201;
    /** Port of incremental line A. */
    static final int PORT_A = 14310;
    /** Port of incremental line B. */
    static final int PORT_B = 15310;

    private static final String CONFIG =
        "<configuration><channel id=\"310\"><connections>" +
        "<connection id=\"310IA\"><type feed-type=\"I\"/><protocol>UDP/IP</protocol><ip>239.77.1.1</ip>" +
        "<port>14310</port><feed>A</feed></connection>" +
        "<connection id=\"310IB\"><type feed-type=\"I\"/><protocol>UDP/IP</protocol><ip>239.77.2.1</ip>" +
        "<port>15310</port><feed>B</feed></connection>" +
        "</connections></channel></configuration>";

    private BenchChannel()
    {
    }

    /**
     * @return the lines of the channel, parsed anew (one line map per engine).
     */
    static LineMap lineMap()
    {
        return CmeConfigParser.parse(new ByteArrayInputStream(CONFIG.getBytes(StandardCharsets.US_ASCII)),
            "bench config");
    }
}
