package io.xdpfeed.handler.engine;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.Feed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ConfigurationTest
{
    @AfterEach
    void clearProperties()
    {
        System.clearProperty(Configuration.GAP_WAIT_PROP_NAME);
        System.clearProperty(Configuration.REORDER_WINDOW_PROP_NAME);
        System.clearProperty(Configuration.SNAPSHOT_FEED_PROP_NAME);
        System.clearProperty(Configuration.CHANNELS_PROP_NAME);
        System.clearProperty(Configuration.MD_PRE_TOUCH_PROP_NAME);
    }

    private static String failure(final UnaryOperator<FeedHandler.Context> configure)
    {
        final FeedHandler.Context context = configure.apply(new FeedHandler.Context()
            .lineMap(FeedEngineTest.lineMap()));
        return assertThrows(ConfigurationException.class, context::conclude).getMessage();
    }

    @Test
    void defaultsConclude()
    {
        final FeedHandler.Context context = new FeedHandler.Context().lineMap(FeedEngineTest.lineMap()).conclude();
        assertArrayEquals(new int[]{ 310, 311 }, context.channels());
        assertEquals(Feed.A, context.snapshotFeed());
        assertEquals(2_000_000, context.gapWaitNs());
        assertEquals(ThreadingMode.DEDICATED, context.threadingMode());
        assertEquals(1001, context.marketDataStream());
        assertEquals(1002, context.controlStream());
        assertEquals(7, context.subscribedLines().size());
    }

    @Test
    void systemPropertiesAreReadAndParsed()
    {
        System.setProperty(Configuration.GAP_WAIT_PROP_NAME, "500us");
        System.setProperty(Configuration.SNAPSHOT_FEED_PROP_NAME, "b");
        System.setProperty(Configuration.CHANNELS_PROP_NAME, "311");
        final FeedHandler.Context context = new FeedHandler.Context().lineMap(FeedEngineTest.lineMap()).conclude();
        assertEquals(500_000, context.gapWaitNs());
        assertEquals(Feed.B, context.snapshotFeed());
        assertArrayEquals(new int[]{ 311 }, context.channels());
        assertEquals(1, context.subscribedLines().size());
    }

    @Test
    void everyBadValueNamesItsKeyAndValue()
    {
        assertEquals("xdpfeed.cme.config is not set: give the path of CME's config.xml",
            assertThrows(ConfigurationException.class, () -> new FeedHandler.Context().cmeConfig(null).conclude())
                .getMessage());
        assertTrue(assertThrows(ConfigurationException.class,
            () -> new FeedHandler.Context().cmeConfig("/no/such/config.xml").conclude()).getMessage()
            .startsWith("xdpfeed.cme.config=/no/such/config.xml: config file not found"));
        assertTrue(failure(c -> c.channels(310, 999)).startsWith("xdpfeed.channels=310,999: channel 999 is not"));
        assertTrue(failure(c -> c.channels(310).mboChannels(311)).startsWith("xdpfeed.mbo.channels=311"));
        assertEquals("xdpfeed.transport=dpdk is not one of xdp, udp, auto", failure(c -> c.transport("dpdk")));
        assertEquals("xdpfeed.reorder.window=100 must be a power of two in 2..65536",
            failure(c -> c.reorderWindow(100)));
        assertEquals("xdpfeed.recovery.queue.capacity=8 must be a power of two in 16..4194304",
            failure(c -> c.queueCapacity(8)));
        assertEquals("xdpfeed.book.depth=0 is not in 1..255", failure(c -> c.bookDepth(0)));
        assertEquals("xdpfeed.gap.wait=0ns must be more than 0, e.g. 2ms", failure(c -> c.gapWaitNs(0)));
        assertEquals("xdpfeed.md.channel=ipc is not an Aeron channel (e.g. aeron:ipc or aeron:udp?endpoint=...)",
            failure(c -> c.marketDataChannel("ipc")));
        assertEquals("xdpfeed.md.channel=aeron:ipc|x: encountered '|' within media definition at index 9 in " +
            "aeron:ipc|x", failure(c -> c.marketDataChannel("aeron:ipc|x")));
        assertEquals("xdpfeed.md.channel=aeron:udp?endpoint=bad: address:port is required for ipv4: bad",
            failure(c -> c.marketDataChannel("aeron:udp?endpoint=bad")));
        assertEquals("xdpfeed.control.channel=aeron:udp?endpoint=10.77.0.1:99999: port out of range:99999",
            failure(c -> c.controlChannel("aeron:udp?endpoint=10.77.0.1:99999")));
        assertEquals("xdpfeed.control.stream=1001 is the market-data stream too: give the control stream its own id",
            failure(c -> c.controlStream(1001)));
        assertEquals("xdpfeed.poll.limit=0 is not in 1..4096", failure(c -> c.pollLimit(0)));
        assertEquals("xdpfeed.receive.priority=100 is not in 0..99 (0: not real-time)",
            failure(c -> c.receivePriority(100)));
        assertEquals("xdpfeed.cpu=-2 must be a CPU number, or -1 for none", failure(c -> c.cpu(-2)));
        assertTrue(failure(c -> c.cpu(4000)).startsWith("xdpfeed.cpu=4000: CPU 4000 out of range: this process may " +
            "use CPUs "), failure(c -> c.cpu(4000)));
    }

    @Test
    void aCpuThisProcessMayUseConcludes()
    {
        assertEquals(0, new FeedHandler.Context().lineMap(FeedEngineTest.lineMap()).cpu(0).conclude().cpu());
    }

    @Test
    void theMarketDataLogIsAllocatedUpFrontUnlessTheChannelSaysOrPreTouchIsOff()
    {
        assertEquals("aeron:ipc?sparse=false", new FeedHandler.Context().marketDataPublicationChannel());
        assertEquals("aeron:udp?endpoint=10.77.1.2:40458|sparse=false", new FeedHandler.Context()
            .marketDataChannel("aeron:udp?endpoint=10.77.1.2:40458").marketDataPublicationChannel());
        assertEquals("aeron:ipc?term-length=16m|sparse=true", new FeedHandler.Context()
            .marketDataChannel("aeron:ipc?term-length=16m|sparse=true").marketDataPublicationChannel());
        assertEquals("aeron:ipc", new FeedHandler.Context().marketDataPreTouch(false).marketDataPublicationChannel());
        System.setProperty(Configuration.MD_PRE_TOUCH_PROP_NAME, "yes");
        assertEquals("xdpfeed.md.preTouch=yes is neither true nor false",
            assertThrows(ConfigurationException.class, FeedHandler.Context::new).getMessage());
        System.setProperty(Configuration.MD_PRE_TOUCH_PROP_NAME, "FALSE");
        assertFalse(new FeedHandler.Context().marketDataPreTouch());
    }

    @Test
    void badPropertyValuesNameTheirKey()
    {
        System.setProperty(Configuration.GAP_WAIT_PROP_NAME, "soon");
        assertEquals("xdpfeed.gap.wait=soon is not a duration: use e.g. 500us, 2ms, 1s",
            assertThrows(ConfigurationException.class, FeedHandler.Context::new).getMessage());
        System.setProperty(Configuration.GAP_WAIT_PROP_NAME, "1ms");
        System.setProperty(Configuration.REORDER_WINDOW_PROP_NAME, "many");
        assertEquals("xdpfeed.reorder.window=many is not an integer",
            assertThrows(ConfigurationException.class, FeedHandler.Context::new).getMessage());
        System.clearProperty(Configuration.REORDER_WINDOW_PROP_NAME);
        System.setProperty(Configuration.SNAPSHOT_FEED_PROP_NAME, "C");
        assertEquals("xdpfeed.snapshot.feed=C is neither A nor B",
            assertThrows(ConfigurationException.class,
                () -> new FeedHandler.Context().lineMap(FeedEngineTest.lineMap()).conclude()).getMessage());
    }

    @Test
    void liveTransportNeedsAnInterfaceThatExists()
    {
        final FeedHandler.Context noInterface = new FeedHandler.Context().lineMap(FeedEngineTest.lineMap())
            .transport("udp").interfaceName("").conclude();
        assertEquals("xdpfeed.interface is not set: give the network interface the feed arrives on (e.g. xfh0 in " +
            "the lab)", assertThrows(ConfigurationException.class,
            () -> noInterface.packetSourceFactory().open(noInterface, noInterface.subscribedLines())).getMessage());

        final FeedHandler.Context missing = new FeedHandler.Context().lineMap(FeedEngineTest.lineMap())
            .transport("udp").interfaceName("xdpfeed-no-such-if0").conclude();
        final String message = assertThrows(ConfigurationException.class,
            () -> missing.packetSourceFactory().open(missing, missing.subscribedLines())).getMessage();
        assertTrue(message.startsWith("xdpfeed.transport=udp on xdpfeed.interface=xdpfeed-no-such-if0: "), message);
    }
}
