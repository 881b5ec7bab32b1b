package io.xdpfeed.bench.remote;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.bench.live.AeronChannels;
import io.xdpfeed.bench.live.BookComparison;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.client.BookMirror.Count.GAPS;
import static io.xdpfeed.client.BookMirror.Count.LATE_JOINS;
import static io.xdpfeed.client.BookMirror.Count.RECORDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two hosts on one machine: the handler with its embedded media driver publishes one MDC UDP publication on
 * 127.0.0.1; a "remote" subscriber on a second media driver (its own directory) joins it as a dynamic destination and
 * sends its snapshot requests over UDP; a local subscriber reads the same publication through a spy of the handler's
 * driver. The simulator's session goes through the handler; every subscriber ends with books equal to the truth and
 * the same record count, a late joiner included (snapshot request over UDP).
 */
@Timeout(60)
class RemoteSubscriberTest
{
    private static final String HOST = "127.0.0.1";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private SimulatorConfig simulation;
    private LineMap lineMap;
    private String publication;
    private String control;

    @BeforeEach
    void setUp() throws SocketException
    {
        simulation = SimulatorConfig.builder().instruments(12).packets(4_000).seed(42).build();
        lineMap = CmeConfigParser.parse(new ByteArrayInputStream(
            CmeConfigWriter.toXml(simulation).getBytes(StandardCharsets.UTF_8)), "sim config.xml");
        publication = AeronChannels.publication(HOST, freeUdpPort());
        control = AeronChannels.control(HOST, freeUdpPort());
    }

    @AfterEach
    void tearDown()
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(resources.get(i));
        }
    }

    @Test
    void remoteAndLocalSubscribersEndEqualToTruthLateJoinerToo() throws Exception
    {
        final QueuedPacketSource source = new QueuedPacketSource();
        final FeedHandler handler = own(FeedHandler.launch(new FeedHandler.Context()
            .lineMap(lineMap)
            .packetSource(source)
            .embeddedAeronDir(uniqueDir("handler"))
            .marketDataChannel(publication)
            .controlChannel(control)
            .receiveIdleStrategy(new BackoffIdleStrategy())));
        final String remoteDir = uniqueDir("strategy");
        own(MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(remoteDir)
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(true)));

        final LiveSubscriber local = subscriber(handler.context().embeddedAeronDir(), AeronChannels.spy(publication));
        final LiveSubscriber remote = subscriber(remoteDir,
            AeronChannels.remoteSubscription(HOST, freeUdpPort(), HOST, portOf(publication)));
        local.awaitConnected(10_000);
        remote.awaitConnected(10_000);

        final SimulationResult[] result = new SimulationResult[1];
        final long[] sent = { 0 };
        result[0] = new ExchangeSimulator(simulation).run((line, buffer, offset, length, timeNs) ->
        {
            final byte[] payload = new byte[length];
            buffer.getBytes(offset, payload);
            source.add(simulation.channel().groupAddress(line), simulation.channel().port(line), payload);
            sent[0]++;
        });
        awaitDelivered(source);
        // the late joiner arrives when the session is over: its books come from the handler's answer alone
        final LiveSubscriber lateJoiner = subscriber(remoteDir,
            AeronChannels.remoteSubscription(HOST, freeUdpPort(), HOST, portOf(publication)));
        lateJoiner.awaitConnected(10_000);

        final int channelId = simulation.channel().channelId();
        for (final LiveSubscriber subscriber : List.of(local, remote, lateJoiner))
        {
            final BookComparison comparison = awaitEqual(subscriber, channelId, result[0]);
            assertTrue(comparison.allEqual(), comparison::toString);
            assertEquals(12, comparison.instruments());
        }
        final long localRecords = local.onPollThread(mirror -> mirror.count(RECORDS));
        assertTrue(localRecords > 4_000, "records " + localRecords);
        assertEquals(localRecords, (long)remote.onPollThread(mirror -> mirror.count(RECORDS)));
        assertEquals(0L, (long)remote.onPollThread(mirror -> mirror.count(GAPS)));
        assertTrue(sent[0] > 8_000, "datagrams " + sent[0]);
        assertEquals(1L, (long)lateJoiner.onPollThread(mirror -> mirror.count(LATE_JOINS)),
            "the late joiner's books came from a snapshot request over UDP");
    }

    private LiveSubscriber subscriber(final String aeronDir, final String channel)
    {
        return own(new LiveSubscriber(new MarketDataSubscriber.Context()
            .aeronDirectoryName(aeronDir)
            .channel(channel)
            .controlChannel(control), 1_000_000, 0, new YieldingIdleStrategy(), -1));
    }

    static BookComparison awaitEqual(
        final LiveSubscriber subscriber, final int channelId, final SimulationResult result) throws InterruptedException
    {
        final long deadlineMs = System.currentTimeMillis() + 20_000;
        BookComparison comparison;
        do
        {
            comparison = subscriber.onPollThread(mirror -> BookComparison.compare(mirror, channelId, result.books()));
            if (comparison.allEqual())
            {
                return comparison;
            }
            Thread.sleep(50);
        }
        while (System.currentTimeMillis() < deadlineMs);
        return comparison;
    }

    private static void awaitDelivered(final QueuedPacketSource source) throws InterruptedException
    {
        while (!source.isEmpty())
        {
            Thread.sleep(10);
        }
    }

    private <T extends AutoCloseable> T own(final T resource)
    {
        resources.add(resource);
        return resource;
    }

    static int portOf(final String channel)
    {
        final int at = channel.indexOf("control=");
        final int colon = channel.indexOf(':', at);
        final int end = channel.indexOf('|', colon);
        return Integer.parseInt(channel.substring(colon + 1, end < 0 ? channel.length() : end));
    }

    static int freeUdpPort() throws SocketException
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }

    static String uniqueDir(final String role)
    {
        return (new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir")) +
            "/xdpfeed-remote-test-" + role + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }
}
