package io.xdpfeed.handler.stats;

import io.xdpfeed.codecs.md.OrderAction;
import io.xdpfeed.codecs.md.Side;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
}
