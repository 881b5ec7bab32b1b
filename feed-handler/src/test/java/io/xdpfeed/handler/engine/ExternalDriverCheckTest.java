package io.xdpfeed.handler.engine;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.common.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code xdpfeed.aeron.dir} naming a directory without a running driver stops start-up with one line at once,
 * where Aeron's client waited its 10 s driver timeout and threw a stack trace. The class timeout is below 10 s on
 * purpose. The stopped driver's directory is under the test's own temporary directory, removed afterwards.
 */
@Timeout(9)
class ExternalDriverCheckTest
{
    @Test
    void directoryWithoutDriverStopsStartUpWithOneLine(@TempDir final Path dir)
    {
        final FeedHandler.Context context = new FeedHandler.Context().lineMap(FeedEngineTest.lineMap())
            .aeronDir(dir.toString());
        final ConfigurationException ex = assertThrows(ConfigurationException.class, () -> FeedHandler.launch(context));
        assertEquals("xdpfeed.aeron.dir=" + dir + ": no media driver there (no cnc.dat): start one, or leave it " +
            "empty for an embedded driver", ex.getMessage());
    }

    @Test
    void directoryOfAStoppedDriverStopsStartUpWithOneLine(@TempDir final Path dir) throws InterruptedException
    {
        final String aeronDir = dir.resolve("aeron").toString();
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED).dirDeleteOnStart(true).dirDeleteOnShutdown(false)))
        {
            FeedHandler.requireRunningDriver(aeronDir, 1_000);
        }
        // what kill -9 leaves: the directory and its cnc.dat, a heartbeat that no longer moves
        Thread.sleep(20);
        final ConfigurationException ex = assertThrows(ConfigurationException.class,
            () -> FeedHandler.requireRunningDriver(aeronDir, 10));
        assertEquals("xdpfeed.aeron.dir=" + aeronDir + ": the media driver there is not running (no heartbeat for " +
            "10 ms): start it, or leave the key empty for an embedded driver", ex.getMessage());
    }
}
