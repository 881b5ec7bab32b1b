package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.engine.Configuration;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.ItchConfigOut;
import io.xdpfeed.sim.itch.ItchSession;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * For the tests that run a simulated ITCH session's incremental line A through a started engine: the line's datagrams
 * copied out of the simulator, and handed to an engine of the session's channel in order.
 */
final class ItchLineA
{
    private ItchLineA()
    {
    }

    /**
     * Keep a copy of a datagram of line A.
     *
     * @param datagrams the copies so far.
     * @param session   the MoldUDP64 session id to write over the copy's (10 characters), or null to keep its own.
     */
    static void copy(
        final List<UnsafeBuffer> datagrams, final SimLine line, final DirectBuffer buffer, final int offset,
        final int length, final String session)
    {
        if (line != SimLine.INCREMENTAL_A)
        {
            return;
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        if (session != null)
        {
            System.arraycopy(session.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, 10);
        }
        datagrams.add(new UnsafeBuffer(bytes));
    }

    /**
     * @param protocol  the engine's ITCH protocol.
     * @param settings  the session's (its channel's lines are the engine's).
     * @param datagrams line A's datagrams, handed over in order (receive times 1, 2, ...).
     * @return the started engine, after the last datagram.
     */
    static FeedEngine run(final Protocol protocol, final ItchSession.Settings settings,
        final List<UnsafeBuffer> datagrams) throws IOException
    {
        final Properties properties = new Properties();
        properties.load(new StringReader(ItchConfigOut.text(settings.channel())));
        final FeedEngine engine = new FeedEngine(protocol, Configuration.itchLines(properties).lineMap(),
            ChannelOptions.defaults(), Feed.A, id -> true, id -> false, new ChannelListener()
            {
            }, null, HandlerCounters.onHeap());
        engine.start();
        final int group = settings.channel().groupAddress(SimLine.INCREMENTAL_A);
        final int port = settings.channel().port(SimLine.INCREMENTAL_A);
        long timeNs = 1;
        for (final UnsafeBuffer datagram : datagrams)
        {
            engine.onDatagram(group, port, datagram, 0, datagram.capacity(), timeNs++);
        }
        return engine;
    }
}
