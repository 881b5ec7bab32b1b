package io.xdpfeed.xdp;

import io.xdpfeed.transport.SequenceReceiver;
import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibXdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Who owns an interface's XDP program, with real receivers ({@link SequenceReceiver} child JVMs) in real network
 * namespaces: a second handler refuses and the first keeps receiving; a dead owner's program is replaced with a
 * warning naming it; a failed start leaves nothing attached. Needs root, libxdp and the C sender; skipped otherwise.
 * The lock files go to a directory of this run ({@code -Dxdpfeed.xdp.lock.dir}), removed afterwards.
 */
@Timeout(120)
class XdpOwnershipIntegrationTest
{
    private static final String FEED = "224.0.31.1:14310";
    private static final Path BUILD =
        Path.of(System.getProperty("xdpfeed.native.build.dir", "target")).toAbsolutePath();
    private static final Path SENDER = BUILD.resolve("bin/xdpfeed-sender");
    private static final Pattern PROGRAM_ID = Pattern.compile("prog/xdp id (\\d+)");

    private static NamespacePair lab;
    private final List<ChildProcess> children = new ArrayList<>();
    private Path lockDirectory;

    @BeforeAll
    static void createNamespaces()
    {
        lab = NamespacePair.createForReceivers("XDP ownership tests", BUILD);
    }

    @AfterAll
    static void removeNamespaces()
    {
        if (null != lab)
        {
            lab.close();
        }
    }

    @BeforeEach
    void createLockDirectory() throws IOException
    {
        lockDirectory = Files.createTempDirectory("xdpfeed-locks-");
    }

    @AfterEach
    void stopChildrenAndCleanUp() throws IOException
    {
        children.forEach(ChildProcess::close);
        if (lab.handlerHasXdpProgram())
        {
            // a failed assertion may leave one: the next test must start from a bare interface
            ChildProcess.run(List.of("ip", "-n", lab.handler, "link", "set", "dev", lab.handlerInterface, "xdp",
                "off"));
        }
        try (Stream<Path> files = Files.walk(lockDirectory))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void secondReceiverOnTheSameInterfaceRefusesNamingTheOwnerAndTheFirstKeepsReceiving()
    {
        final ChildProcess first = startReceiver("--count", "20000");
        final Map<String, String> ready = awaitReady(first);
        final String owner = "pid " + ready.get("pid") + " (started ";

        final ChildProcess sameQueue = startReceiver("--count", "10");
        final String refusal = sameQueue.awaitLine("READY", "ERROR");
        assertNotNull(refusal, sameQueue.lines().toString());
        assertTrue(refusal.startsWith("ERROR AF_XDP on " + lab.handlerInterface + " is owned by " + owner), refusal);
        assertTrue(refusal.contains("SequenceReceiver"), "names the owner's command: " + refusal);
        assertTrue(refusal.endsWith("one handler per interface; its program and queues are left untouched; " +
            "stop it first or use another interface"), refusal);
        assertEquals(2, sameQueue.waitFor());
        assertEquals(List.of(refusal), sameQueue.lines(), "one line, nothing else printed");

        // the program is the interface's, whatever the queue: another queue is refused the same way
        final ChildProcess otherQueue = startReceiver("--queues", "1", "--count", "10");
        final String otherRefusal = otherQueue.awaitLine("READY", "ERROR");
        assertNotNull(otherRefusal, otherQueue.lines().toString());
        assertTrue(otherRefusal.startsWith("ERROR AF_XDP on " + lab.handlerInterface + " is owned by " + owner),
            otherRefusal);
        assertEquals(2, otherQueue.waitFor());

        // auto does not fall back to kernel UDP: the first's program takes the group's datagrams from the kernel
        final ChildProcess auto = startReceiver("--transport", "auto", "--count", "10");
        final String autoRefusal = auto.awaitLine("READY", "ERROR");
        assertNotNull(autoRefusal, auto.lines().toString());
        assertTrue(autoRefusal.startsWith("ERROR AF_XDP on " + lab.handlerInterface + " is owned by " + owner),
            autoRefusal);
        assertEquals(2, auto.waitFor());

        assertEquals(ready.get("prog_id"), attachedProgramId(), "the first receiver's program is untouched");
        send(20_000, 20_000);
        final Map<String, String> result = awaitResult(first);
        assertEquals("20000", result.get("received"), first.lines().toString());
        assertEquals("0", result.get("missing"));
        assertFalse(lab.handlerHasXdpProgram(), "detached at the first receiver's clean stop");
        assertEquals(List.of(), lockFiles(), "the lock file is removed at a clean stop");
    }

    @Test
    void programOfAKilledOwnerIsReplacedWithAWarningNamingIt()
    {
        final ChildProcess first = startReceiver();
        final Map<String, String> firstReady = awaitReady(first);
        first.kill();
        assertTrue(lab.handlerHasXdpProgram(), "SIGKILL leaves the program attached");

        final ChildProcess second = startReceiver("--count", "5000");
        final Map<String, String> secondReady = awaitReady(second);
        assertStaleWarning(second, firstReady.get("prog_id"),
            "its owner pid " + firstReady.get("pid") + " (started ");
        assertReceives(second, secondReady);
    }

    @Test
    void programWithNoOwnerRecordIsReplacedWithAWarning() throws IOException
    {
        final ChildProcess first = startReceiver();
        final Map<String, String> firstReady = awaitReady(first);
        first.kill();
        try (Stream<Path> locks = Files.list(lockDirectory))
        {
            for (final Path lock : locks.toList())
            {
                Files.delete(lock);
            }
        }

        final ChildProcess second = startReceiver("--count", "5000");
        final Map<String, String> secondReady = awaitReady(second);
        assertStaleWarning(second, firstReady.get("prog_id"), "no owner recorded");
        assertReceives(second, secondReady);
    }

    @Test
    void ownerRecordOfAReusedPidIsStale() throws IOException
    {
        final ChildProcess first = startReceiver();
        final Map<String, String> firstReady = awaitReady(first);
        first.kill();
        // this test's JVM is alive but did not start at the recorded time: the pid was reused, the owner is gone
        final long reusedPid = ProcessHandle.current().pid();
        Files.writeString(lockFile(), "pid=" + reusedPid + " start_time=1 prog_id=" + firstReady.get("prog_id") +
            " command=an earlier handler\n");

        final ChildProcess second = startReceiver("--count", "5000");
        final Map<String, String> secondReady = awaitReady(second);
        assertStaleWarning(second, firstReady.get("prog_id"), "its owner pid " + reusedPid + " (started ");
        assertReceives(second, secondReady);
    }

    @Test
    void staleProgramIsReplacedByItsRecordedIdWithoutSysAdmin()
    {
        final ChildProcess first = startReceiver();
        final Map<String, String> firstReady = awaitReady(first);
        first.kill();

        // without CAP_SYS_ADMIN the attached program cannot be opened to read its name: the dead owner's record
        // names its id; a small ring keeps the UMEM under the default memlock limit (no CAP_IPC_LOCK)
        final ChildProcess second = start(List.of("setpriv", "--bounding-set=-sys_admin,-ipc_lock,-perfmon"),
            "--ring-size", "2048", "--count", "5000");
        final Map<String, String> secondReady = awaitReady(second);
        assertStaleWarning(second, firstReady.get("prog_id"), "its owner pid " + firstReady.get("pid") + " (started ");
        assertEquals(secondReady.get("prog_id"), attachedProgramId());
        send(5000, 5000);
        assertEquals("5000", awaitResult(second).get("received"), second.lines().toString());
        assertFalse(lab.handlerHasXdpProgram(), "detached without CAP_SYS_ADMIN: " + second.lines());
        assertEquals(List.of(), lockFiles());
    }

    @Test
    void startFailingAfterAttachLeavesNoProgramAndNoOwner()
    {
        // the veth has one RX queue: queue 0 binds, queue 3 fails after the program is attached
        final ChildProcess failed = startReceiver("--queues", "0,3");
        final String error = failed.awaitLine("READY", "ERROR");
        assertEquals("ERROR cannot bind an AF_XDP socket to " + lab.handlerInterface + " queue 3 in copy mode: " +
            "Invalid argument (does " + lab.handlerInterface + " have RX queue 3? see ethtool -l " +
            lab.handlerInterface + ")", error, failed.lines().toString());
        assertEquals(2, failed.waitFor());
        assertFalse(lab.handlerHasXdpProgram(), failed.lines().toString());
        assertEquals(List.of(), lockFiles(), "ownership released");

        final ChildProcess next = startReceiver("--count", "5000");
        final Map<String, String> ready = awaitReady(next);
        assertTrue(next.lines().stream().noneMatch(line -> line.contains("stale")), next.lines().toString());
        assertReceives(next, ready);
    }

    @Test
    void startFailingWithoutSysAdminLeavesNoProgramAndPrintsNoVerifierLog()
    {
        // CAP_NET_ADMIN, NET_RAW and BPF only: libxdp's dispatcher fails the verifier (no CAP_PERFMON) and libxdp
        // falls back to attaching directly; the UMEM cannot be locked (no CAP_IPC_LOCK, memlock limit); libxdp's
        // own detach cannot open the program by id (no CAP_SYS_ADMIN)
        final ChildProcess failed = start(List.of("setpriv", "--bounding-set=-sys_admin,-ipc_lock,-perfmon"));
        final String error = failed.awaitLine("READY", "ERROR");
        assertNotNull(error, failed.lines().toString());
        assumeTrue(error.startsWith("ERROR"), "skipped: this kernel let the start succeed without those " +
            "capabilities: " + failed.lines());
        assertEquals(2, failed.waitFor());
        assertFalse(lab.handlerHasXdpProgram(), "nothing left attached: " + failed.lines());
        final List<String> lines = failed.lines();
        assertTrue(lines.stream().noneMatch(line -> line.contains("PROG LOAD LOG") || line.startsWith("WARNING")),
            lines.toString());
        assertTrue(lines.size() <= 6, "a few lines, not a verifier log: " + lines);
    }

    private void assertStaleWarning(final ChildProcess receiver, final String staleProgramId, final String reason)
    {
        final String prefix = "WARNING " + XdpProgram.class.getName() + ": replacing a stale xdpfeed_mcast (id " +
            staleProgramId + ") on " + lab.handlerInterface + ": ";
        final List<String> warnings = receiver.lines().stream().filter(line -> line.startsWith(prefix)).toList();
        assertEquals(1, warnings.size(), receiver.lines().toString());
        assertTrue(warnings.getFirst().substring(prefix.length()).startsWith(reason), warnings.getFirst());
    }

    private void assertReceives(final ChildProcess receiver, final Map<String, String> ready)
    {
        assertEquals(ready.get("prog_id"), attachedProgramId());
        send(20_000, 5000);
        final Map<String, String> result = awaitResult(receiver);
        assertEquals("5000", result.get("received"), receiver.lines().toString());
        assertFalse(lab.handlerHasXdpProgram());
    }

    private String attachedProgramId()
    {
        final String link = String.join("\n",
            ChildProcess.run(List.of("ip", "-n", lab.handler, "link", "show", "dev", lab.handlerInterface)));
        final Matcher matcher = PROGRAM_ID.matcher(link);
        return matcher.find() ? matcher.group(1) : null;
    }

    private Path lockFile()
    {
        try (Stream<Path> locks = Files.list(lockDirectory))
        {
            final List<Path> all = locks.toList();
            assertEquals(1, all.size(), all.toString());
            assertTrue(all.getFirst().getFileName().toString().startsWith("xdp-" + lab.handlerInterface + "-"),
                all.toString());
            return all.getFirst();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private List<Path> lockFiles()
    {
        try (Stream<Path> locks = Files.list(lockDirectory))
        {
            return locks.toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private ChildProcess startReceiver(final String... args)
    {
        return start(List.of(), args);
    }

    private ChildProcess start(final List<String> prefix, final String... args)
    {
        final List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx256m", "-XX:+UseSerialGC",
            "-Djava.util.logging.SimpleFormatter.format=%4$s %3$s: %5$s%6$s%n",
            "-D" + XdpOwnerLock.LOCK_DIR_PROPERTY + "=" + lockDirectory,
            "-cp", classPath(), SequenceReceiver.class.getName(),
            "--interface", lab.handlerInterface, "--transport", "xdp", "--subscribe", FEED,
            "--seconds", "60", "--idle-ms", "10000"));
        command.addAll(List.of(args));
        final ChildProcess child = ChildProcess.start(NamespacePair.inNamespace(lab.handler, command));
        children.add(child);
        return child;
    }

    private static String classPath()
    {
        try
        {
            return BUILD.resolve("classes") + ":" + BUILD.resolve("test-classes") + ":" +
                Files.readString(BUILD.resolve("classpath.txt")).trim();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static Map<String, String> awaitReady(final ChildProcess receiver)
    {
        final String line = receiver.awaitLine("READY", "ERROR");
        assertNotNull(line, "receiver ended before READY: " + receiver.lines());
        assertTrue(line.startsWith("READY"), receiver.lines().toString());
        return NamespacePair.fields(line);
    }

    private static Map<String, String> awaitResult(final ChildProcess receiver)
    {
        final String line = receiver.awaitLine("RECEIVED");
        assertNotNull(line, "receiver ended without a result: " + receiver.lines());
        assertEquals(0, receiver.waitFor(), receiver.lines().toString());
        return NamespacePair.fields(line);
    }

    private static void send(final int rate, final int count)
    {
        final int colon = FEED.lastIndexOf(':');
        final List<String> output = ChildProcess.run(NamespacePair.inNamespace(lab.exchange, List.of(
            SENDER.toString(), "--group", FEED.substring(0, colon), "--port", FEED.substring(colon + 1),
            "--source", NamespacePair.EXCHANGE_ADDRESS, "--rate", String.valueOf(rate),
            "--count", String.valueOf(count), "--start-seq", "0")));
        final String line = output.stream().filter(l -> l.startsWith("SENT")).findFirst().orElseThrow();
        assertEquals(String.valueOf(count), NamespacePair.fields(line).get("sent"), line);
    }
}
