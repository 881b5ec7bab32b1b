package io.xdpfeed.common.bus;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandlerDriverDirectoryTest
{
    private final List<Path> created = new ArrayList<>();

    @AfterEach
    void removeDirectories() throws IOException
    {
        for (final Path dir : created)
        {
            Files.deleteIfExists(dir.resolve(HandlerDriverDirectory.CNC_FILE));
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void theDefaultIsTheUsersNameUnderDevShm()
    {
        final String user = System.getProperty("user.name").replaceAll("[^A-Za-z0-9._-]", "_");
        final String expected = (new File("/dev/shm").isDirectory() ? "/dev/shm" :
            System.getProperty("java.io.tmpdir")) + File.separator + "xdpfeed-aeron-" + user;

        assertEquals(expected, HandlerDriverDirectory.defaultName());
    }

    @Test
    void theNewestLiveDriverIsFoundAndDeadOnesAreSkipped() throws IOException
    {
        final String run = UUID.randomUUID().toString();
        final Path older = driver(run + "-older", 1_000_000L);
        final Path newer = driver(run + "-newer", 2_000_000L);
        driver(run + "-dead", 3_000_000L);
        final Path noCnc = Path.of(new File(HandlerDriverDirectory.defaultName()).getParent(),
            HandlerDriverDirectory.PREFIX + run + "-empty");
        Files.createDirectories(noCnc);
        created.add(noCnc);

        final Set<String> live = Set.of(older.toString(), newer.toString(), noCnc.toString());
        assertEquals(newer.toString(), HandlerDriverDirectory.newestLive((dir) -> live.contains(dir.getPath())));
        assertEquals(older.toString(),
            HandlerDriverDirectory.newestLive((dir) -> dir.getPath().equals(older.toString())));
        assertNull(HandlerDriverDirectory.newestLive((dir) -> dir.getPath().equals(noCnc.toString())),
            "a directory without a CnC file is no driver's");
    }

    private Path driver(final String suffix, final long modifiedMs) throws IOException
    {
        final Path dir = Path.of(new File(HandlerDriverDirectory.defaultName()).getParent(),
            HandlerDriverDirectory.PREFIX + suffix);
        Files.createDirectories(dir);
        created.add(dir);
        final Path cnc = Files.createFile(dir.resolve(HandlerDriverDirectory.CNC_FILE));
        assertTrue(cnc.toFile().setLastModified(modifiedMs));
        return dir;
    }
}
