package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.publish.MarketDataProxy;

import java.util.Properties;

/**
 * Hand-written ITCH datagrams through a started engine of channel 1 (line A only, every instrument subscribed, MBP
 * only), their changes told to the listener: for tests of the records one kind of message gives.
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
        final FeedEngine engine = started(listener, null);
        deliver(engine, writer);
        engine.close();
    }

    /**
     * @param listener told what the engine publishes.
     * @param proxy    answers snapshot requests, or null.
     * @return a started engine of channel 1; the caller closes it.
     */
    static FeedEngine started(final ChannelListener listener, final MarketDataProxy proxy)
    {
        final Properties properties = new Properties();
        properties.setProperty(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400");
        final FeedEngine engine = new FeedEngine(ItchProtocol.INSTANCE, PropertiesLineMap.itch(properties).lineMap(),
            ChannelOptions.defaults().withReceiveTimeOffsetNs(0), Feed.A, id -> true, id -> false, listener, proxy,
            HandlerCounters.onHeap());
        engine.start();
        return engine;
    }

    /**
     * @param engine a started engine.
     * @param writer holding the datagram, sent on line A.
     */
    static void deliver(final FeedEngine engine, final ItchPacketWriter writer)
    {
        engine.onDatagram(LineMap.parseAddress("239.77.18.1"), 26400, writer.buffer(), 0, writer.length(), 1_000);
    }
}
