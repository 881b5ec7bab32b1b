package io.xdpfeed.bench.remote;

import io.aeron.Aeron;
import io.aeron.driver.status.SystemCounterDescriptor;
import io.xdpfeed.bench.live.AeronChannels;
import io.xdpfeed.bench.live.BookComparison;
import io.xdpfeed.bench.live.ChildProcess;
import io.xdpfeed.bench.live.HostDriverMain;
import io.xdpfeed.bench.live.Lab;
import io.xdpfeed.bench.live.LiveSubscriber;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.FeedHandler;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.SimulationResult;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.CmeConfigWriter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.client.BookMirror.Count.GAPS;
import static io.xdpfeed.client.BookMirror.Count.LATE_JOINS;
import static io.xdpfeed.client.BookMirror.Count.RECORDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three-host lab for real, as root: the handler host's and the strategy host's media drivers each run in their
 * own namespace ({@code scripts/lab up --hosts 3}), joined by their own veth pair; the handler (in this JVM, a client
 * of the handler host's driver) publishes the simulator's session on MDC UDP; the subscriber of the strategy host
 * (a client of that host's driver) ends with books equal to the truth and every record, with 0% and with 5% of the
 * UDP datagrams dropped on the link by the lab's XDP program: Aeron's NAKs recover every one.
 */
@Timeout(90)
class StrategyHostTest
{
    private static final int DATA_PORT = 40456;
    private static final int CONTROL_PORT = 40457;
    private static final int SUBSCRIBER_PORT = 40458;

    private final List<AutoCloseable> resources = new ArrayList<>();
    @TempDir
    Path temp;
    private Lab lab;

    @BeforeEach
    void setUp()
    {
        final String reason = Lab.unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "skipped: " + reason);
        lab = Lab.unique(Lab.findHome(), "xdpfeed-remote", temp.resolve("lab"));
        resources.add(lab);
        lab.upWithStrategyHost();
    }

    @AfterEach
    void tearDown()
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(resources.get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = { 0, 5 })
    void remoteSubscriberEndsEqualToTruthUnderLinkLoss(final double lossPercent) throws Exception
    {
        final String handlerDir = RemoteSubscriberTest.uniqueDir("handler-host");
        final String strategyDir = RemoteSubscriberTest.uniqueDir("strategy-host");
        startDriver("handler-host driver", lab.inHandler(), handlerDir);
        startDriver("strategy-host driver", lab.inStrategy(), strategyDir);
        if (lossPercent > 0)
        {
            lab.loss(lossPercent);
        }

        final SimulatorConfig simulation = SimulatorConfig.builder().instruments(12).packets(4_000).seed(7).build();
        final LineMap lineMap = CmeConfigParser.parse(new ByteArrayInputStream(
            CmeConfigWriter.toXml(simulation).getBytes(StandardCharsets.UTF_8)), "sim config.xml");
        final String publication = AeronChannels.publication(Lab.HANDLER_TO_STRATEGY_ADDRESS, DATA_PORT);
        final String control = AeronChannels.control(Lab.HANDLER_TO_STRATEGY_ADDRESS, CONTROL_PORT);
        final QueuedPacketSource source = new QueuedPacketSource();
        resources.add(FeedHandler.launch(new FeedHandler.Context()
            .lineMap(lineMap)
            .packetSource(source)
            .aeronDir(handlerDir)
            .marketDataChannel(publication)
            .controlChannel(control)
            .receiveIdleStrategy(new BackoffIdleStrategy())));

        final LiveSubscriber local = subscriber(handlerDir, AeronChannels.spy(publication), control);
        final LiveSubscriber remote = subscriber(strategyDir, AeronChannels.remoteSubscription(Lab.STRATEGY_ADDRESS,
            SUBSCRIBER_PORT, Lab.HANDLER_TO_STRATEGY_ADDRESS, DATA_PORT), control);
        local.awaitConnected(15_000);
        remote.awaitConnected(15_000);

        final SimulationResult result = new ExchangeSimulator(simulation).run((line, buffer, offset, length, timeNs) ->
        {
            final byte[] payload = new byte[length];
            buffer.getBytes(offset, payload);
            source.add(simulation.channel().groupAddress(line), simulation.channel().port(line), payload);
        });

        final int channelId = simulation.channel().channelId();
        for (final LiveSubscriber subscriber : List.of(local, remote))
        {
            final BookComparison comparison = RemoteSubscriberTest.awaitEqual(subscriber, channelId, result);
            assertTrue(comparison.allEqual(), () -> comparison + " with " + lossPercent + "% loss");
        }
        final long records = local.onPollThread(mirror -> mirror.count(RECORDS));
        assertTrue(records > 4_000, "records " + records);
        assertEquals(records, (long)remote.onPollThread(mirror -> mirror.count(RECORDS)));
        assertEquals(0L, (long)remote.onPollThread(mirror -> mirror.count(GAPS)), "records lost to the strategy host");
        assertEquals(0L, (long)remote.onPollThread(mirror -> mirror.count(LATE_JOINS)));
        final long naks = nakMessagesSent(strategyDir);
        if (lossPercent > 0)
        {
            assertTrue(naks > 0, "the strategy host's driver sent no NAK under " + lossPercent + "% loss");
        }
        else
        {
            assertEquals(0, naks);
        }
    }

    private void startDriver(final String name, final List<String> namespace, final String dir)
    {
        final ChildProcess driver = ChildProcess.start(name, ChildProcess.java(namespace,
            List.of("-Daeron.dir=" + dir), HostDriverMain.class.getName(), List.of()),
            temp.resolve(name.replace(' ', '-') + ".log"));
        resources.add(driver);
        driver.awaitLine(HostDriverMain.READY, 30_000);
    }

    private LiveSubscriber subscriber(final String aeronDir, final String channel, final String control)
    {
        final LiveSubscriber subscriber = new LiveSubscriber(new MarketDataSubscriber.Context()
            .aeronDirectoryName(aeronDir)
            .channel(channel)
            .controlChannel(control), 1_000_000, 0, new YieldingIdleStrategy(), -1);
        resources.add(subscriber);
        return subscriber;
    }

    private static long nakMessagesSent(final String aeronDir)
    {
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)))
        {
            final long[] value = { -1 };
            aeron.countersReader().forEach((counterId, typeId, keyBuffer, label) ->
            {
                if (typeId == SystemCounterDescriptor.SYSTEM_COUNTER_TYPE_ID &&
                    keyBuffer.getInt(0) == SystemCounterDescriptor.NAK_MESSAGES_SENT.id())
                {
                    value[0] = aeron.countersReader().getCounterValue(counterId);
                }
            });
            return value[0];
        }
    }
}
