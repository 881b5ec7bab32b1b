package io.xdpfeed.handler.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes what a user writes: CME's config.xml ({@link CmeConfigParser}) and the handler's properties file (loaded as
 * {@code scripts/feed-handler --config} loads it, then {@link FeedHandler.Context#conclude()}). A bad file may only
 * stop start-up with a {@link ConfigurationException} whose message is one non-blank line; any other exception is a
 * finding. A config.xml that is accepted must give a line map whose lookups find each of its lines.
 * <p>
 * The properties are set as system properties for one input and removed after it. Two keys are pinned so that the
 * fuzzer cannot make the test touch the file system: {@code xdpfeed.cme.config} names the real v9 config.xml and
 * {@code xdpfeed.hlog.dir} is empty (it is a directory the handler creates).
 */
@Timeout(60)
class ConfigurationFuzzTest
{
    private static final String KEY_PREFIX = "xdpfeed.";

    /**
     * config.xml, seeded with the config files of the real captures, the engine tests' and CME's 2018 certification
     * config (cut to its first channels).
     *
     * @param bytes the file.
     */
    @FuzzTest(maxDuration = "10s")
    void configXml(final byte[] bytes)
    {
        final LineMap lineMap;
        try
        {
            lineMap = CmeConfigParser.parse(new ByteArrayInputStream(bytes), "config.xml");
        }
        catch (final ConfigurationException ex)
        {
            assertOneLine(ex);
            return;
        }
        assertTrue(lineMap.lineCount() > 0, "an accepted config has a line");
        for (final Line line : lineMap.lines())
        {
            assertTrue(line.port() >= 1 && line.port() <= 65535, line.toString());
            final int found = lineMap.lineId(line.groupAddress(), line.port());
            assertTrue(found != LineMap.NO_LINE, "line " + line + " not found by its address");
            assertEquals(line.groupAddress(), lineMap.line(found).groupAddress());
            assertEquals(line.port(), lineMap.line(found).port());
            assertEquals(lineMap.channelId(line.channelIndex()), line.channelId());
        }
    }

    /**
     * The handler's properties file, seeded with config/feed-handler.properties and the demo's and benchmarks' files.
     *
     * @param bytes the file.
     */
    @FuzzTest(maxDuration = "10s")
    void properties(final byte[] bytes) throws IOException
    {
        final Properties properties = new Properties();
        try
        {
            properties.load(new ByteArrayInputStream(bytes));
        }
        catch (final IllegalArgumentException ex)
        {
            // a malformed \\uxxxx escape: java.util.Properties' own refusal, before any key of ours is read
            return;
        }
        final List<String> set = new ArrayList<>();
        try
        {
            for (final String key : properties.stringPropertyNames())
            {
                if (key.startsWith(KEY_PREFIX) && System.getProperty(key) == null)
                {
                    System.setProperty(key, properties.getProperty(key));
                    set.add(key);
                }
            }
            System.setProperty(Configuration.CME_CONFIG_PROP_NAME,
                TestCaptures.resource("cme-mdp3/" + TestCaptures.V9 + ".config.xml").toString());
            System.setProperty(Configuration.HLOG_DIR_PROP_NAME, "");
            try
            {
                final FeedHandler.Context context = new FeedHandler.Context()
                    .epochClock(SystemEpochNanoClock.INSTANCE)
                    .conclude();
                assertNotNull(context.channelOptions());
            }
            catch (final ConfigurationException ex)
            {
                assertOneLine(ex);
            }
        }
        finally
        {
            for (final String key : set)
            {
                System.clearProperty(key);
            }
            System.clearProperty(Configuration.CME_CONFIG_PROP_NAME);
            System.clearProperty(Configuration.HLOG_DIR_PROP_NAME);
        }
    }

    private static void assertOneLine(final ConfigurationException ex)
    {
        final String message = ex.getMessage();
        assertNotNull(message, "a ConfigurationException without a message");
        assertFalse(message.isBlank(), "a ConfigurationException with a blank message");
        assertTrue(message.chars().noneMatch(c -> c < 0x20 || c == 0x7F || c == 0x85 || c == 0x2028 || c == 0x2029),
            "a message of more than one line, or with control characters: " + message);
    }
}
