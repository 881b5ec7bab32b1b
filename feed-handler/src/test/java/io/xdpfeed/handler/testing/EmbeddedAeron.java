package io.xdpfeed.handler.testing;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.handler.publish.MarketDataProxy;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;
import java.io.File;

/**
 * A media driver and client in the test's process, in a directory unique to the test and removed at close, or when
 * the JVM exits without it (a test that timed out is abandoned in its thread, never closing what it opened).
 */
public final class EmbeddedAeron implements AutoCloseable
{
    private static final long CONNECT_TIMEOUT_NS = 10_000_000_000L;

    private final MediaDriver driver;
    private final Aeron aeron;
    private final Thread removeAtExit;

    /**
     * Launch with default term buffers.
     */
    public EmbeddedAeron()
    {
        this(0);
    }

    /**
     * @param ipcTermLength IPC term length, 0 for the default.
     */
    public EmbeddedAeron(final int ipcTermLength)
    {
        final String dir = (new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir")) +
            "/xdpfeed-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);
        if (ipcTermLength > 0)
        {
            context.ipcTermBufferLength(ipcTermLength);
        }
        driver = MediaDriver.launch(context);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        removeAtExit = new Thread(() -> IoUtil.delete(new File(dir), true), "remove " + dir);
        Runtime.getRuntime().addShutdownHook(removeAtExit);
    }

    /**
     * @return the client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * A proxy on a new exclusive publication, returned once the publication is connected: add the subscription that
     * reads it first.
     *
     * @param channel of the publication.
     * @param stream  its stream id.
     * @return the proxy.
     */
    public MarketDataProxy connectedProxy(final String channel, final int stream)
    {
        final ExclusivePublication publication = aeron.addExclusivePublication(channel, stream);
        // bounded: a driver that never connects fails here, by name, not as the calling test's timeout
        final long deadlineNs = System.nanoTime() + CONNECT_TIMEOUT_NS;
        while (!publication.isConnected())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException(channel + " stream " + stream + ": not connected after " +
                    CONNECT_TIMEOUT_NS / 1_000_000_000L + " s (the subscription must be added first)");
            }
            Thread.onSpinWait();
        }
        return new MarketDataProxy(publication, new OffsetEpochNanoClock());
    }

    /**
     * @return the driver's directory.
     */
    public String directory()
    {
        return driver.aeronDirectoryName();
    }

    /**
     * Close the client and the driver; the directory goes with the driver.
     */
    public void close()
    {
        CloseHelper.closeAll(aeron, driver);
        try
        {
            Runtime.getRuntime().removeShutdownHook(removeAtExit);
        }
        catch (final IllegalStateException ex)
        {
            // the JVM is exiting: the hook runs anyway, and finds nothing left to remove
        }
    }
}
