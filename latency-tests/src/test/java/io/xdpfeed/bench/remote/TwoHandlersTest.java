package io.xdpfeed.bench.remote;

import io.xdpfeed.bench.live.BookComparison;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.client.MultiHandlerSubscriber;
import io.xdpfeed.client.MultiHandlerSubscriber.StreamState;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.FeedHandler;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.SimulationResult;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.CmeConfigWriter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static io.xdpfeed.client.BookMirror.Count.GAPS;
import static io.xdpfeed.client.BookMirror.Count.NEW_STREAMS;
import static io.xdpfeed.client.BookMirror.Count.RECORDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two handlers on one host split the channels of one config.xml ({@code xdpfeed.channels} 1 and 2), each with its own
 * receive thread, packet source and embedded media driver; one {@link MultiHandlerSubscriber} subscribes to both.
 * Both end equal to their simulator's truth; then handler 1 is stopped: its stream goes NOT_CONNECTED and the
 * subscriber says so, while handler 2 goes on and the second half of its session still ends equal to the truth.
 */
@Timeout(60)
class TwoHandlersTest
{
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(resources.get(i));
        }
    }

    @Test
    void oneHandlersDeathLeavesTheOtherUntouched() throws Exception
    {
        final SimulatorConfig first = SimulatorConfig.builder().instruments(8).packets(3_000).seed(21).build();
        ChannelConfig channel2 = ChannelConfig.defaults().withChannelId(2);
        int group = 1;
        for (final SimLine line : SimLine.values())
        {
            channel2 = channel2.withLine(line, "224.0.33." + group++ + ":1631" + group);
        }
        final SimulatorConfig second = SimulatorConfig.builder().instruments(8).packets(3_000).seed(22)
            .channel(channel2).build();
        final String xml1 = CmeConfigWriter.toXml(first);
        final String xml2 = CmeConfigWriter.toXml(second);
        final String both = xml1.replace("</configuration>", xml2.substring(xml2.indexOf("  <channel ")));
        final LineMap lineMap = CmeConfigParser.parse(new ByteArrayInputStream(both.getBytes(StandardCharsets.UTF_8)),
            "two channels config.xml");

        final QueuedPacketSource source1 = new QueuedPacketSource();
        final QueuedPacketSource source2 = new QueuedPacketSource();
        final FeedHandler handler1 = handler(lineMap, 1, source1);
        final FeedHandler handler2 = handler(lineMap, 2, source2);

        final List<String> states = new CopyOnWriteArrayList<>();
        final MultiHandlerSubscriber feeds = new MultiHandlerSubscriber(List.of(
            new MarketDataSubscriber.Context().aeronDirectoryName(handler1.context().embeddedAeronDir())
                .driverTimeoutMs(2_000),
            new MarketDataSubscriber.Context().aeronDirectoryName(handler2.context().embeddedAeronDir())
                .driverTimeoutMs(2_000)),
            (index, state) -> states.add(index + " " + state));
        resources.add(feeds);
        pollUntil(feeds, () -> feeds.state(0) == StreamState.CONNECTED && feeds.state(1) == StreamState.CONNECTED);

        final SimulationResult truth1 = feed(first, source1);
        final List<byte[]> secondPayloads = new ArrayList<>();
        final List<int[]> secondDestinations = new ArrayList<>();
        final SimulationResult truth2 = new ExchangeSimulator(second).run((line, buffer, offset, length, timeNs) ->
        {
            final byte[] payload = new byte[length];
            buffer.getBytes(offset, payload);
            secondPayloads.add(payload);
            secondDestinations.add(new int[]{ second.channel().groupAddress(line), second.channel().port(line) });
        });
        final int half = secondPayloads.size() / 2;
        for (int i = 0; i < half; i++)
        {
            source2.add(secondDestinations.get(i)[0], secondDestinations.get(i)[1], secondPayloads.get(i));
        }
        pollUntil(feeds, () -> equal(feeds, 0, 1, truth1) && source2.isEmpty());
        final long recordsBefore = feeds.subscriber(1).mirror().count(RECORDS);

        handler1.close();
        pollUntil(feeds, () -> feeds.state(0) == StreamState.NOT_CONNECTED);
        assertEquals(StreamState.CONNECTED, feeds.state(1), "the other handler's stream");
        for (int i = half; i < secondPayloads.size(); i++)
        {
            source2.add(secondDestinations.get(i)[0], secondDestinations.get(i)[1], secondPayloads.get(i));
        }
        pollUntil(feeds, () -> equal(feeds, 1, 2, truth2));

        assertEquals(3, states.size(), states::toString);
        assertEquals(Set.of("0 CONNECTED", "1 CONNECTED"), Set.copyOf(states.subList(0, 2)));
        assertEquals("0 NOT_CONNECTED", states.get(2));
        assertTrue(feeds.subscriber(1).mirror().count(RECORDS) > recordsBefore);
        assertEquals(0, feeds.subscriber(1).mirror().count(GAPS));
        assertEquals(0, feeds.subscriber(1).mirror().count(NEW_STREAMS) - 1, "handler 2's stream never restarted");
        for (final int securityId : truth1.books().keySet())
        {
            assertEquals(null, feeds.subscriber(1).mirror().book(1, securityId), "handler 2 publishes channel 2 only");
        }
    }

    private FeedHandler handler(final LineMap lineMap, final int channel, final QueuedPacketSource source)
    {
        final FeedHandler handler = FeedHandler.launch(new FeedHandler.Context()
            .lineMap(lineMap)
            .channels(channel)
            .packetSource(source)
            .embeddedAeronDir(RemoteSubscriberTest.uniqueDir("handler-" + channel))
            .receiveIdleStrategy(new BackoffIdleStrategy()));
        resources.add(handler);
        return handler;
    }

    private static SimulationResult feed(final SimulatorConfig config, final QueuedPacketSource source)
    {
        return new ExchangeSimulator(config).run((line, buffer, offset, length, timeNs) ->
        {
            final byte[] payload = new byte[length];
            buffer.getBytes(offset, payload);
            source.add(config.channel().groupAddress(line), config.channel().port(line), payload);
        });
    }

    private static boolean equal(
        final MultiHandlerSubscriber feeds, final int index, final int channelId, final SimulationResult truth)
    {
        return BookComparison.compare(feeds.subscriber(index).mirror(), channelId, truth.books()).allEqual();
    }

    private static void pollUntil(final MultiHandlerSubscriber feeds, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadlineMs = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadlineMs)
            {
                throw new AssertionError("not within 20 s; stream states " + feeds.state(0) + " " + feeds.state(1));
            }
            if (feeds.poll() == 0)
            {
                Thread.sleep(1);
            }
        }
    }
}
