package io.xdpfeed.handler.mdp3;

import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.TestCaptures.Datagram;
import io.xdpfeed.handler.arbitration.LineArbiter;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.config.LineMap;
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
 * after warm-up (line lookup, framing check, arbitration, decoding every entry; and reading the capture itself).
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
    void pipelineAllocatesNothingPerPacket()
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
        final ReplayListener listener = new ReplayListener(null);
        final FieldReadingListener reader = new FieldReadingListener(listener);
        final Mdp3PacketPipeline pipeline = new Mdp3PacketPipeline(lineMap, reader);

        assertSteadyStateAllocatesNothing(() -> runPasses(pipeline, groups, ports, buffers, 10));
        assertTrue(listener.trades() > 0);
        assertTrue(reader.checksum != 0);
    }

    @Test
    void unconfiguredLineMapAllocatesNothingOnceLinesAreKnown()
    {
        final List<Datagram> datagrams = TestCaptures.datagrams(TestCaptures.capture(TestCaptures.V9));
        final LineMap lineMap = LineMap.unconfigured(64);
        final Mdp3PacketPipeline pipeline = new Mdp3PacketPipeline(lineMap, new ReplayListener(null));
        final UnsafeBuffer[] buffers = datagrams.stream().map((d) -> new UnsafeBuffer(d.payload()))
            .toArray(UnsafeBuffer[]::new);
        final int[] groups = datagrams.stream().mapToInt(Datagram::groupAddress).toArray();
        final int[] ports = datagrams.stream().mapToInt(Datagram::port).toArray();

        assertSteadyStateAllocatesNothing(() -> runPasses(pipeline, groups, ports, buffers, 500));
    }

    @Test
    void captureReplayAllocatesNothingPerFrame()
    {
        final LineMap lineMap = TestCaptures.config(TestCaptures.V8);
        final Mdp3PacketPipeline pipeline = new Mdp3PacketPipeline(lineMap, new ReplayListener(null));
        try (PcapPacketSource source = PcapPacketSource.open(TestCaptures.capture(TestCaptures.V8)))
        {
            assertSteadyStateAllocatesNothing(() -> replay(source, pipeline, 10));
            assertTrue(source.datagrams() >= 30 * 10000);
        }
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

    private static void replay(final PcapPacketSource source, final Mdp3PacketPipeline pipeline, final int passes)
    {
        for (int pass = 0; pass < passes; pass++)
        {
            pipeline.arbiter().expectedSeqNum(0, LineArbiter.NONE);
            source.rewind();
            while (!source.isEnd())
            {
                source.poll(pipeline, 64);
            }
        }
    }

    private static void runPasses(
        final Mdp3PacketPipeline pipeline,
        final int[] groups,
        final int[] ports,
        final UnsafeBuffer[] buffers,
        final int passes)
    {
        final LineMap lineMap = pipeline.lineMap();
        for (int pass = 0; pass < passes; pass++)
        {
            for (int channel = 0; channel < lineMap.channelCount(); channel++)
            {
                pipeline.arbiter().expectedSeqNum(channel, LineArbiter.NONE);
            }
            for (int i = 0; i < buffers.length; i++)
            {
                final UnsafeBuffer buffer = buffers[i];
                pipeline.onDatagram(groups[i], ports[i], buffer, 0, buffer.capacity(), i);
            }
        }
    }
}
