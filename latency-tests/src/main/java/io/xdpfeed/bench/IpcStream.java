package io.xdpfeed.bench;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.common.bus.StreamDefaults;
import io.xdpfeed.handler.publish.ImageSkip;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.io.File;

/**
 * A real Aeron IPC publication on an embedded media driver for benchmarks of the publish path, with a consumer that
 * costs the publishing thread almost nothing: {@link #consume()} moves the subscriber's position up to the
 * publisher's (records are skipped, not read), so the publication never back-pressures while the benchmark calls it
 * every few thousand records. The driver runs SHARED with a 1 ms sleeping idle strategy, so it takes little CPU
 * from the benchmark on a small machine; the term is 256 MB (a 128 MB window, ~300,000 book updates), so that a
 * driver thread the OS leaves unscheduled for a while on a loaded machine does not back-pressure the benchmark. The
 * logs are allocated and touched when created and mapped, by the driver and by the client, as the handler's
 * market-data log is ({@code xdpfeed.md.preTouch}): otherwise, whenever the host serves page faults slowly, the first
 * pass over the 768 MB log outlasts the warm-up and the measured rounds are mostly page faults (docs/hot-path.md).
 * It costs about 6 s at start.
 */
public final class IpcStream implements AutoCloseable
{
    /** Stream id of the market data: the handler's. */
    public static final int STREAM_ID = StreamDefaults.MARKET_DATA_STREAM_ID;
    private static final String CHANNEL = "aeron:ipc?term-length=256m";

    private final MediaDriver driver;
    private final Aeron aeron;
    private final ExclusivePublication publication;
    private final Subscription subscription;
    private final Image image;

    /**
     * Launch the driver in a directory of its own and connect.
     */
    public IpcStream()
    {
        this(CHANNEL, new SleepingMillisIdleStrategy(1));
    }

    /**
     * Launch the driver in a directory of its own and connect, on another channel or with another idle strategy for
     * the driver (the engine path benchmarks read the stream with {@link #subscription()} on the default term length
     * and a backing-off driver).
     *
     * @param channel            the IPC channel of the publication and the subscription.
     * @param driverIdleStrategy of the SHARED driver thread.
     */
    public IpcStream(final String channel, final IdleStrategy driverIdleStrategy)
    {
        final String dir = (new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir")) +
            "/xdpfeed-bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(driverIdleStrategy)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(false));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir).preTouchMappedMemory(true));
        publication = aeron.addExclusivePublication(channel, STREAM_ID);
        subscription = aeron.addSubscription(channel, STREAM_ID);
        while (!publication.isConnected() || subscription.imageCount() == 0)
        {
            Thread.onSpinWait();
        }
        image = subscription.imageAtIndex(0);
    }

    /**
     * @return the publication to write to.
     */
    public ExclusivePublication publication()
    {
        return publication;
    }

    /**
     * @return the client, for a benchmark that adds a stream of its own (the warm-up's scratch publication).
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @return the subscription, for a benchmark that reads what was published instead of {@link #consume()}.
     */
    public Subscription subscription()
    {
        return subscription;
    }

    /**
     * Skip everything published so far (within the current term at most, as Aeron allows; call often enough).
     */
    public void consume()
    {
        ImageSkip.upTo(publication, image);
    }

    /**
     * Close the client and the driver (its directory goes with it).
     */
    public void close()
    {
        CloseHelper.closeAll(subscription, publication, aeron, driver);
    }
}
