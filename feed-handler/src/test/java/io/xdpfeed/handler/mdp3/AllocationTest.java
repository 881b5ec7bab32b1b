package io.xdpfeed.handler.mdp3;

import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.TestCaptures.Datagram;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.replay.ReplayListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The steady-state packet path allocates nothing: the thread's allocated bytes do not move over many packets
 * after warm-up (line lookup, framing check, decoding every entry; reading the capture itself, through the engine).
 */
@Timeout(120)
class AllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private static long allocatedBytes()
    {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().threadId());
    }

    @Test
    void lineLookupFramingAndDecodingAllocateNothingPerPacket()
    {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        final List<Datagram> datagrams = TestCaptures.datagrams(TestCaptures.capture(TestCaptures.V8));
        datagrams.addAll(TestCaptures.datagrams(TestCaptures.capture(TestCaptures.V9)));
        final int count = datagrams.size();
        assertTrue(count > 10000);
        final int[] groups = new int[count];
        final int[] ports = new int[count];
        final UnsafeBuffer[] buffers = new UnsafeBuffer[count];
        for (int i = 0; i < count; i++)
        {
            groups[i] = datagrams.get(i).groupAddress();
            ports[i] = datagrams.get(i).port();
            buffers[i] = new UnsafeBuffer(datagrams.get(i).payload());
        }

        final LineMap lineMap = TestCaptures.config(TestCaptures.V8);
        final FieldReadingListener reader = new FieldReadingListener();
        final Mdp3PacketAdapter adapter = new Mdp3PacketAdapter(reader);

        assertSteadyStateAllocatesNothing(() -> runPasses(lineMap, adapter, groups, ports, buffers, 10));
        assertTrue(reader.trades > 0);
        assertTrue(reader.checksum != 0);
    }

    @Test
    void unconfiguredLineMapAllocatesNothingOnceLinesAreKnown()
    {
        final List<Datagram> datagrams = TestCaptures.datagrams(TestCaptures.capture(TestCaptures.V9));
        final LineMap lineMap = LineMap.unconfigured(64);
        final Mdp3PacketAdapter adapter = new Mdp3PacketAdapter(new FieldReadingListener());
        final UnsafeBuffer[] buffers = datagrams.stream().map((d) -> new UnsafeBuffer(d.payload()))
            .toArray(UnsafeBuffer[]::new);
        final int[] groups = datagrams.stream().mapToInt(Datagram::groupAddress).toArray();
        final int[] ports = datagrams.stream().mapToInt(Datagram::port).toArray();

        assertSteadyStateAllocatesNothing(() -> runPasses(lineMap, adapter, groups, ports, buffers, 500));
    }

    /**
     * Reading the capture and the engine's path as {@code scripts/replay} runs it: the first pass is sequenced and
     * applied, later passes are duplicates of it (the sequencer's most frequent decision on A/B lines).
     */
    @Test
    void captureReplayThroughTheEngineAllocatesNothingPerFrame()
    {
        final LineMap lineMap = TestCaptures.config(TestCaptures.V8);
        final FeedEngine engine = new FeedEngine(lineMap, ChannelOptions.defaults(), Feed.A, channelId -> true,
            channelId -> false, new ReplayListener(null), null, HandlerCounters.onHeap());
        engine.start();
        try (PcapPacketSource source = PcapPacketSource.open(TestCaptures.capture(TestCaptures.V8)))
        {
            assertSteadyStateAllocatesNothing(() -> replay(source, engine, 10));
            assertTrue(source.datagrams() >= 30 * 10000);
        }
        assertEquals(5000, engine.channel(0).decoder().decodedPackets());
        assertEquals(engine.packets() - 5000, engine.duplicates());
    }

    /**
     * Runs windows of work until three windows in a row allocate nothing (the JIT has settled). Allocation per
     * packet would show in every window; what tiered compilation allocates while it settles does not recur.
     */
    private static void assertSteadyStateAllocatesNothing(final Runnable window)
    {
        final long[] allocated = new long[30];
        int zeroInARow = 0;
        for (int i = 0; i < allocated.length; i++)
        {
            final long before = allocatedBytes();
            window.run();
            allocated[i] = allocatedBytes() - before;
            zeroInARow = allocated[i] == 0 ? zeroInARow + 1 : 0;
            if (zeroInARow == 3)
            {
                return;
            }
        }
        fail("bytes allocated per window never settled at 0: " + java.util.Arrays.toString(allocated));
    }

    private static void replay(final PcapPacketSource source, final FeedEngine engine, final int passes)
    {
        for (int pass = 0; pass < passes; pass++)
        {
            source.rewind();
            while (!source.isEnd())
            {
                source.poll(engine, 64);
                engine.onTimer(engine.lastReceiveTimeNs());
            }
        }
    }

    private static void runPasses(
        final LineMap lineMap,
        final Mdp3PacketAdapter adapter,
        final int[] groups,
        final int[] ports,
        final UnsafeBuffer[] buffers,
        final int passes)
    {
        for (int pass = 0; pass < passes; pass++)
        {
            for (int i = 0; i < buffers.length; i++)
            {
                final UnsafeBuffer buffer = buffers[i];
                final int lineId = lineMap.lineId(groups[i], ports[i]);
                if (lineId != LineMap.NO_LINE)
                {
                    adapter.onPacket(lineMap.line(lineId), buffer, 0, buffer.capacity(), i);
                }
            }
        }
    }
}
