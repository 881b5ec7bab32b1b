package io.xdpfeed.handler.archive;

import io.xdpfeed.common.config.ConfigurationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The archive keys: read from the system properties, every bad value or combination one line naming the key.
 */
@Timeout(10)
class ArchiveSettingsTest
{
    private static final List<String> KEYS = List.of(ArchiveSettings.MODE_PROP_NAME, ArchiveSettings.DIR_PROP_NAME,
        ArchiveSettings.CONTROL_CHANNEL_PROP_NAME, ArchiveSettings.SEGMENT_LENGTH_PROP_NAME,
        ArchiveSettings.PURGE_AGE_PROP_NAME);

    @AfterEach
    void clear()
    {
        KEYS.forEach(System::clearProperty);
    }

    @Test
    void defaultsRecordNothing()
    {
        assertEquals(ArchiveSettings.off(), ArchiveSettings.fromSystemProperties());
    }

    @Test
    void valuesAreRead()
    {
        System.setProperty(ArchiveSettings.MODE_PROP_NAME, "embedded");
        System.setProperty(ArchiveSettings.DIR_PROP_NAME, "/var/xdpfeed/archive");
        System.setProperty(ArchiveSettings.CONTROL_CHANNEL_PROP_NAME, "aeron:udp?endpoint=10.77.1.1:8010");
        System.setProperty(ArchiveSettings.SEGMENT_LENGTH_PROP_NAME, "256m");
        System.setProperty(ArchiveSettings.PURGE_AGE_PROP_NAME, "24h");
        final ArchiveSettings settings = ArchiveSettings.fromSystemProperties();
        assertEquals(new ArchiveSettings(ArchiveSettings.Mode.EMBEDDED, "/var/xdpfeed/archive",
            "aeron:udp?endpoint=10.77.1.1:8010", 256 << 20, 24 * 3_600_000_000_000L), settings);
        settings.check(false);
    }

    @Test
    void everyBadValueIsOneLineNamingTheKey()
    {
        assertEquals("xdpfeed.archive=sometimes is none of off, embedded, external",
            bad(ArchiveSettings.MODE_PROP_NAME, "sometimes"));
        assertEquals("xdpfeed.archive.segment.length=12q is not a size up to 1g (e.g. 128m)",
            bad(ArchiveSettings.SEGMENT_LENGTH_PROP_NAME, "12q"));
        assertEquals("xdpfeed.archive.purge.age=soon is not a duration: use e.g. 24h, 90m, 30s",
            bad(ArchiveSettings.PURGE_AGE_PROP_NAME, "soon"));
        assertEquals("xdpfeed.archive=embedded needs xdpfeed.archive.dir: give the directory the recordings go to",
            assertThrows(ConfigurationException.class, () -> new ArchiveSettings(ArchiveSettings.Mode.EMBEDDED, "", "",
            0, 0).check(false)).getMessage());
        assertEquals("xdpfeed.archive=embedded needs the embedded media driver, but xdpfeed.aeron.dir names an " +
            "external one: use xdpfeed.archive=external with an archive running next to that driver",
            assertThrows(ConfigurationException.class, () -> ArchiveSettings.embedded("/a").check(true)).getMessage());
        assertEquals("xdpfeed.archive.segment.length=100000 is not a power of 2 of at least 64k",
            assertThrows(ConfigurationException.class, () -> new ArchiveSettings(ArchiveSettings.Mode.EMBEDDED, "/a",
            "", 100_000, 0).check(false)).getMessage());
        assertEquals("xdpfeed.archive.control.channel=aeron:ipc is not an Aeron UDP channel (e.g. " +
            "aeron:udp?endpoint=10.77.1.1:8010)", assertThrows(ConfigurationException.class, () ->
            new ArchiveSettings(ArchiveSettings.Mode.EMBEDDED, "/a", "aeron:ipc", 0, 0).check(false)).getMessage());
    }

    private static String bad(final String key, final String value)
    {
        System.setProperty(key, value);
        try
        {
            return assertThrows(ConfigurationException.class, ArchiveSettings::fromSystemProperties).getMessage();
        }
        finally
        {
            System.clearProperty(key);
        }
    }
}
