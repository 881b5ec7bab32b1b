package io.xdpfeed.handler.stats;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import org.agrona.concurrent.OffsetEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timing wrapper sits between the channels and the publisher in the live handler: a callback it does not
 * override would fall to the interface's empty default and never be published.
 */
@Timeout(10)
class TimedChannelListenerTest
{
    @Test
    void overridesEveryCallbackOfTheListener() throws Exception
    {
        for (final Method method : ChannelListener.class.getMethods())
        {
            assertNotNull(TimedChannelListener.class.getDeclaredMethod(method.getName(), method.getParameterTypes()),
                method.getName());
        }
    }

    @Test
    void passesOrderRecordsThroughOutsideADatagram()
    {
        final int[] calls = new int[2];
        final ChannelListener publisher = new ChannelListener()
        {
            public void onOrderUpdate(
                final Instrument instrument,
                final Side side,
                final OrderAction action,
                final long orderId,
                final long priority,
                final long price,
                final long displayQty,
                final boolean endOfEvent,
                final short matchEventIndicator,
                final PacketInfo packet)
            {
                calls[0]++;
            }

            public void onOrderBookSnapshot(
                final Instrument instrument, final long requestId, final long lastMsgSeqNumProcessed,
                final PacketInfo packet)
            {
                calls[1]++;
            }
        };
        final TimedChannelListener listener = new TimedChannelListener(publisher,
            new PacketTimer(new HandlerLatency(), System::nanoTime, 0, true));
        listener.onOrderUpdate(null, Side.BID, OrderAction.CLEAR, 0, 0, Long.MAX_VALUE, 0, true, (short)0x80,
            new PacketInfo());
        listener.onOrderBookSnapshot(null, 0, 0, new PacketInfo());
        assertEquals(1, calls[0]);
        assertEquals(1, calls[1]);
    }

    @Test
    void handsTheTimersClockReadToAPublisherOnTheSameClock()
    {
        final long offsetNs = 1_000_000_000_000L;
        final List<String> ends = new ArrayList<>();
        final long[] given = new long[1];
        final ChannelListener publisher = new ChannelListener()
        {
            public void onPacketEnd()
            {
                ends.add("read its own clock");
            }

            public void onPacketEnd(final long publishTimeNs)
            {
                ends.add("given the time");
                given[0] = publishTimeNs;
            }
        };
        final HandlerLatency latency = new HandlerLatency();
        final PacketTimer timer = new PacketTimer(latency, SystemNanoClock.INSTANCE, offsetNs, true);
        final TimedChannelListener shared = new TimedChannelListener(publisher, timer, new CalibratedEpochClock(offsetNs));
        final TimedChannelListener own = new TimedChannelListener(publisher, timer, new OffsetEpochNanoClock());

        final long beforeNs = System.nanoTime();
        datagram(timer, shared);
        final long afterNs = System.nanoTime();
        datagram(timer, own);
        timer.datagramStart();
        shared.onPacketEnd();
        timer.datagramEnd();

        assertEquals(List.of("given the time", "read its own clock", "read its own clock"), ends,
            "a datagram that published nothing reads no clock for the publisher");
        assertTrue(given[0] - offsetNs >= beforeNs && given[0] - offsetNs <= afterNs, "the timer's read + offset");
        assertEquals(2, latency.intervalHistogram(HandlerLatencyTier.PUBLISH).getTotalCount());
    }

    private static void datagram(final PacketTimer timer, final TimedChannelListener listener)
    {
        final PacketInfo packet = new PacketInfo();
        timer.datagramStart();
        listener.onChannelStatus(310, FeedStatus.STALE, 3, 4, 1, packet);
        listener.onPacketEnd();
        timer.datagramEnd();
    }
}
