package io.xdpfeed.xdp;

import io.xdpfeed.ingress.IngressException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The owner lock of an interface with real files, real flock locks and real processes (no root needed): held by a
 * live process it is refused naming that process; a record whose process is gone (dead, or its pid reused) is the
 * previous owner of a stale program; a clean release removes the file.
 */
@Timeout(60)
class XdpOwnerLockTest
{
    private static final Path BUILD =
        Path.of(System.getProperty("xdpfeed.native.build.dir", "target")).toAbsolutePath();

    private final List<ChildProcess> children = new ArrayList<>();
    private Path directory;
    private Path file;

    @BeforeEach
    void createDirectory() throws IOException
    {
        directory = Files.createTempDirectory("xdpfeed-lock-test-");
        file = directory.resolve("xdp-xtest0-7-net1.lock");
    }

    @AfterEach
    void removeDirectory() throws IOException
    {
        children.forEach(ChildProcess::close);
        try (Stream<Path> files = Files.walk(directory))
        {
            for (final Path path : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }

    @Test
    void recordNamesThisProcessAndIsRemovedOnRelease() throws IOException
    {
        final XdpOwner self = XdpOwner.self(0);
        try (XdpOwnerLock lock = XdpOwnerLock.acquire(file, "xtest0"))
        {
            assertNull(lock.previousOwner());
            lock.record(self.withProgramId(42));
            final XdpOwner recorded = XdpOwner.parse(Files.readString(file));
            assertEquals(self.withProgramId(42), recorded);
            assertTrue(recorded.alive());
            assertEquals(ProcessHandle.current().pid(), recorded.pid());
            assertTrue(recorded.startTime() > 0);
        }
        assertFalse(Files.exists(file), "removed at release");

        try (XdpOwnerLock again = XdpOwnerLock.acquire(file, "xtest0"))
        {
            assertNull(again.previousOwner(), "a clean release leaves no owner behind");
        }
    }

    @Test
    void secondLockInThisProcessIsRefusedAndTheFirstKeepsItsRecord() throws IOException
    {
        try (XdpOwnerLock first = XdpOwnerLock.acquire(file, "xtest0"))
        {
            first.record(XdpOwner.self(42));
            final IngressException refused =
                assertThrows(IngressException.class, () -> XdpOwnerLock.acquire(file, "xtest0"));
            assertEquals("AF_XDP on xtest0 is already owned by this process (" + XdpOwner.self(0).describe() +
                "): one handler per interface; its program and queues are left untouched", refused.getMessage());
            assertEquals(XdpOwner.self(42), XdpOwner.parse(Files.readString(file)));
        }
    }

    @Test
    void lockHeldByAnotherProcessIsRefusedNamingIt() throws IOException
    {
        final ChildProcess holder = startHolder();
        final XdpOwner owner = XdpOwner.parse(Files.readString(file));
        assertNotNull(owner);
        assertEquals(holder.pid(), owner.pid());

        final IngressException refused =
            assertThrows(IngressException.class, () -> XdpOwnerLock.acquire(file, "xtest0"));
        assertEquals("AF_XDP on xtest0 is owned by " + owner.describe() + " (lock " + file + "): one handler per " +
            "interface; its program and queues are left untouched; stop it first or use another interface",
            refused.getMessage());
        assertTrue(owner.describe().contains(OwnerLockHolder.class.getName()), owner.describe());
        assertEquals(owner, XdpOwner.parse(Files.readString(file)), "the owner's record is untouched");

        holder.kill();
        try (XdpOwnerLock taken = XdpOwnerLock.acquire(file, "xtest0"))
        {
            assertEquals(owner, taken.previousOwner(), "killed: its record names the stale program's owner");
            assertFalse(taken.previousOwner().alive());
        }
    }

    @Test
    void recordOfAReusedPidIsNotALiveOwner() throws IOException
    {
        final long pid = ProcessHandle.current().pid();
        Files.writeString(file, "pid=" + pid + " start_time=1 prog_id=9 command=old handler\n");
        try (XdpOwnerLock taken = XdpOwnerLock.acquire(file, "xtest0"))
        {
            assertEquals(new XdpOwner(pid, 1, 9, "old handler"), taken.previousOwner());
            assertFalse(taken.previousOwner().alive(), "same pid, another start time: another process");
        }
    }

    @Test
    void unlockedRecordOfALiveProcessIsRefused() throws IOException
    {
        // a live owner whose lock is free (it lost it): its program is not stale
        final ChildProcess other = ChildProcess.start(List.of("sleep", "60"));
        children.add(other);
        final long startTime = awaitStartTime(other.pid());
        Files.writeString(file, "pid=" + other.pid() + " start_time=" + startTime + " prog_id=9 command=sleep 60\n");

        final IngressException refused =
            assertThrows(IngressException.class, () -> XdpOwnerLock.acquire(file, "xtest0"));
        assertTrue(refused.getMessage().startsWith("AF_XDP on xtest0 is owned by pid " + other.pid() + " (started "),
            refused.getMessage());
        assertTrue(refused.getMessage().contains("not held by it"), refused.getMessage());
    }

    @Test
    void parsesWhatItWritesAndIgnoresDamage()
    {
        final XdpOwner owner = new XdpOwner(123, 456, 7, "java -jar handler.jar --config a b");
        assertEquals(owner, XdpOwner.parse(owner.toString()));
        assertNull(XdpOwner.parse(""));
        assertNull(XdpOwner.parse("garbage"));
        assertEquals(new XdpOwner(5, -1, 0, ""), XdpOwner.parse("pid=5 start_time=x prog_id="));
    }

    @Test
    void unwritableDirectoryIsOneLineNamingTheProperty() throws IOException
    {
        final Path notADirectory = Files.writeString(directory.resolve("plain-file"), "x");
        final IngressException refused = assertThrows(IngressException.class,
            () -> XdpOwnerLock.acquire(notADirectory.resolve("xdp-xtest0.lock"), "xtest0"));
        assertTrue(refused.getMessage().startsWith("cannot create the XDP lock file " +
            notADirectory.resolve("xdp-xtest0.lock")), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("set -D" + XdpOwnerLock.LOCK_DIR_PROPERTY +
            " to a directory this user can write"), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"));
    }

    private ChildProcess startHolder()
    {
        final String classPath;
        try
        {
            classPath = BUILD.resolve("classes") + ":" + BUILD.resolve("test-classes") + ":" +
                Files.readString(BUILD.resolve("classpath.txt")).trim();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final ChildProcess holder = ChildProcess.start(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-cp", classPath,
            OwnerLockHolder.class.getName(), file.toString()));
        children.add(holder);
        final String line = holder.awaitLine("HELD", "Exception");
        assertNotNull(line, holder.lines().toString());
        assertTrue(line.startsWith("HELD"), holder.lines().toString());
        return holder;
    }

    private static long awaitStartTime(final long pid)
    {
        // the child exists once start() returned: its /proc entry is readable
        final long startTime = XdpOwner.startTime(pid);
        assertTrue(startTime > 0, "no /proc/" + pid + "/stat");
        return startTime;
    }
}
