package io.xdpfeed.handler.engine;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.xdpfeed.common.config.ConfigurationException;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real embedded media driver's directory given to one group: every directory 2770, every file 0660, the group
 * set, and what the driver creates afterwards (a publication's log buffer) the same. Giving it to another group needs
 * root (or membership); a group that does not exist is one message naming the key. Each test has its own directory
 * under /dev/shm, deleted afterwards.
 */
@Timeout(60)
class AeronDirectoryPermissionsTest
{
    /** A group every Debian/Ubuntu host has, by number: the handler's user is never in it. */
    private static final String NOGROUP = "65534";

    private final Path directory = Path.of(new File("/dev/shm").isDirectory() ? "/dev/shm" :
        System.getProperty("java.io.tmpdir"), "xdpfeed-perm-test-" + ProcessHandle.current().pid() + "-" +
        System.nanoTime());
    private MediaDriver driver;
    private Aeron aeron;

    @AfterEach
    void close()
    {
        CloseHelper.quietCloseAll(aeron, driver);
        IoUtil.delete(directory.toFile(), true);
    }

    @Test
    void everythingTheDriverCreatesBelongsToOwnerAndGroupOnly() throws IOException
    {
        startDriver("");
        final int group = gid(directory);

        // a log buffer created after apply: setgid directory and umask give it the same group and mode
        try (Publication publication = aeron.addPublication("aeron:ipc", 4242))
        {
            assertTrue(publication.channel().startsWith("aeron:ipc"));
            final TreeMap<String, String> modes = modes();
            final List<String> expected = new ArrayList<>();
            for (final String path : modes.keySet())
            {
                final boolean isDirectory = Files.isDirectory(directory.resolve(path), LinkOption.NOFOLLOW_LINKS);
                expected.add(path + " " + (isDirectory ? "2770" : "660") + " gid " + group);
            }
            assertEquals(expected, new ArrayList<>(modes.values()));
            assertTrue(modes.keySet().stream().anyMatch(path -> path.endsWith(".logbuffer")), modes::toString);
            assertTrue(modes.containsKey("cnc.dat"), modes::toString);
        }
    }

    @Test
    void aGroupByNumberIsGivenTheDirectoryAndWhatComesLater() throws IOException
    {
        assumeTrue("root".equals(System.getProperty("user.name")),
            "skipped: giving files to a group the user is not in needs root");
        startDriver(NOGROUP);

        try (Publication ignored = aeron.addPublication("aeron:ipc", 4243))
        {
            final TreeMap<String, String> modes = modes();
            for (final String line : modes.values())
            {
                assertTrue(line.endsWith(" gid " + NOGROUP), () -> "not given to group " + NOGROUP + ": " + modes);
            }
            assertTrue(modes.keySet().stream().anyMatch(path -> path.endsWith(".logbuffer")), modes::toString);
        }
    }

    @Test
    void aMissingGroupIsOneMessageNamingTheKey()
    {
        final ConfigurationException ex = assertThrows(ConfigurationException.class,
            () -> startDriver("xdpfeed-no-such-group"));
        assertEquals(Configuration.AERON_GROUP_PROP_NAME + "=xdpfeed-no-such-group: no such group (create it with " +
            "groupadd, or give its number)", ex.getMessage());
    }

    @Test
    void aReadableDirectoryHasNoAccessProblem()
    {
        startDriver("");
        assertNull(AeronDirectoryPermissions.accessProblem(directory));
        assertNull(AeronDirectoryPermissions.accessProblem(directory.resolve("absent")));
    }

    private void startDriver(final String group)
    {
        AeronDirectoryPermissions.restrictUmask();
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(directory.toString())
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        AeronDirectoryPermissions.apply(directory, group);
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory.toString()));
    }

    /**
     * Relative path -> "path mode gid N" of everything under the directory, the directory itself as ".".
     */
    private TreeMap<String, String> modes() throws IOException
    {
        final TreeMap<String, String> modes = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(directory))
        {
            for (final Path path : walk.toList())
            {
                final String relative = directory.equals(path) ? "." : directory.relativize(path).toString();
                final int mode = (Integer)Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
                modes.put(relative, relative + " " + Integer.toOctalString(mode) + " gid " + gid(path));
            }
        }
        return modes;
    }

    private static int gid(final Path path) throws IOException
    {
        return (Integer)Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }
}
