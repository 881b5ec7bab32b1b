package io.xdpfeed.bench.live;

import io.aeron.CommonContext;
import io.xdpfeed.handler.engine.AeronDirectory;
import org.agrona.IoUtil;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder of one demo run, {@code <base>/run-<pid>-<yyyyMMdd-HHmmss>}, so that two runs at once never share
 * properties, logs or the simulator's truth. It is removed on every exit of this JVM: {@link #close()}, or a shutdown
 * hook on System.exit, Ctrl-C and SIGTERM. A JVM killed outright ({@code kill -9}) cannot remove it: the next run
 * does, with {@link #removeDead(Path)}, for every run folder (and handler media driver directory of
 * {@link LiveSession}) whose pid no longer runs.
 */
public final class RunDirectory implements AutoCloseable
{
    /** Prefix of the media driver directories of {@link LiveSession}: {@code /dev/shm/xdpfeed-live-<pid>-<tag>}. */
    static final String LIVE_AERON_PREFIX = "xdpfeed-live-";

    private static final Pattern RUN_NAME = Pattern.compile("run-(\\d+)-.*");
    private static final Pattern AERON_NAME = Pattern.compile(Pattern.quote(LIVE_AERON_PREFIX) + "(\\d+)-.*");

    private final Path path;
    private final Thread shutdownHook;

    private RunDirectory(final Path path)
    {
        this.path = path;
        shutdownHook = new Thread(this::delete, "xdpfeed-run-dir-delete");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Create the folder of a run of this process.
     *
     * @param base e.g. {@code build/demo}.
     * @return the folder, created.
     * @throws IllegalStateException when it cannot be created, with the reason.
     */
    public static RunDirectory create(final Path base)
    {
        final String name = "run-" + ProcessHandle.current().pid() + "-" +
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        final Path path = base.toAbsolutePath().resolve(name);
        try
        {
            Files.createDirectories(path);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot create " + path + ": " + ex.getMessage(), ex);
        }
        return new RunDirectory(path);
    }

    /**
     * Remove what runs killed outright left: run folders under {@code base} and {@code /dev/shm/xdpfeed-live-*} media
     * driver directories whose pid no longer runs.
     *
     * @param base where the run folders are.
     * @return the paths removed.
     */
    public static List<Path> removeDead(final Path base)
    {
        final List<Path> removed = new ArrayList<>();
        removeDead(base.toAbsolutePath(), RUN_NAME, removed);
        removeDead(Path.of("/dev/shm"), AERON_NAME, removed);
        return removed;
    }

    /**
     * @return the folder.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Remove the folder and everything in it.
     */
    public void close()
    {
        delete();
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ignore)
        {
            // shutting down: the hook deletes it too
        }
    }

    private void delete()
    {
        IoUtil.delete(path.toFile(), true);
    }

    private static void removeDead(final Path dir, final Pattern name, final List<Path> removed)
    {
        if (!Files.isDirectory(dir))
        {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir))
        {
            for (final Path entry : entries)
            {
                final Matcher matcher = name.matcher(entry.getFileName().toString());
                // a media driver still running (a handler outliving its parent) keeps its directory
                if (matcher.matches() && !isAlive(Long.parseLong(matcher.group(1))) &&
                    !AeronDirectory.isLive(entry.toString(), CommonContext.DRIVER_TIMEOUT_MS))
                {
                    final File file = entry.toFile();
                    IoUtil.delete(file, true);
                    if (!file.exists())
                    {
                        removed.add(entry);
                    }
                }
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // best effort: what cannot be listed or removed now is tried again by the next run
        }
    }

    static boolean isAlive(final long pid)
    {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
