package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.itch.ItchPacketDecoder;
import io.xdpfeed.handler.itch.ItchProtocol;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.ItchConfigOut;
import io.xdpfeed.sim.itch.ItchSession;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ITCH path through the engine allocates nothing in steady state: a simulated session's datagrams on lines A and B
 * (with loss on each, so duplicates and held packets too) through {@link FeedEngine} with {@link ItchProtocol} and
 * market-by-order books, pass after pass (each a new MoldUDP64 session: sequence from 1, books reset); after a
 * warm-up, a whole pass allocates 0 bytes on this thread ({@link AllocationWindows}).
 */
@Timeout(60)
class ItchEngineAllocationTest
{
    private static final int SESSION_SUFFIX_OFFSET = 8;

    @Test
    void aWholeSessionThroughTheEngineAllocatesNothing() throws Exception
    {
        final ItchSession.Settings settings = new ItchSession.Settings(8, 5_000, 3, 0.02, 0.02,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel());
        final List<UnsafeBuffer> datagrams = new ArrayList<>();
        final List<SimLine> lines = new ArrayList<>();
        new ItchSession(settings).run((line, buffer, offset, length, timeNs) ->
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            datagrams.add(new UnsafeBuffer(copy));
            lines.add(line);
        });
        final Properties properties = new Properties();
        properties.load(new StringReader(ItchConfigOut.text(settings.channel())));
        final FeedEngine engine = new FeedEngine(ItchProtocol.INSTANCE, Configuration.itchLines(properties).lineMap(),
            ChannelOptions.defaults().withMbo(true), Feed.A, id -> true, id -> true, new ChannelListener()
            {
            }, null, HandlerCounters.onHeap());
        engine.start();
        final UnsafeBuffer[] buffers = datagrams.toArray(new UnsafeBuffer[0]);
        final int[] groups = lines.stream().mapToInt(line -> settings.channel().groupAddress(line)).toArray();
        final int[] ports = lines.stream().mapToInt(line -> settings.channel().port(line)).toArray();
        final short[] session = {0};
        final long[] time = {1};
        final Runnable pass = () ->
        {
            session[0]++;
            for (int i = 0; i < buffers.length; i++)
            {
                buffers[i].putShort(SESSION_SUFFIX_OFFSET, session[0]);
                engine.onDatagram(groups[i], ports[i], buffers[i], 0, buffers[i].capacity(), time[0]++);
                engine.onTimer(time[0]);
            }
        };
        for (int i = 0; i < 30; i++)
        {
            pass.run();
        }
        final com.sun.management.ThreadMXBean threads = AllocationWindows.threads();
        final List<Long> calibration = AllocationWindows.measure(threads, 0, () -> { });
        AllocationWindows.assertAllocationFree(
            AllocationWindows.measure(threads, calibration.getLast(), pass), "whole ITCH sessions");
        assertEquals(0, engine.gaps());
        assertEquals(0, engine.recoveries());
        final ItchPacketDecoder decoder = (ItchPacketDecoder)engine.channel(0).decoder();
        assertTrue(decoder.sessions() > 30, "a new session per pass: " + decoder.sessions());
        assertTrue(decoder.builder().orders().orderCount() > 100, "orders live at the end of a pass");
        assertTrue(engine.duplicates() > 10_000, "line B's copies: " + engine.duplicates());
    }
}
