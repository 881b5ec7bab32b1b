package io.xdpfeed.handler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's Markdown documentation as the tests see it: the root (found by walking up from the working
 * directory, since Maven runs a module's tests in the module's directory and an IDE may run them at the root), the
 * keys in the first column of a page's tables, and the {@code *_PROP_NAME} keys of configuration classes.
 */
public final class RepositoryDocs
{
    private static final Pattern FIRST_COLUMN_KEY = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

    private RepositoryDocs()
    {
    }

    /**
     * @return the repository root: the nearest directory at or above the working directory holding the root
     * {@code pom.xml}, {@code README.md} and {@code docs/}.
     */
    public static Path root()
    {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null)
        {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isRegularFile(dir.resolve("README.md")) &&
                Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("feed-handler")))
            {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("no repository root (pom.xml, README.md, docs/) at or above " +
            System.getProperty("user.dir"));
    }

    /**
     * @param relative path from the repository root, e.g. {@code docs/configuration.md}.
     * @return the file's lines.
     */
    public static List<String> lines(final String relative)
    {
        try
        {
            return Files.readAllLines(root().resolve(relative));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param relative page from the repository root.
     * @return every {@code `key`} that opens a table row of the page, sorted.
     */
    public static Set<String> tableKeys(final String relative)
    {
        final Set<String> keys = new TreeSet<>();
        for (final String line : lines(relative))
        {
            final Matcher matcher = FIRST_COLUMN_KEY.matcher(line);
            if (matcher.find())
            {
                keys.add(matcher.group(1));
            }
        }
        return keys;
    }

    /**
     * @param classes holding {@code public static final String *_PROP_NAME} constants.
     * @return the constants' values, sorted.
     */
    public static Set<String> propertyKeys(final List<Class<?>> classes)
    {
        final Set<String> keys = new TreeSet<>();
        for (final Class<?> type : classes)
        {
            for (final Field field : type.getFields())
            {
                final int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers) && field.getType() == String.class &&
                    field.getName().endsWith("_PROP_NAME"))
                {
                    try
                    {
                        keys.add((String)field.get(null));
                    }
                    catch (final IllegalAccessException ex)
                    {
                        throw new IllegalStateException(ex);
                    }
                }
            }
        }
        return keys;
    }
}
