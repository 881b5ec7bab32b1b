package io.xdpfeed.handler.engine;

import io.xdpfeed.common.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ConfigurationKeysTest
{
    private static Properties properties(final String... keyValues)
    {
        final Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void knownKeysAreEveryPropNameConstant()
    {
        assertTrue(ConfigurationKeys.known().contains(Configuration.TRANSPORT_PROP_NAME));
        assertTrue(ConfigurationKeys.known().contains(Configuration.CME_CONFIG_PROP_NAME));
        assertTrue(ConfigurationKeys.known().contains(Configuration.HLOG_DIR_PROP_NAME));
        assertTrue(ConfigurationKeys.known().contains("xdpfeed.ingress.udp.rcvbuf"), "IngressConfiguration's");
    }

    @Test
    void misspelledKeyWarnsWithTheNearestKnownName()
    {
        assertEquals(List.of("warning: unknown key xdpfeed.transprt=udp is ignored: did you mean xdpfeed.transport?"),
            ConfigurationKeys.unknownKeyWarnings(properties("xdpfeed.transprt", "udp")));
        assertEquals(List.of("warning: unknown key xdpfeed.gap.wiat=2ms is ignored: did you mean xdpfeed.gap.wait?"),
            ConfigurationKeys.unknownKeyWarnings(properties("xdpfeed.gap.wiat", "2ms", "java.version", "25")));
        assertEquals(List.of("warning: unknown key xdpfeed.zzzzzzzzzzzzzzzzzz=1 is ignored: no known key is close " +
            "(see io.xdpfeed.handler.engine.Configuration)"),
            ConfigurationKeys.unknownKeyWarnings(properties("xdpfeed.zzzzzzzzzzzzzzzzzz", "1")));
        assertEquals(List.of(), ConfigurationKeys.unknownKeyWarnings(
            properties(Configuration.TRANSPORT_PROP_NAME, "udp", "xdpfeed.home", "/x", "aeron.dir", "/dev/shm/a")));
    }

    @Test
    void propertiesFileThatIsADirectorySaysSo(@TempDir final Path dir)
    {
        assertEquals("--config " + dir + " is a directory: give the handler's properties file, e.g. " +
            "config/feed-handler.properties",
            assertThrows(ConfigurationException.class, () -> ConfigurationKeys.load(dir)).getMessage());
        final Path missing = dir.resolve("missing.properties");
        assertEquals("--config " + missing + ": no such file",
            assertThrows(ConfigurationException.class, () -> ConfigurationKeys.load(missing)).getMessage());
    }

    @Test
    void propertiesFileIsLoadedAsItIs(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("h.properties");
        Files.writeString(file, "# comment\nxdpfeed.transport=udp\nxdpfeed.queue = 3\n");
        assertEquals(properties("xdpfeed.transport", "udp", "xdpfeed.queue", "3"), ConfigurationKeys.load(file));
    }

    @Test
    void everyBadValueStopsStartUpWithOneLineNamingKeyAndValue()
    {
        final String[][] cases = {
            { Configuration.QUEUE_PROP_NAME, "x", "xdpfeed.queue=x is not an integer" },
            { Configuration.GAP_WAIT_PROP_NAME, "soon", "xdpfeed.gap.wait=soon is not a duration: use e.g. 500us, " +
                "2ms, 1s" },
            { Configuration.LATENCY_PROP_NAME, "maybe", "xdpfeed.latency=maybe is neither true nor false" },
            { Configuration.TRANSPORT_PROP_NAME, "xpd", "xdpfeed.transport=xpd is not one of xdp, udp, auto" },
            { Configuration.CHANNELS_PROP_NAME, "31x", "xdpfeed.channels=31x: '31x' is not a channel id" },
        };
        for (final String[] c : cases)
        {
            System.setProperty(c[0], c[1]);
            try
            {
                final ConfigurationException ex = assertThrows(ConfigurationException.class,
                    () -> new FeedHandler.Context().lineMap(FeedEngineTest.lineMap()).conclude());
                assertEquals(c[2], ex.getMessage());
            }
            finally
            {
                System.clearProperty(c[0]);
            }
        }
    }
}
