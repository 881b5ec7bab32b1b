package io.xdpfeed.bench.remote;

import io.xdpfeed.bench.live.BookComparison;
import io.xdpfeed.bench.live.ChildProcess;
import io.xdpfeed.bench.live.Lab;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.client.MultiHandlerSubscriber;
import io.xdpfeed.client.MultiHandlerSubscriber.StreamState;
import io.xdpfeed.nativeio.LibXdp;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.SimulationResult;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.CmeConfigWriter;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static io.xdpfeed.client.BookMirror.Count.GAPS;
import static io.xdpfeed.client.BookMirror.Count.NEW_STREAMS;
import static io.xdpfeed.client.BookMirror.Count.RECORDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two handler processes in the lab's handler namespace split the channels of one config.xml ({@code xdpfeed.channels}
 * 1 and 2), each with its own Aeron directory and CPU: handler 1 receives over AF_XDP and owns the interface's XDP
 * program, handler 2 over kernel UDP sockets (the program passes the groups it does not steer to the kernel). One
 * {@link MultiHandlerSubscriber} subscribes to both while the simulator's two channels are played live from the
 * exchange namespace; handler 1 is killed ({@code kill -9}) mid-session: its stream goes NOT_CONNECTED and the
 * subscriber says so, handler 2's books end equal to the simulator's truth for channel 2. Handler 1's lock file stays
 * with its dead owner's record and its program stays attached; a restarted handler 1 replaces it with one warning and
 * its clean stop leaves nothing. Skipped, with the reason, when not root, where namespaces cannot be created, or
 * without libxdp; the lab and the Aeron directories are removed after.
 */
@Timeout(180)
class TwoHandlerProcessesTest
{
    private static final String STALE_WARNING = "replacing a stale xdpfeed_mcast";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<Path> directories = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        for (int i = resources.size() - 1; i >= 0; i--)
        {
            CloseHelper.quietClose(resources.get(i));
        }
        for (final Path directory : directories)
        {
            IoUtil.delete(directory.toFile(), true);
            assertTrue(!Files.exists(directory), directory::toString);
        }
        for (final String namespace : namespaces)
        {
            assertTrue(!Lab.namespaceExists(namespace), () -> "lab namespace left: " + namespace);
        }
    }

    @Test
    void killingTheXdpHandlerLeavesTheUdpHandlerUntouched() throws IOException, InterruptedException
    {
        final String unavailable = Lab.unavailableReason();
        assumeTrue(unavailable == null, () -> "live test skipped: " + unavailable);
        assumeTrue(LibXdp.unavailableReason() == null, () -> "skipped: " + LibXdp.unavailableReason());
        final long pid = ProcessHandle.current().pid();
        final Path dir = Path.of("target", "two-handler-processes", "run-" + pid).toAbsolutePath();
        Files.createDirectories(dir);
        final Lab lab = Lab.unique(Lab.findHome(), "xdpfeed-two", dir.resolve("lab"));
        resources.add(lab);
        namespaces.add(lab.exchangeNamespace());
        namespaces.add(lab.handlerNamespace());
        try
        {
            lab.up();
        }
        catch (final IllegalStateException ex)
        {
            assumeTrue(false, "live test skipped: cannot create the lab's network namespaces here: " + ex.getMessage());
        }

        // two channels of 3,000 packets each at 1,000 packets/s: three seconds of session each
        final SimulatorConfig first = SimulatorConfig.builder().instruments(8).packets(3_000).seed(31).ratePps(1_000)
            .build();
        ChannelConfig channel2 = ChannelConfig.defaults().withChannelId(2);
        int group = 1;
        for (final SimLine line : SimLine.values())
        {
            channel2 = channel2.withLine(line, "224.0.33." + group++ + ":1631" + group);
        }
        final SimulatorConfig second = SimulatorConfig.builder().instruments(8).packets(3_000).seed(32).ratePps(1_000)
            .channel(channel2).build();
        final String xml1 = CmeConfigWriter.toXml(first);
        final String xml2 = CmeConfigWriter.toXml(second);
        final Path config = dir.resolve("config.xml");
        Files.writeString(config, xml1.replace("</configuration>", xml2.substring(xml2.indexOf("  <channel "))));
        final Path capture1 = dir.resolve("channel-1.pcap");
        final Path capture2 = dir.resolve("channel-2.pcap");
        new ExchangeSimulator(first).run(capture1, dir.resolve("truth-1.json"), null);
        final SimulationResult truth2 = new ExchangeSimulator(second).run(capture2, dir.resolve("truth-2.json"), null);

        final Path lockDir = dir.resolve("xdp-locks");
        final Path aeron1 = Path.of("/dev/shm", "xdpfeed-two-" + pid + "-1");
        final Path aeron2 = Path.of("/dev/shm", "xdpfeed-two-" + pid + "-2");
        directories.add(aeron1);
        directories.add(aeron2);
        final Path properties1 = properties(dir, config, 1, "xdp", aeron1);
        final Path properties2 = properties(dir, config, 2, "udp", aeron2);
        final ChildProcess handler1 = handler(lab, lockDir, properties1, dir.resolve("handler-1.log"));
        final ChildProcess handler2 = handler(lab, lockDir, properties2, dir.resolve("handler-2.log"));
        handler1.awaitLine("feed-handler: channels", 90_000);
        handler2.awaitLine("feed-handler: channels", 90_000);

        final List<String> states = new CopyOnWriteArrayList<>();
        final MultiHandlerSubscriber feeds = new MultiHandlerSubscriber(List.of(
            new MarketDataSubscriber.Context().aeronDirectoryName(aeron1.toString()).driverTimeoutMs(2_000),
            new MarketDataSubscriber.Context().aeronDirectoryName(aeron2.toString()).driverTimeoutMs(2_000)),
            (index, state) -> states.add(index + " " + state));
        resources.add(feeds);
        pollUntil(feeds, () -> feeds.state(0) == StreamState.CONNECTED && feeds.state(1) == StreamState.CONNECTED);

        final ChildProcess playback1 = playback(lab, capture1, dir.resolve("playback-1.log"));
        final ChildProcess playback2 = playback(lab, capture2, dir.resolve("playback-2.log"));
        pollUntil(feeds,
            () -> feeds.subscriber(0).mirror().count(RECORDS) > 0 && feeds.subscriber(1).mirror().count(RECORDS) > 0);
        assertTrue(playback2.isAlive(), "the kill is mid-session");
        final long recordsBefore = feeds.subscriber(1).mirror().count(RECORDS);
        assertTrue(ProcessHandle.of(handler1.pid()).orElseThrow().destroyForcibly(), "kill -9 handler 1");
        pollUntil(feeds, () -> feeds.state(0) == StreamState.NOT_CONNECTED);
        assertEquals(StreamState.CONNECTED, feeds.state(1), "the other handler's stream");
        assertEquals(0, playback1.awaitExit(60_000), () -> playback1.tail(10));
        assertEquals(0, playback2.awaitExit(60_000), () -> playback2.tail(10));
        pollUntil(feeds, () -> BookComparison.compare(feeds.subscriber(1).mirror(), 2, truth2.books()).allEqual());

        assertEquals(List.of("0 NOT_CONNECTED"), states.subList(2, states.size()), states::toString);
        assertEquals(Set.of("0 CONNECTED", "1 CONNECTED"), Set.copyOf(states.subList(0, 2)));
        assertTrue(feeds.subscriber(1).mirror().count(RECORDS) > recordsBefore);
        assertEquals(0, feeds.subscriber(1).mirror().count(GAPS));
        assertEquals(1, feeds.subscriber(1).mirror().count(NEW_STREAMS), "handler 2's stream never restarted");
        assertTrue(handler2.isAlive(), () -> handler2.tail(10));

        // kill -9 leaves the lock file with the dead owner's record; the next start replaces the stale program once
        final List<Path> locks = list(lockDir);
        assertEquals(1, locks.size(), locks::toString);
        assertTrue(Files.readString(locks.get(0)).contains("pid=" + handler1.pid()), () -> read(locks.get(0)));
        IoUtil.delete(aeron1.toFile(), true);
        final ChildProcess restarted = handler(lab, lockDir, properties1, dir.resolve("handler-1-restarted.log"));
        restarted.awaitLine("feed-handler: channels", 90_000);
        assertEquals(1, restarted.lines().stream().filter(line -> line.contains(STALE_WARNING)).count(),
            () -> restarted.tail(20));
        assertTrue(restarted.lines().stream().anyMatch(line -> line.contains("owner pid " + handler1.pid())),
            () -> restarted.tail(20));
        restarted.close();
        assertEquals(List.of(), list(lockDir), "a clean stop leaves no lock file");
        assertTrue(handler2.isAlive(), () -> handler2.tail(10));
    }

    private Path properties(final Path dir, final Path config, final int channel, final String transport,
        final Path aeronDir) throws IOException
    {
        final Path file = dir.resolve("handler-" + channel + ".properties");
        Files.writeString(file,
            "xdpfeed.cme.config=" + config + "\n" +
            "xdpfeed.channels=" + channel + "\n" +
            "xdpfeed.transport=" + transport + "\n" +
            "xdpfeed.interface=" + Lab.HANDLER_INTERFACE + "\n" +
            "xdpfeed.cpu=" + (channel - 1) + "\n" +
            "aeron.dir=" + aeronDir + "\n");
        return file;
    }

    private ChildProcess handler(final Lab lab, final Path lockDir, final Path properties, final Path log)
    {
        final ChildProcess handler = ChildProcess.start("feed-handler", ChildProcess.java(lab.inHandler(),
            List.of("-Dxdpfeed.xdp.lock.dir=" + lockDir), "io.xdpfeed.handler.FeedHandlerMain",
            List.of("--config", properties.toString())), log);
        resources.add(handler);
        return handler;
    }

    private ChildProcess playback(final Lab lab, final Path capture, final Path log)
    {
        final ChildProcess playback = ChildProcess.start("playback", ChildProcess.java(lab.inExchange(), List.of(),
            "io.xdpfeed.bench.playback.CapturePlayback", List.of(capture.toString(), "--source", "10.77.0.1")), log);
        resources.add(playback);
        return playback;
    }

    private static List<Path> list(final Path directory) throws IOException
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory))
        {
            return files.toList();
        }
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    private static void pollUntil(final MultiHandlerSubscriber feeds, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadlineMs = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean())
        {
            if (System.currentTimeMillis() > deadlineMs)
            {
                throw new AssertionError("not within 30 s; stream states " + feeds.state(0) + " " + feeds.state(1));
            }
            if (feeds.poll() == 0)
            {
                Thread.sleep(1);
            }
        }
    }
}
