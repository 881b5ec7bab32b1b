package io.xdpfeed.bench.live;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Aeron alone on the lab's lossy link, without the handler, the simulator or the book mirror: a publisher on the
 * handler host's media driver offers fixed-size messages at a steady rate on the MDC publication of
 * {@link RemoteLayout}, dropping (and counting) what back-pressure refuses, as the handler does; a subscriber on the
 * strategy host's driver counts what arrives. Prints what was offered, published, refused and received, and both
 * drivers' counters ({@link DriverCounterSnapshot}), so a setting of the link (docs/distribution.md) is measured in
 * seconds: {@code java ... LinkLossProbe --rate 45000 --seconds 5 --loss 5 [--driver-property aeron.x=y]...}.
 * Needs root (the lab).
 */
public final class LinkLossProbe
{
    private static final int STREAM_ID = 1001;

    private LinkLossProbe()
    {
    }

    /**
     * What one probe measured.
     *
     * @param offered    messages offered.
     * @param published  messages the publication took.
     * @param refused    messages refused by back-pressure (dropped, as the handler drops them).
     * @param received   messages the strategy host's subscriber got.
     * @param drainMs    time from the last offer until the subscriber had every published message (or gave up).
     * @param handler    the handler host's driver counters at the end.
     * @param strategy   the strategy host's driver counters at the end.
     */
    public record Result(long offered, long published, long refused, long received, long drainMs,
        DriverCounterSnapshot handler, DriverCounterSnapshot strategy)
    {
        /**
         * @return messages offered but not received by the remote subscriber.
         */
        public long lost()
        {
            return offered - received;
        }

        /**
         * @return the line of record.
         */
        public String format()
        {
            return "PROBE offered=" + offered + " published=" + published + " refused=" + refused + " received=" +
                received + " lost=" + lost() + " drain_ms=" + drainMs;
        }
    }

    /**
     * Run one probe in a lab that is up with the strategy host (and its loss set).
     *
     * @param lab             the lab.
     * @param publication     the handler's market-data channel.
     * @param subscription    the strategy host's channel.
     * @param driverJvmArgs   system properties of both drivers.
     * @param rate            messages per second.
     * @param seconds         seconds of offering.
     * @param length          message length in bytes.
     * @param logDir          where the drivers' logs go.
     * @return what was measured.
     * @throws InterruptedException when interrupted.
     */
    public static Result run(final Lab lab, final String publication, final String subscription,
        final List<String> driverJvmArgs, final int rate, final int seconds, final int length, final Path logDir)
        throws InterruptedException
    {
        final long pid = ProcessHandle.current().pid();
        final String handlerDir = "/dev/shm/xdpfeed-probe-handler-" + pid + "-" + System.nanoTime();
        final String strategyDir = "/dev/shm/xdpfeed-probe-strategy-" + pid + "-" + System.nanoTime();
        try (ChildProcess handlerDriver = startDriver("handler-host driver", lab.inHandler(), driverJvmArgs,
                handlerDir, logDir.resolve("probe-handler-driver.log"));
            ChildProcess strategyDriver = startDriver("strategy-host driver", lab.inStrategy(), driverJvmArgs,
                strategyDir, logDir.resolve("probe-strategy-driver.log"));
            Aeron handlerAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(handlerDir));
            Aeron strategyAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(strategyDir));
            ExclusivePublication pub = handlerAeron.addExclusivePublication(publication, STREAM_ID);
            Subscription sub = strategyAeron.addSubscription(subscription, STREAM_ID))
        {
            final long connectDeadline = System.currentTimeMillis() + 15_000;
            // connected, and the publication's limit set (its first status message in): a first offer before that
            // is refused as back-pressure
            while (!(pub.isConnected() && sub.isConnected() && pub.availableWindow() > 0) &&
                System.currentTimeMillis() < connectDeadline)
            {
                Thread.sleep(10);
            }
            if (!(pub.isConnected() && sub.isConnected()))
            {
                throw new IllegalStateException("the probe's publication did not connect to the strategy host");
            }
            final AtomicLong received = new AtomicLong();
            final AtomicBoolean running = new AtomicBoolean(true);
            final Thread poller = new Thread(() ->
            {
                while (running.get())
                {
                    if (sub.poll((buffer, offset, len, header) -> received.lazySet(received.get() + 1), 256) == 0)
                    {
                        LockSupport.parkNanos(50_000);
                    }
                }
            }, "probe-subscriber");
            poller.start();

            final UnsafeBuffer message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, 64));
            final long total = (long)rate * seconds;
            long offered = 0;
            long published = 0;
            final long startNs = System.nanoTime();
            while (offered < total)
            {
                final long due = Math.min(total, (System.nanoTime() - startNs) * rate / 1_000_000_000L);
                while (offered < due)
                {
                    message.putLong(0, offered);
                    offered++;
                    long result = pub.offer(message, 0, length);
                    if (result == Publication.ADMIN_ACTION)
                    {
                        // the term rotated under this offer: once more, as the handler's claim does
                        result = pub.offer(message, 0, length);
                    }
                    if (result > 0)
                    {
                        published++;
                    }
                }
                LockSupport.parkNanos(100_000);
            }
            final long offeredMs = System.currentTimeMillis();
            long last = -1;
            long lastChangeMs = offeredMs;
            while (received.get() < published && System.currentTimeMillis() - lastChangeMs < 5_000)
            {
                if (received.get() != last)
                {
                    last = received.get();
                    lastChangeMs = System.currentTimeMillis();
                }
                Thread.sleep(10);
            }
            final long drainMs = System.currentTimeMillis() - offeredMs;
            running.set(false);
            poller.join();
            return new Result(offered, published, offered - published, received.get(), drainMs,
                DriverCounterSnapshot.read(handlerDir), DriverCounterSnapshot.read(strategyDir));
        }
        finally
        {
            IoUtil.delete(new File(handlerDir), true);
            IoUtil.delete(new File(strategyDir), true);
        }
    }

    private static ChildProcess startDriver(final String name, final List<String> namespace,
        final List<String> jvmArgs, final String dir, final Path log)
    {
        final List<String> args = new ArrayList<>(jvmArgs);
        args.add("-Daeron.dir=" + dir);
        final ChildProcess driver = ChildProcess.start(name, ChildProcess.java(namespace, args,
            HostDriverMain.class.getName(), List.of()), log);
        try
        {
            driver.awaitLine(HostDriverMain.READY, 30_000);
        }
        catch (final RuntimeException ex)
        {
            driver.close();
            throw ex;
        }
        return driver;
    }

    /**
     * @param args {@code [--rate N] [--seconds S] [--loss P] [--length L] [--publication URI]
     *             [--subscription URI] [--driver-property k=v]... [--link-mtu N]}
     * @throws Exception when the lab or a driver fails.
     */
    public static void main(final String[] args) throws Exception
    {
        int rate = 45_000;
        int seconds = 5;
        double loss = 5;
        int length = 96;
        final RemoteLayout layout = new RemoteLayout(false);
        String publication = layout.publication();
        String subscription = AeronChannels.remoteSubscription(Lab.STRATEGY_ADDRESS, RemoteLayout.SUBSCRIBER_PORT,
            Lab.HANDLER_TO_STRATEGY_ADDRESS, RemoteLayout.DATA_PORT);
        final List<String> driverArgs = new ArrayList<>();
        int linkMtu = 0;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--loss" -> loss = Double.parseDouble(args[++i]);
                case "--length" -> length = Integer.parseInt(args[++i]);
                case "--publication" -> publication = args[++i];
                case "--subscription" -> subscription = args[++i];
                case "--driver-property" -> driverArgs.add("-D" + args[++i]);
                case "--link-mtu" -> linkMtu = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final Path dir = Files.createTempDirectory("xdpfeed-probe");
        try (Lab lab = Lab.unique(Lab.findHome(), "xdpfeed-probe", dir.resolve("lab")))
        {
            lab.upWithStrategyHost();
            if (linkMtu > 0)
            {
                // another link MTU than the lab's 9,000, e.g. 1,500 to see what IP fragmentation does to mtu=8k
                final String[][] ends = { { lab.handlerNamespace(), "xfs0" }, { lab.strategyNamespace(), "xst0" } };
                for (final String[] end : ends)
                {
                    new ProcessBuilder("ip", "-n", end[0], "link", "set", "dev", end[1], "mtu",
                        Integer.toString(linkMtu)).inheritIO().start().waitFor();
                }
            }
            if (loss > 0)
            {
                lab.loss(loss);
            }
            System.out.println("probe: " + rate + " messages/s of " + length + " B for " + seconds + " s, " + loss +
                "% loss; publication " + publication + ", subscription " + subscription + ", drivers " + driverArgs);
            final Result result = run(lab, publication, subscription, driverArgs, rate, seconds, length, dir);
            System.out.println("handler-host driver: " + result.handler().format());
            System.out.println("strategy-host driver: " + result.strategy().format());
            System.out.println(result.format());
        }
        finally
        {
            IoUtil.delete(dir.toFile(), true);
        }
    }
}
