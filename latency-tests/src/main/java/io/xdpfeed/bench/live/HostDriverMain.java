package io.xdpfeed.bench.live;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.nativeio.ParentDeath;
import org.agrona.concurrent.ShutdownSignalBarrier;

/**
 * The media driver of one host of the lab, run inside that host's namespace ({@code ip netns exec}) while the
 * clients (handler, subscribers) run in the parent JVM: an Aeron client talks to its driver through the driver's
 * directory in /dev/shm only, so a client in any network namespace uses a driver whose sockets live in the host's
 * namespace. This is what a strategy host runs next to {@code feed-client} (docs/distribution.md).
 * <p>
 * The directory is Aeron's {@code aeron.dir}, removed at start and at exit; spies alone make a network publication
 * connected ({@code aeron.spies.simulate.connection}); threading SHARED unless {@code aeron.threading.mode} says
 * otherwise. Prints {@code media driver ready: DIR} once up and runs until SIGTERM or SIGINT.
 */
public final class HostDriverMain
{
    /** What the driver prints once it is up. */
    public static final String READY = "media driver ready: ";

    private HostDriverMain()
    {
    }

    /**
     * @param args none: the driver is configured by Aeron's system properties.
     */
    public static void main(final String[] args)
    {
        ParentDeath.armOrExit("host-driver");
        final MediaDriver.Context context = new MediaDriver.Context()
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .spiesSimulateConnection(true);
        if (System.getProperty("aeron.threading.mode") == null)
        {
            context.threadingMode(ThreadingMode.SHARED);
        }
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            MediaDriver driver = MediaDriver.launch(context))
        {
            System.out.println(READY + driver.aeronDirectoryName());
            barrier.await();
        }
    }
}
