package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;

import java.util.Properties;

/**
 * One hand-written ITCH datagram through a started engine of channel 1 (line A only, every instrument subscribed,
 * MBP only), its changes told to the listener: for tests of the records one kind of message gives.
 */
final class ItchEngineDatagram
{
    private ItchEngineDatagram()
    {
    }

    /**
     * @param writer   holding the datagram, sent on line A.
     * @param listener told what the engine publishes for it.
     */
    static void send(final ItchPacketWriter writer, final ChannelListener listener)
    {
        final Properties properties = new Properties();
        properties.setProperty(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400");
        final FeedEngine engine = new FeedEngine(ItchProtocol.INSTANCE, PropertiesLineMap.itch(properties).lineMap(),
            ChannelOptions.defaults().withReceiveTimeOffsetNs(0), Feed.A, id -> true, id -> false, listener, null,
            HandlerCounters.onHeap());
        engine.start();
        engine.onDatagram(LineMap.parseAddress("239.77.18.1"), 26400, writer.buffer(), 0, writer.length(), 1_000);
        engine.close();
    }
}
