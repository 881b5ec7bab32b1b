package io.xdpfeed.handler.itch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.FuzzedPath;
import io.xdpfeed.handler.engine.HandlerCounters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Fuzzes the ITCH datagram path as the handler runs it: line lookup, MoldUDP64 framing, sequencing per message over
 * the A and B lines, the ITCH book builder (orders, ladders, reserve), the channel's MBP and MBO books, and
 * publication by a real {@code MarketDataProxy} on an Aeron IPC publication of an embedded media driver (its own
 * directory, deleted after). What was published is read back through the client's {@code MarketDataAdapter} into
 * an {@code OrderBookMirror} over a {@code BookMirror} ({@link FuzzedPath}).
 * <p>
 * An input is a sequence of datagrams, each {@code [line u8][time step u8][length u16 LE][payload]}: the line is an
 * index (modulo 2) into channel 1's incremental lines A and B, the receive time moves on by the step in 100 us units
 * and the engine's timers run after each datagram, as the receive loop runs them. The channel has no re-request or
 * snapshot server (a fuzz test sends nothing): a gap leaves it STALE. The order store and the instrument table are
 * small (64 orders, 8 instruments), so that their limits are reached. The seeds are the real Nasdaq sample captures'
 * datagrams and windows of three consecutive datagrams of a simulated session with loss on both lines. For every
 * input:
 * <ul>
 *   <li>no exception leaves the engine (the hot path must not throw) and the input ends (libFuzzer's timeout);</li>
 *   <li>every datagram is a packet;</li>
 *   <li>every book holds at most its depth of levels and no level beyond its count;</li>
 *   <li>nothing published is dropped, every published record decodes (none malformed, none of another schema, none
 *       of an unknown template), the subscriber sees exactly as many records as were published and no gap, and its
 *       mirrored books hold at most their depth.</li>
 * </ul>
 */
@Timeout(60)
class ItchPathFuzzTest
{
    private static FuzzedPath path;
    private static LineMap lineMap;
    private static List<Line> lines;

    @BeforeAll
    static void launch()
    {
        path = new FuzzedPath("xdpfeed-fuzz-itch");
        final Properties properties = new Properties();
        properties.setProperty("xdpfeed.protocol", "itch");
        properties.setProperty(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400");
        properties.setProperty(PropertiesLineMap.ITCH_LINES_B_PROP_NAME, "1@239.77.18.2:26401");
        lineMap = PropertiesLineMap.itch(properties).lineMap();
        lines = lineMap.lines();
        assertEquals(2, lines.size());
    }

    @AfterAll
    static void close()
    {
        path.close();
    }

    /**
     * @param bytes datagrams as described in the class comment.
     */
    @FuzzTest(maxDuration = "10s")
    void datagrams(final byte[] bytes)
    {
        final FeedEngine engine = path.run(bytes, lines, (options, proxy) -> new FeedEngine(new ItchProtocol(64, 8),
            lineMap, options, Feed.A, id -> true, id -> true, proxy, proxy, HandlerCounters.onHeap()));
        assertEquals(engine.datagrams(), engine.packets(), "every datagram is a packet of the channel's lines");
    }
}
