package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.SimulationResult;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.CmeConfigWriter;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * The exchange simulator's feed replayed in memory into an engine built from the simulator's own CME config (every
 * instrument subscribed, snapshots from A, nothing published): the same datagrams and timestamps as its capture,
 * the engine's timers run at each datagram's time (a hole the other line does not fill is declared lost after the
 * gap wait, as live and in {@code scripts/replay}).
 * Shared by {@link SimulatedFeedReplayTest} and {@link SimulatedMboReplayTest}.
 *
 * @param result what the simulator sent and its truth.
 * @param engine the engine after the replay and a final flush.
 */
record SimulatedReplay(SimulationResult result, FeedEngine engine)
{
    /**
     * @param config        the simulation.
     * @param mbo           whether the engine keeps market-by-order books.
     * @param skipDatagrams datagrams of the feed the engine does not see: it starts late.
     * @return the simulation's result and the engine.
     */
    static SimulatedReplay replay(final SimulatorConfig config, final boolean mbo, final long skipDatagrams)
    {
        return replay(config, mbo, skipDatagrams, new ChannelListener()
        {
        });
    }

    /**
     * @param config        the simulation.
     * @param mbo           whether the engine keeps market-by-order books.
     * @param skipDatagrams datagrams of the feed the engine does not see: it starts late.
     * @param listener      receives the records the engine would publish (a {@code MarketDataProxy} publishes them).
     * @return the simulation's result and the engine.
     */
    static SimulatedReplay replay(
        final SimulatorConfig config, final boolean mbo, final long skipDatagrams, final ChannelListener listener)
    {
        return replay(config, mbo, skipDatagrams, listener, engine ->
        {
        });
    }

    /**
     * @param config        the simulation.
     * @param mbo           whether the engine keeps market-by-order books.
     * @param skipDatagrams datagrams of the feed the engine does not see: it starts late.
     * @param listener      receives the records the engine would publish (a {@code MarketDataProxy} publishes them).
     * @param afterDatagram called with the engine after each datagram it was given and its timers ran.
     * @return the simulation's result and the engine.
     */
    static SimulatedReplay replay(
        final SimulatorConfig config, final boolean mbo, final long skipDatagrams, final ChannelListener listener,
        final Consumer<FeedEngine> afterDatagram)
    {
        return replay(config, mbo, skipDatagrams, listener, null, afterDatagram);
    }

    /**
     * @param config        the simulation.
     * @param mbo           whether the engine keeps market-by-order books.
     * @param skipDatagrams datagrams of the feed the engine does not see: it starts late.
     * @param listener      receives the records the engine would publish (a {@code MarketDataProxy} publishes them).
     * @param proxy         answers the subscribers' snapshot requests ({@link FeedEngine#onSnapshotRequest}), or null.
     * @param afterDatagram called with the engine after each datagram it was given and its timers ran.
     * @return the simulation's result and the engine.
     */
    static SimulatedReplay replay(
        final SimulatorConfig config, final boolean mbo, final long skipDatagrams, final ChannelListener listener,
        final MarketDataProxy proxy, final Consumer<FeedEngine> afterDatagram)
    {
        final LineMap lineMap = CmeConfigParser.parse(new ByteArrayInputStream(
            CmeConfigWriter.toXml(config).getBytes(StandardCharsets.UTF_8)), "sim config.xml");
        final FeedEngine engine = new FeedEngine(lineMap, ChannelOptions.defaults(), Feed.A, id -> true, id -> mbo,
            listener, proxy, HandlerCounters.onHeap());
        engine.start();
        final long[] seen = { 0 };
        final SimulationResult result = new ExchangeSimulator(config).run(
            (group, port, buffer, offset, length, timeNs) ->
            {
                if (seen[0]++ >= skipDatagrams)
                {
                    engine.onDatagram(group, port, buffer, offset, length, timeNs);
                    engine.onTimer(timeNs);
                    afterDatagram.accept(engine);
                }
            });
        engine.flush(engine.lastReceiveTimeNs());
        return new SimulatedReplay(result, engine);
    }
}
