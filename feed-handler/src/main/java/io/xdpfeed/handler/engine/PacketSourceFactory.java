package io.xdpfeed.handler.engine;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.ingress.PacketSource;

import java.util.List;

/**
 * Opens the {@link PacketSource} the configuration asks for ({@code xdpfeed.transport}), subscribed to the given
 * lines. Setup only: may block, allocate and throw.
 */
@FunctionalInterface
public interface PacketSourceFactory
{
    /**
     * @param context the concluded configuration (transport, interface, queue, cpu).
     * @param lines   every multicast line of the subscribed channels (incremental, snapshot, definition).
     * @return an open source the handler closes.
     * @throws io.xdpfeed.common.config.ConfigurationException when the transport cannot be set up.
     */
    PacketSource open(FeedHandler.Context context, List<Line> lines);
}
