package io.xdpfeed.bench.live;

import io.xdpfeed.handler.engine.HandlerCounter;
import io.xdpfeed.nativeio.LibXdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The live path for real, as root: the exchange simulator sends a session with faults (loss on line A, loss on line
 * B, bursts lost on both lines that only snapshot recovery can repair) from the exchange namespace of a lab of its
 * own, the feed handler receives it in the handler namespace over AF_XDP and then over kernel UDP, each a separate
 * process, and a subscriber (feed-client's BookMirror) on the handler's Aeron IPC stream ends with the simulator's
 * truth. Skipped, with the reason, when not root, where namespaces cannot be created, or (for AF_XDP) without
 * libxdp. The lab's namespaces carry this JVM's pid and are removed after the tests, also when they fail.
 */
@Timeout(240)
class LiveSessionTest
{
    private static Lab lab;
    private static String labUnavailable;

    @BeforeAll
    static void labUp()
    {
        labUnavailable = Lab.unavailableReason();
        if (labUnavailable == null)
        {
            lab = Lab.unique(Lab.findHome(), "xdpfeed-it", Path.of("target", "live-test", "lab").toAbsolutePath());
            try
            {
                lab.up();
            }
            catch (final IllegalStateException ex)
            {
                labUnavailable = "cannot create the lab's network namespaces here: " + ex.getMessage();
            }
        }
    }

    @AfterAll
    static void labDown()
    {
        if (lab != null)
        {
            final String exchange = lab.exchangeNamespace();
            final String handler = lab.handlerNamespace();
            lab.close();
            assertTrue(!Lab.namespaceExists(exchange) && !Lab.namespaceExists(handler), "lab namespaces left");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xdp", "udp"})
    void booksEqualTruthAfterLossOnEachLineAndBurstsOnBoth(final String transport)
    {
        assumeTrue(labUnavailable == null, () -> "live test skipped: " + labUnavailable);
        assumeTrue(!"xdp".equals(transport) || LibXdp.unavailableReason() == null,
            () -> "AF_XDP live test skipped: " + LibXdp.unavailableReason());

        final LiveSession.Settings settings = new LiveSession.Settings()
            .transport(transport)
            .packets(20_000)
            .ratePps(5_000)
            .instruments(10)
            .seed(7)
            .faults(0.01, 0.01, 3)
            .subscriberIdle("backoff")
            .settleTimeoutMs(30_000)
            .workDir(Path.of("target", "live-test").toAbsolutePath());
        final LiveResult result = new LiveSession(lab, settings, line -> System.out.println(transport + ": " + line))
            .run();
        System.out.println(EndToEndBenchmark.summary(result));

        final String context = transport + ": " + result.books() + "; handler " + result.counters().format() +
            "; logs in target/live-test";
        assertEquals(transport, result.actualTransport(), context);
        assertEquals(20_000, result.packets(), context);
        assertTrue(result.books().allEqual(), () -> "books differ from the truth: " + context);
        assertEquals(10, result.books().instruments(), context);
        assertEquals(10, result.books().trusted(), () -> "books not trusted: " + context);
        assertTrue(result.counters().get(HandlerCounter.DUPLICATES) > 0, context);
        assertTrue(result.counters().get(HandlerCounter.LOST_PACKETS) > 0, () -> "no loss on both lines: " + context);
        assertTrue(result.counters().get(HandlerCounter.RECOVERIES) > 0, () -> "no recovery counted: " + context);
        assertTrue(result.counters().get(HandlerCounter.SNAPSHOTS_APPLIED) > 0, context);
        assertEquals(0, result.counters().get(HandlerCounter.MALFORMED), context);
        assertEquals(0, result.counters().get(HandlerCounter.ERRORS), context);
        assertEquals(0, result.counters().get(HandlerCounter.STALE_INSTRUMENTS), context);
    }
}
