package io.xdpfeed.handler.testing;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.File;

/**
 * A media driver and client in the test's process, in a directory unique to the test and removed at close.
 */
public final class EmbeddedAeron implements AutoCloseable
{
    private final MediaDriver driver;
    private final Aeron aeron;

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
    }

    /**
     * @return the client.
     */
    public Aeron aeron()
    {
        return aeron;
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
    }
}
