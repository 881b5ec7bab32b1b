package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.ItchSession;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ITCH book path allocates nothing per message once warm: a simulated session's line-A packets applied again and
 * again (the builder is rebuilt from scratch between passes, outside the measured window, so every pass applies the
 * same adds, executions, cancels, deletes, replaces and refills), the thread's allocated bytes read around a pass.
 */
@Timeout(60)
class ItchAllocationTest
{
    @Test
    void zeroBytesPerMessageAfterWarmUp()
    {
        final List<byte[]> packets = new ArrayList<>();
        new ItchSession(new ItchSession.Settings(8, 5_000, 7, 0, 0, ItchSession.DEFAULT_START_EPOCH_NS,
            ItchSession.Settings.defaultChannel())).run((line, buffer, offset, length, timeNs) ->
        {
            if (line == SimLine.INCREMENTAL_A)
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                packets.add(copy);
            }
        });
        final UnsafeBuffer[] buffers = packets.stream().map(UnsafeBuffer::new).toArray(UnsafeBuffer[]::new);
        final long[] sink = new long[1];
        final ItchListener listener = new ItchListener()
        {
            @Override
            public void onLevel(
                final int locate, final boolean bid, final BookAction action, final int level, final long price,
                final long size, final int orderCount)
            {
                sink[0] += size;
            }

            @Override
            public void onTrade(
                final int locate, final long price, final long shares, final boolean restingBid,
                final long matchNumber, final long timestampNs)
            {
                sink[0] += shares;
            }
        };

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().threadId();
        long allocated = -1;
        long messages = 0;
        for (int pass = 0; pass < 30 && allocated != 0; pass++)
        {
            final ItchBookBuilder builder = new ItchBookBuilder(listener, 1 << 16, 16, 10);
            final long before = threads.getThreadAllocatedBytes(thread);
            for (final UnsafeBuffer buffer : buffers)
            {
                builder.onPacket(buffer, 0, buffer.capacity());
            }
            allocated = threads.getThreadAllocatedBytes(thread) - before;
            messages = builder.count(Count.MESSAGES);
        }
        assertEquals(0, allocated, "bytes allocated applying " + messages + " messages");
        assertTrue(messages > 5_000 && sink[0] != 0, messages + " messages");
    }
}
