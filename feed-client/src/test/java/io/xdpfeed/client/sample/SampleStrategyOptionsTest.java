package io.xdpfeed.client.sample;

import java.io.File;
import java.util.UUID;

import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.common.bus.HandlerDriverDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Without {@code --aeron-dir} the sample strategy finds the handler's embedded media driver on this host by itself
 * ({@code /dev/shm/xdpfeed-aeron-<user>}, not Aeron's default directory, which the handler does not use).
 */
@Timeout(60)
class SampleStrategyOptionsTest
{
    @Test
    void withoutAnAeronDirItTakesTheNewestLiveHandlerDriver()
    {
        final String dir = new File(HandlerDriverDirectory.defaultName()).getParent() + "/" +
            HandlerDriverDirectory.PREFIX + "sample-test-" + UUID.randomUUID();
        try (MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)))
        {
            assertEquals(dir, SampleStrategy.Options.parse(new String[0]).aeronDir);
            assertEquals("/dev/shm/other", SampleStrategy.Options.parse(new String[]{ "--aeron-dir", "/dev/shm/other" })
                .aeronDir);
            final String before = System.getProperty(CommonContext.AERON_DIR_PROP_NAME);
            System.setProperty(CommonContext.AERON_DIR_PROP_NAME, "/dev/shm/configured");
            try
            {
                assertEquals("/dev/shm/configured", SampleStrategy.Options.parse(new String[0]).aeronDir);
            }
            finally
            {
                if (before == null)
                {
                    System.clearProperty(CommonContext.AERON_DIR_PROP_NAME);
                }
                else
                {
                    System.setProperty(CommonContext.AERON_DIR_PROP_NAME, before);
                }
            }
        }
    }

    @Test
    void theHandlerDirectoryNamesAeronsCncFile()
    {
        assertEquals(CncFileDescriptor.CNC_FILE, HandlerDriverDirectory.CNC_FILE);
    }
}
