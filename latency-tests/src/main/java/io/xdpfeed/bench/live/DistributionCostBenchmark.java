package io.xdpfeed.bench.live;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What publishing to local and remote subscribers costs the handler's receive thread, per record, two ways (the
 * choice of docs/distribution.md):
 * <ul>
 *   <li>{@code one}: one MDC UDP publication; the local subscriber reads it through a spy, the remote one over UDP.
 *       One claim, one encode, one commit per record.</li>
 *   <li>{@code two}: an IPC publication for the local subscriber and a UDP publication for the remote one: the record
 *       claimed and encoded once on IPC, then copied into the UDP publication with {@code offer}.</li>
 * </ul>
 * Records of {@value #RECORD_LENGTH} bytes (a BookUpdate of a few levels), two media drivers on 127.0.0.1 (handler
 * host, strategy host), subscribers draining on threads of their own, 16 MiB terms on both ways. The publishing
 * thread is timed over batches of {@value #BATCH} records that fit the publication window, each batch started once
 * every subscriber has caught up, so that the time is the publishing thread's work and never a wait for
 * back-pressure; {@code --records} records per way (the first fifth as warm-up), the median batch, the two ways
 * alternated {@code --rounds} times.
 * <pre>
 *   java -cp ... io.xdpfeed.bench.live.DistributionCostBenchmark [--records N] [--rounds R]
 * </pre>
 */
public final class DistributionCostBenchmark
{
    private static final int RECORD_LENGTH = 96;
    private static final int STREAM = 1001;
    private static final int BATCH = 20_000;
    private static final String IPC = "aeron:ipc?term-length=16m";

    private DistributionCostBenchmark()
    {
    }

    /**
     * @param args {@code --records N} (default 2,000,000), {@code --rounds R} (default 3).
     */
    public static void main(final String[] args)
    {
        int records = 2_000_000;
        int rounds = 3;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--records" -> records = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final String base = "/dev/shm/xdpfeed-distribution-cost-" + ProcessHandle.current().pid();
        final MediaDriver handlerHost = driver(base + "-handler");
        final MediaDriver strategyHost = driver(base + "-strategy");
        try (Aeron local = Aeron.connect(new Aeron.Context().aeronDirectoryName(handlerHost.aeronDirectoryName()));
            Aeron remote = Aeron.connect(new Aeron.Context().aeronDirectoryName(strategyHost.aeronDirectoryName())))
        {
            for (int round = 1; round <= rounds; round++)
            {
                System.out.printf("round %d: one publication + spy %.1f ns/record, IPC + UDP copy %.1f ns/record%n",
                    round, one(local, remote, records, 40_500 + round * 10),
                    two(local, remote, records, 40_505 + round * 10));
            }
        }
        finally
        {
            CloseHelper.closeAll(strategyHost, handlerHost);
        }
    }

    private static MediaDriver driver(final String dir)
    {
        return MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(dir).threadingMode(ThreadingMode.SHARED)
            .spiesSimulateConnection(true).dirDeleteOnStart(true).dirDeleteOnShutdown(true));
    }

    private static double one(final Aeron local, final Aeron remote, final int records, final int port)
    {
        final String channel = AeronChannels.publication("127.0.0.1", port);
        try (ExclusivePublication publication = local.addExclusivePublication(channel, STREAM);
            Subscription spy = local.addSubscription(AeronChannels.spy(channel), STREAM);
            Subscription udp = remote.addSubscription(
                AeronChannels.remoteSubscription("127.0.0.1", port + 1, "127.0.0.1", port), STREAM))
        {
            return measure(records, new Subscription[]{ spy, udp }, publication, null);
        }
    }

    private static double two(final Aeron local, final Aeron remote, final int records, final int port)
    {
        final String udpChannel = AeronChannels.publication("127.0.0.1", port);
        try (ExclusivePublication ipc = local.addExclusivePublication(IPC, STREAM);
            ExclusivePublication udpPublication = local.addExclusivePublication(udpChannel, STREAM);
            Subscription ipcSubscription = local.addSubscription(IPC, STREAM);
            Subscription udp = remote.addSubscription(
                AeronChannels.remoteSubscription("127.0.0.1", port + 1, "127.0.0.1", port), STREAM))
        {
            return measure(records, new Subscription[]{ ipcSubscription, udp }, ipc, udpPublication);
        }
    }

    private static double measure(
        final int records, final Subscription[] subscriptions, final ExclusivePublication first,
        final ExclusivePublication copy)
    {
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread[] drains = new Thread[subscriptions.length];
        for (int i = 0; i < subscriptions.length; i++)
        {
            final Subscription subscription = subscriptions[i];
            drains[i] = new Thread(() ->
            {
                while (running.get())
                {
                    if (subscription.poll((buffer, offset, length, header) -> { }, 256) == 0)
                    {
                        Thread.onSpinWait();
                    }
                }
            });
            drains[i].start();
        }
        while (!first.isConnected() || (copy != null && !copy.isConnected()) || !subscriptions[1].isConnected())
        {
            Thread.yield();
        }
        final BufferClaim claim = new BufferClaim();
        final UnsafeBuffer source = new UnsafeBuffer(ByteBuffer.allocateDirect(RECORD_LENGTH));
        final int batches = Math.max(5, records / BATCH);
        final long[] batchNs = new long[batches - batches / 5];
        for (int batch = 0; batch < batches; batch++)
        {
            awaitCaughtUp(subscriptions, first, copy);
            final long startNs = System.nanoTime();
            publish(BATCH, first, copy, claim, source);
            final long elapsedNs = System.nanoTime() - startNs;
            if (batch >= batches / 5)
            {
                batchNs[batch - batches / 5] = elapsedNs;
            }
        }
        running.set(false);
        for (final Thread drain : drains)
        {
            try
            {
                drain.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        Arrays.sort(batchNs);
        return (double)batchNs[batchNs.length / 2] / BATCH;
    }

    /**
     * Subscriber 0 reads the first publication (spy or IPC), subscriber 1 the UDP one (the copy, when there is one).
     */
    private static void awaitCaughtUp(
        final Subscription[] subscriptions, final ExclusivePublication first, final ExclusivePublication copy)
    {
        final long[] targets = { first.position(), copy == null ? first.position() : copy.position() };
        for (int i = 0; i < subscriptions.length; i++)
        {
            while (subscriptions[i].imageCount() == 0 || subscriptions[i].imageAtIndex(0).position() < targets[i])
            {
                Thread.yield();
            }
        }
    }

    private static void publish(
        final int records, final ExclusivePublication first, final ExclusivePublication copy, final BufferClaim claim,
        final UnsafeBuffer source)
    {
        for (int i = 0; i < records; i++)
        {
            while (first.tryClaim(RECORD_LENGTH, claim) < 0)
            {
                Thread.onSpinWait();
            }
            // the encode: a record's fields written in place
            for (int offset = 0; offset < RECORD_LENGTH; offset += 8)
            {
                claim.buffer().putLong(claim.offset() + offset, i + offset);
            }
            if (copy != null)
            {
                source.putBytes(0, claim.buffer(), claim.offset(), RECORD_LENGTH);
            }
            claim.commit();
            if (copy != null)
            {
                while (copy.offer(source, 0, RECORD_LENGTH) < 0)
                {
                    Thread.onSpinWait();
                }
            }
        }
    }
}
