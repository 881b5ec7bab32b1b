package io.xdpfeed.handler.engine;

import io.xdpfeed.client.SubscriberConfiguration;
import io.xdpfeed.handler.testing.RepositoryDocs;
import io.xdpfeed.ingress.IngressConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/configuration.md documents every key: a {@code *_PROP_NAME} constant of a configuration class without a row
 * there (key in backticks in the first column) fails the build, naming the key, and so does a row for a key that no
 * longer exists.
 */
@Timeout(10)
class ConfigurationReferenceTest
{
    private static final String PAGE = "docs/configuration.md";

    private static Set<String> codeKeys()
    {
        final List<Class<?>> classes = new ArrayList<>(ConfigurationKeys.KEY_CLASSES);
        classes.add(Configuration.class);
        classes.add(IngressConfiguration.class);
        classes.add(SubscriberConfiguration.class);
        final Set<String> keys = RepositoryDocs.propertyKeys(classes);
        keys.addAll(ConfigurationKeys.OTHER_KEYS);
        keys.add(FeedHandler.AERON_DIR_SYSTEM_PROP_NAME);
        return keys;
    }

    @Test
    void everyKeyOfTheCodeHasARow()
    {
        final Set<String> missing = new TreeSet<>(codeKeys());
        missing.removeAll(RepositoryDocs.tableKeys(PAGE));
        assertEquals(Set.of(), missing, PAGE + " lacks a row (| `key` | default | meaning |) for " + missing.size() +
            " key(s): " + String.join(", ", missing));
    }

    @Test
    void everyRowIsAKeyOfTheCode()
    {
        final Set<String> stale = new TreeSet<>(RepositoryDocs.tableKeys(PAGE));
        stale.removeAll(codeKeys());
        assertEquals(Set.of(), stale, PAGE + " has rows for keys the code does not read: " + String.join(", ", stale));
    }

    @Test
    void theReflectionFindsTheKeysItMustFind()
    {
        final Set<String> keys = codeKeys();
        assertTrue(keys.contains(Configuration.CME_CONFIG_PROP_NAME), "Configuration's keys");
        assertTrue(keys.contains(IngressConfiguration.XDP_RING_SIZE_PROP_NAME), "IngressConfiguration's keys");
        assertTrue(keys.contains(SubscriberConfiguration.STREAM_ID_PROP_NAME), "SubscriberConfiguration's keys");
    }
}
