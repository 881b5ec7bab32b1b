package io.xdpfeed.handler.engine;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.archive.ArchiveSettings;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.ingress.IngressConfiguration;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code xdpfeed.*} keys the handler knows, and the checks made on a properties file before start-up: the file
 * is a readable regular file, and every {@code xdpfeed.*} key in it (or given with {@code -D}) is a known one, else
 * a warning names the nearest known key ({@code xdpfeed.transprt}: did you mean {@code xdpfeed.transport}?). The
 * values themselves are checked by {@link FeedHandler.Context#conclude()}, one line naming the key and the value.
 * <p>
 * The known keys are read by reflection from the {@code *_PROP_NAME} constants of {@link #KEY_CLASSES}, so a key added
 * there is known here without a second list to keep in step.
 */
public final class ConfigurationKeys
{
    /** The classes whose {@code public static final String *_PROP_NAME} constants are the known keys. */
    public static final List<Class<?>> KEY_CLASSES =
        List.of(Configuration.class, PropertiesLineMap.class, IngressConfiguration.class, ArchiveSettings.class);

    /** Keys read outside those classes (the scripts' home directory, the benchmarks' nice level). */
    public static final List<String> OTHER_KEYS = List.of("xdpfeed.home", "xdpfeed.bench.nice");

    private static final String PREFIX = "xdpfeed.";
    private static final Set<String> KNOWN = knownKeys();

    private ConfigurationKeys()
    {
    }

    /**
     * @return every known {@code xdpfeed.*} key, sorted.
     */
    public static Set<String> known()
    {
        return KNOWN;
    }

    /**
     * Load a properties file as it is, after checking that it is one.
     *
     * @param file given with {@code --config}.
     * @return its keys and values.
     * @throws ConfigurationException naming the file and what is wrong with it.
     */
    public static Properties load(final Path file)
    {
        if (Files.isDirectory(file))
        {
            throw new ConfigurationException("--config " + file + " is a directory: give the handler's properties " +
                "file, e.g. config/feed-handler.properties");
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file))
        {
            properties.load(reader);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigurationException("--config " + file + ": no such file");
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new ConfigurationException("--config " + file + ": cannot read it: " + ex.getMessage());
        }
        return properties;
    }

    /**
     * One warning per unknown {@code xdpfeed.*} key: a misspelled key would otherwise be ignored in silence.
     *
     * @param properties to check, e.g. the system properties once the file is loaded.
     * @return one-line warnings, sorted by key; empty when every key is known.
     */
    public static List<String> unknownKeyWarnings(final Properties properties)
    {
        final List<String> warnings = new ArrayList<>();
        for (final String key : new TreeSet<>(properties.stringPropertyNames()))
        {
            if (key.startsWith(PREFIX) && !KNOWN.contains(key))
            {
                final String nearest = nearest(key);
                warnings.add("warning: unknown key " + key + "=" + properties.getProperty(key) + " is ignored: " +
                    (nearest == null ? "no known key is close (see " + Configuration.class.getName() + ")" :
                    "did you mean " + nearest + "?"));
            }
        }
        return warnings;
    }

    /**
     * @param key unknown.
     * @return the known key at the smallest edit distance, or null when none is within a third of its length.
     */
    static String nearest(final String key)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : KNOWN)
        {
            final int distance = editDistance(key, candidate);
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        final int suffixLength = key.length() - PREFIX.length();
        return bestDistance <= Math.max(2, suffixLength / 3) ? best : null;
    }

    static int editDistance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Set<String> knownKeys()
    {
        final Set<String> keys = new TreeSet<>(OTHER_KEYS);
        for (final Class<?> type : KEY_CLASSES)
        {
            for (final Field field : type.getFields())
            {
                final int modifiers = field.getModifiers();
                if (field.getName().endsWith("_PROP_NAME") && field.getType() == String.class &&
                    Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers))
                {
                    try
                    {
                        keys.add((String)field.get(null));
                    }
                    catch (final IllegalAccessException ex)
                    {
                        throw new IllegalStateException("cannot read " + type.getName() + "." + field.getName(), ex);
                    }
                }
            }
        }
        return Collections.unmodifiableSet(keys);
    }
}
