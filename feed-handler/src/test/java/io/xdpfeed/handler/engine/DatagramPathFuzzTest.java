package io.xdpfeed.handler.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the whole datagram path as the handler runs it: line lookup, MDP3 framing and decode, A/B sequencing,
 * recovery, MBP and MBO books, and publication by a real {@code MarketDataProxy} on an Aeron IPC publication of an
 * embedded media driver (its own directory, deleted after). What was published is read back through the client's
 * {@code MarketDataAdapter} into an {@code OrderBookMirror} over a {@code BookMirror} ({@link FuzzedPath}).
 * <p>
 * An input is a sequence of datagrams, each {@code [line u8][time step u8][length u16 LE][payload]}: the line is an
 * index (modulo their count) into the lines of {@code engine/config-mbo.xml} (0 and 1 are channel 310's incremental
 * A and B; snapshot, MBO snapshot and definition lines follow), the receive time moves on by the step in 100 us
 * units and the engine's timers run after each datagram, as the receive loop runs them; each datagram lies alone in a
 * buffer of its own length, so a read past its end throws ({@link FuzzedPath#feed}). The seeds are datagrams of the
 * real captures on the incremental lines. For every input:
 * <ul>
 *   <li>no exception leaves the engine (the hot path must not throw) and the input ends (libFuzzer's timeout);</li>
 *   <li>counters add up: every datagram is a packet or counted as on a line not used (the B copies of the recovery
 *       lines when A is the snapshot feed) or not configured; recovery datagrams are packets, unwanted ones are
 *       recovery datagrams;</li>
 *   <li>every book holds at most its depth of levels and no level beyond its count;</li>
 *   <li>nothing published is dropped, every published record decodes (none malformed, none of another schema, none
 *       of an unknown template), the subscriber sees exactly as many records as were published and no gap, and its
 *       mirrored books hold at most their depth.</li>
 * </ul>
 */
@Timeout(60)
class DatagramPathFuzzTest
{
    private static FuzzedPath path;
    private static LineMap lineMap;
    private static List<Line> lines;

    @BeforeAll
    static void launch()
    {
        path = new FuzzedPath("xdpfeed-fuzz");
        lineMap = FeedEngineTest.lineMap("engine/config-mbo.xml");
        lines = lineMap.lines();
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
        final FeedEngine engine = path.run(bytes, lines, (options, proxy) -> new FeedEngine(lineMap, options, Feed.A,
            id -> true, id -> true, proxy, proxy, HandlerCounters.onHeap()));
        assertEquals(engine.datagrams(),
            engine.packets() + engine.unsubscribedDatagrams() + engine.unconfiguredDatagrams(),
            "every datagram is a packet, or on a line not used (the B copy of a recovery line) or not configured");
        assertTrue(engine.recoveryDatagrams() <= engine.packets());
        assertTrue(engine.unwantedRecoveryDatagrams() <= engine.recoveryDatagrams());
    }
}
