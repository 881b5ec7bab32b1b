package io.xdpfeed.handler.engine;

import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.common.config.ConfigurationException;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who owns the embedded driver's directory: a real media driver in this JVM (live), one in a child JVM killed with
 * SIGKILL a moment ago (dead, though its heartbeat is still fresh), a directory that is not a driver's. Directories
 * are unique to the test and removed after it.
 */
@Timeout(60)
class AeronDirectoryTest
{
    private final String dir = AeronDirectory.defaultName() + "-test-" + UUID.randomUUID();

    @AfterEach
    void remove()
    {
        IoUtil.delete(new File(dir), true);
    }

    @Test
    void theDefaultIsStableAndNamedForTheUser()
    {
        final String name = AeronDirectory.defaultName();
        assertEquals(name, AeronDirectory.defaultName());
        assertTrue(name.endsWith("/xdpfeed-aeron-" + System.getProperty("user.name")), name);
    }

    @Test
    void aFreeNameIsUsedAsItIs()
    {
        assertNull(AeronDirectory.claim(dir, CommonContext.DRIVER_TIMEOUT_MS));
    }

    @Test
    void aLiveDriversDirectoryIsRefusedAndLeftAlone()
    {
        try (MediaDriver driver = MediaDriver.launch(driverContext()))
        {
            final ConfigurationException ex = assertThrows(ConfigurationException.class,
                () -> AeronDirectory.claim(dir, CommonContext.DRIVER_TIMEOUT_MS));
            assertEquals("aeron.dir=" + dir + " is in use by a live media driver (pid " +
                ProcessHandle.current().pid() + "): stop that handler or driver, or give this one another aeron.dir",
                ex.getMessage());
            assertTrue(driver.context().cncFile().exists());
            assertTrue(AeronDirectory.isLive(dir, CommonContext.DRIVER_TIMEOUT_MS));
        }
    }

    @Test
    void aDriverKilledAMomentAgoLeavesADirectoryThatIsRemoved() throws Exception
    {
        final Process driver = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Daeron.dir=" + dir, "-Daeron.threading.mode=SHARED", "-Daeron.dir.delete.on.start=true",
            "-cp", System.getProperty("java.class.path"), "io.aeron.driver.MediaDriver"))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            final long deadlineMs = System.currentTimeMillis() + 30_000;
            // up and initialised (killed while starting, cnc.dat would count as live until the driver timeout)
            while (AeronDirectory.driverPid(dir) != driver.pid() ||
                !AeronDirectory.isLive(dir, CommonContext.DRIVER_TIMEOUT_MS))
            {
                assertTrue(driver.isAlive() && System.currentTimeMillis() < deadlineMs, "the driver did not start");
                Thread.sleep(50);
            }
        }
        finally
        {
            driver.destroyForcibly();
            assertTrue(driver.waitFor(10, TimeUnit.SECONDS));
        }

        // SIGKILL: cnc.dat is left with a heartbeat younger than the driver timeout, but its process is gone
        assertTrue(new File(dir, "cnc.dat").exists());
        assertFalse(AeronDirectory.isLive(dir, CommonContext.DRIVER_TIMEOUT_MS));
        assertEquals("removed the directory of a dead media driver (pid " + driver.pid() + "): " + dir,
            AeronDirectory.claim(dir, CommonContext.DRIVER_TIMEOUT_MS));
        assertFalse(new File(dir).exists());
        try (MediaDriver restarted = AeronDirectory.launch(driverContext()))
        {
            assertTrue(AeronDirectory.isLive(dir, CommonContext.DRIVER_TIMEOUT_MS));
        }
    }

    @Test
    void aDirectoryThatIsNotADriversIsRefusedAndLeftAlone() throws IOException
    {
        Files.createDirectories(Path.of(dir));
        Files.writeString(Path.of(dir, "notes.txt"), "mine");
        final ConfigurationException ex = assertThrows(ConfigurationException.class,
            () -> AeronDirectory.claim(dir, CommonContext.DRIVER_TIMEOUT_MS));
        assertEquals("aeron.dir=" + dir + " exists and is not a media driver's directory (no cnc.dat): remove it " +
            "or give another aeron.dir", ex.getMessage());
        assertEquals("mine", Files.readString(Path.of(dir, "notes.txt")));
    }

    @Test
    void aDriverThatStartedAfterTheClaimIsNotOverwritten()
    {
        try (MediaDriver first = MediaDriver.launch(driverContext()))
        {
            final ConfigurationException ex = assertThrows(ConfigurationException.class,
                () -> AeronDirectory.launch(driverContext()));
            assertEquals("aeron.dir=" + dir + " is in use by a live media driver that started meanwhile: give this " +
                "handler another aeron.dir", ex.getMessage());
            assertTrue(first.context().cncFile().exists());
        }
    }

    private MediaDriver.Context driverContext()
    {
        return new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnShutdown(true);
    }
}
