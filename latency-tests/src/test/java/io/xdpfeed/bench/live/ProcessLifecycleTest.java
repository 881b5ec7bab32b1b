package io.xdpfeed.bench.live;

import io.xdpfeed.client.DriverConnection;
import io.xdpfeed.client.MarketDataListener;
import io.xdpfeed.client.MarketDataSubscriber;
import io.xdpfeed.codecs.md.HeartbeatDecoder;
import io.xdpfeed.nativeio.ParentDeath;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real processes, no root: feed handlers on kernel UDP over the loopback interface (they join the lab channel's
 * groups there; nothing is sent), each with its embedded media driver in a directory unique to the test.
 * <ul>
 *   <li>a parent killed with SIGKILL takes its handler child with it (parent-death signal), and the handler, ended
 *       by SIGTERM, removes its media driver's directory;</li>
 *   <li>a handler whose parent is already gone when it starts exits at once with one line;</li>
 *   <li>a subscriber keeps receiving across a handler killed with SIGKILL and started again on the same (stable)
 *       directory, without being restarted and without waiting for its driver timeout (it sees the new cnc.dat); a
 *       second handler on a live handler's directory refuses.</li>
 * </ul>
 */
@Timeout(240)
class ProcessLifecycleTest
{
    @TempDir
    Path work;

    private final String aeronDir = "/dev/shm/xdpfeed-test-lifecycle-" + UUID.randomUUID();
    private final List<Process> processes = new ArrayList<>();
    private final List<ChildProcess> children = new ArrayList<>();

    @AfterEach
    void cleanUp()
    {
        for (final ChildProcess child : children)
        {
            child.close();
        }
        for (final Process process : processes)
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        IoUtil.delete(new File(aeronDir), true);
    }

    @Test
    void aParentKilledWithSignal9TakesItsHandlerWithIt() throws Exception
    {
        final Path properties = handlerProperties(1_000);
        final Path handlerLog = work.resolve("handler.log");
        final Process parent = start(ChildProcess.java(List.of(), List.of(), ParentOfHandlerMain.class.getName(),
            List.of(properties.toString(), handlerLog.toString())));
        final long childPid = childPid(parent);
        assertTrue(ProcessHandle.of(childPid).isPresent());
        assertTrue(new File(aeronDir, "cnc.dat").exists());

        parent.destroyForcibly();
        assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
        awaitTrue(() -> ProcessHandle.of(childPid).isEmpty(), 30_000, "the handler outlived its parent");

        final List<String> log = Files.readAllLines(handlerLog);
        assertTrue(log.contains("feed-handler: stopping"), "the handler was not stopped cleanly: " + log);
        assertFalse(new File(aeronDir).exists(), "the handler's media driver directory was left");
    }

    @Test
    void aHandlerWhoseParentIsAlreadyGoneExitsAtOnce() throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(ChildProcess.java(List.of(), List.of(),
            "io.xdpfeed.handler.FeedHandlerMain", List.of("--config", handlerProperties(1_000).toString())))
            .redirectErrorStream(true);
        builder.environment().put(ParentDeath.PARENT_PID_ENV, "1");
        final Process handler = builder.start();
        processes.add(handler);
        final List<String> output = new String(handler.getInputStream().readAllBytes()).lines().toList();
        assertTrue(handler.waitFor(30, TimeUnit.SECONDS));

        assertEquals(1, handler.exitValue());
        assertEquals(List.of("feed-handler: parent process 1 is gone (parent now " + ProcessHandle.current().pid() +
            "): exiting"), output);
        assertFalse(new File(aeronDir).exists());
    }

    @Test
    void aSubscriberReceivesAgainAfterTheHandlerIsKilledAndRestarted() throws Exception
    {
        final Path properties = handlerProperties(100);
        final ChildProcess first = startHandler(properties, "first");

        final AtomicLong heartbeats = new AtomicLong();
        final AtomicLong driverConnects = new AtomicLong();
        final AtomicLong driverReplacements = new AtomicLong();
        final SubscriberThread subscriber = new SubscriberThread(heartbeats, driverConnects, driverReplacements);
        try
        {
            awaitTrue(() -> heartbeats.get() >= 3, 60_000, "no heartbeat from the first handler");
            assertEquals(1, driverConnects.get());

            // a second handler on the same directory refuses, with one line; the first one goes on
            final ProcessBuilder second = new ProcessBuilder(ChildProcess.java(List.of(), List.of(),
                "io.xdpfeed.handler.FeedHandlerMain", List.of("--config", properties.toString())))
                .redirectErrorStream(true);
            final Process refused = second.start();
            processes.add(refused);
            final List<String> output = new String(refused.getInputStream().readAllBytes()).lines().toList();
            assertTrue(refused.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, refused.exitValue());
            assertEquals(List.of("feed-handler: aeron.dir=" + aeronDir + " is in use by a live media driver (pid " +
                first.pid() + "): stop that handler or driver, or give this one another aeron.dir"), output);
            final long beforeKill = heartbeats.get();
            awaitTrue(() -> heartbeats.get() >= beforeKill + 3, 30_000, "the first handler stopped publishing");

            // SIGKILL: no clean-up at all; the directory stays until the next start
            ProcessHandle.of(first.pid()).ifPresent(ProcessHandle::destroyForcibly);
            first.awaitExit(10_000);
            assertTrue(new File(aeronDir, "cnc.dat").exists());

            final ChildProcess restarted = startHandler(properties, "restarted");
            assertTrue(restarted.lines().contains("feed-handler: removed the directory of a dead media driver (pid " +
                first.pid() + "): " + aeronDir), restarted.tail(20));
            final long beforeRestart = heartbeats.get();
            awaitTrue(() -> driverConnects.get() == 2 && heartbeats.get() >= beforeRestart + 3, 60_000,
                "the subscriber did not receive from the restarted handler");
            assertEquals(1, driverReplacements.get(), "reconnected by the driver timeout, not by the new cnc.dat");
            restarted.close();
            assertFalse(new File(aeronDir).exists(), "the restarted handler left its directory");
        }
        finally
        {
            subscriber.stop();
        }
    }

    private ChildProcess startHandler(final Path properties, final String name)
    {
        final ChildProcess handler = ChildProcess.start("feed-handler " + name, ChildProcess.java(List.of(), List.of(),
            "io.xdpfeed.handler.FeedHandlerMain", List.of("--config", properties.toString())),
            work.resolve(name + ".log"));
        children.add(handler);
        handler.awaitLine("feed-handler: channels", 60_000);
        return handler;
    }

    private Process start(final List<String> command) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(process);
        return process;
    }

    private static long childPid(final Process parent) throws IOException
    {
        final BufferedReader reader = new BufferedReader(new InputStreamReader(parent.getInputStream()));
        final List<String> seen = new ArrayList<>();
        for (String line = reader.readLine(); line != null; line = reader.readLine())
        {
            if (line.startsWith("child "))
            {
                return Long.parseLong(line.substring("child ".length()).trim());
            }
            seen.add(line);
        }
        throw new AssertionError("the parent ended without starting its handler: " + String.join("\n", seen));
    }

    private Path handlerProperties(final long heartbeatMs) throws IOException
    {
        final Path config = work.resolve("config.xml");
        Files.writeString(config, LabChannel.CONFIG_XML);
        final Path properties = work.resolve("handler.properties");
        Files.writeString(properties, "xdpfeed.cme.config=" + config + "\n" +
            "xdpfeed.transport=udp\n" +
            "xdpfeed.interface=lo\n" +
            "xdpfeed.heartbeat.interval=" + heartbeatMs + "ms\n" +
            "xdpfeed.receive.idle=backoff\n" +
            "aeron.dir=" + aeronDir + "\n");
        return properties;
    }

    private static void awaitTrue(final BooleanSupplier condition, final long timeoutMs, final String message)
    {
        final long deadlineMs = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.currentTimeMillis() < deadlineMs, message);
            ChildProcess.sleep(20);
        }
    }

    /**
     * A subscriber polled on a thread of its own, as a strategy runs it, counting the handler's heartbeats.
     */
    private final class SubscriberThread
    {
        private final Thread thread;
        private volatile boolean running = true;

        SubscriberThread(final AtomicLong heartbeats, final AtomicLong driverConnects,
            final AtomicLong driverReplacements)
        {
            final MarketDataSubscriber subscriber = new MarketDataSubscriber(new MarketDataSubscriber.Context()
                .aeronDirectoryName(aeronDir)
                // longer than the test waits for the restarted handler: the subscriber must see the new cnc.dat
                .driverTimeoutMs(120_000)
                .driverConnectIntervalNs(TimeUnit.MILLISECONDS.toNanos(50))
                .listener(new MarketDataListener()
                {
                    public void onHeartbeat(final HeartbeatDecoder decoder)
                    {
                        heartbeats.incrementAndGet();
                    }
                }));
            thread = new Thread(() ->
            {
                try (subscriber)
                {
                    while (running)
                    {
                        if (subscriber.poll() == 0)
                        {
                            ChildProcess.sleep(1);
                        }
                        final DriverConnection connection = subscriber.connection();
                        driverConnects.set(connection.count(DriverConnection.Count.DRIVER_CONNECTS));
                        driverReplacements.set(connection.count(DriverConnection.Count.DRIVER_REPLACEMENTS));
                    }
                }
            }, "subscriber");
            thread.start();
        }

        void stop() throws InterruptedException
        {
            running = false;
            thread.join(10_000);
        }
    }
}
