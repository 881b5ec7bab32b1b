package io.xdpfeed.bench.live;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.nativeio.LibCapabilities;
import io.xdpfeed.nativeio.LibXdp;
import io.xdpfeed.xdp.XdpPrivileges;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The handler as a user without root, with exactly the capabilities docs/operations.md documents
 * ({@link XdpPrivileges#REQUIRED}: CAP_NET_ADMIN, CAP_NET_RAW, CAP_BPF; CAP_IPC_LOCK only where the memlock limit is
 * below the UMEM), given as ambient capabilities by {@code setpriv}, in a lab of its own: the simulator's datagrams
 * arrive over AF_XDP and are published, the recovery lines are joined at run time after the capabilities were dropped,
 * a member of the Aeron directory's group reads it and a non-member is told why in one line, and at exit nothing is
 * left attached. With any one capability missing, start-up fails with one line naming it and leaves nothing attached.
 * <p>
 * Runs as user {@value #USER}, a system user (no home, no shell) created here when absent and left for later runs:
 * a named user is what {@code setpriv --init-groups} and the Aeron directory's default group need, and creating it
 * once is cheaper and safer than creating and deleting accounts per run. The strategies are {@code nobody}, with or
 * without that group. Skipped, with the reason, when not root, without {@code setpriv}/{@code useradd}, or without
 * libxdp. The class path is copied where the user can read it ({@code /root/.m2} is not readable) and removed after.
 */
@Timeout(300)
class NonRootHandlerTest
{
    private static final String USER = "xdpfeed-test";
    private static final int NOBODY = 65534;
    private static final long UMEM_BYTES = 2048L * 2048 * 2;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private static Lab lab;
    private static String unavailable;
    private static Path work;
    private static String classPath;
    private static int userGid;

    @BeforeAll
    static void setUp() throws IOException
    {
        unavailable = Lab.unavailableReason();
        if (unavailable == null && LibXdp.unavailableReason() != null)
        {
            unavailable = LibXdp.unavailableReason();
        }
        if (unavailable == null && !Files.isExecutable(Path.of("/usr/bin/setpriv")))
        {
            unavailable = "no setpriv (apt-get install util-linux)";
        }
        if (unavailable == null)
        {
            unavailable = ensureUser();
        }
        if (unavailable != null)
        {
            return;
        }
        userGid = Integer.parseInt(run(List.of("id", "-g", USER)).strip());
        work = Path.of("target", "nonroot-test-" + ProcessHandle.current().pid()).toAbsolutePath();
        classPath = readableClassPath(work.resolve("lib"));
        lab = Lab.unique(Lab.findHome(), "xdpfeed-nr", work.resolve("lab"));
        try
        {
            lab.up();
        }
        catch (final IllegalStateException ex)
        {
            unavailable = "cannot create the lab's network namespaces here: " + ex.getMessage();
        }
        openUp(work);
    }

    @AfterAll
    static void tearDown()
    {
        if (lab != null)
        {
            final String exchange = lab.exchangeNamespace();
            final String handler = lab.handlerNamespace();
            lab.close();
            assertTrue(!Lab.namespaceExists(exchange) && !Lab.namespaceExists(handler), "lab namespaces left");
        }
        if (work != null)
        {
            IoUtil.delete(work.toFile(), true);
        }
    }

    @Test
    void receivesOverAfXdpAsNonRootWithTheDocumentedCapabilities() throws IOException
    {
        assumeTrue(unavailable == null, () -> "non-root test skipped: " + unavailable);
        final String aeronDir = aeronDir();
        final Path dir = runDir();
        try (ChildProcess handler = startHandler(dir, aeronDir, documentedCapabilities(), 2048))
        {
            final String started = handler.awaitLine("feed-handler: channels", 90_000);
            assertTrue(started.contains(" -> xdp on " + Lab.HANDLER_INTERFACE), started);
            assertTrue(handler.lines().contains("feed-handler: capabilities dropped after set-up: CAP_NET_RAW " +
                "CAP_BPF" + (needsIpcLock() ? " CAP_IPC_LOCK" : "") +
                " (kept CAP_NET_ADMIN to detach the XDP program at exit)"), () -> ownLines(handler).toString());

            final AtomicLong fragments = new AtomicLong();
            try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
                Subscription subscription = aeron.addSubscription("aeron:ipc", 1001))
            {
                awaitTrue(subscription::isConnected, "subscriber connected", 30_000);
                final ChildProcess simulator = ChildProcess.start("exchange-sim", ChildProcess.java(
                    lab.inExchange(), List.of(), "io.xdpfeed.sim.ExchangeSimulatorMain", List.of("--send", "--rate",
                    "2000", "--packets", "4000", "--instruments", "5", "--seed", "13", "--truth",
                    dir.resolve("truth.json").toString())), dir.resolve("simulator.log"));
                try (simulator)
                {
                    final long deadlineMs = System.currentTimeMillis() + 120_000;
                    while (simulator.isAlive() && System.currentTimeMillis() < deadlineMs)
                    {
                        subscription.poll((buffer, offset, length, header) -> fragments.incrementAndGet(), 100);
                    }
                    assertEquals(0, simulator.awaitExit(1_000), () -> simulator.tail(20));
                }
                final long settleMs = System.currentTimeMillis() + 3_000;
                while (System.currentTimeMillis() < settleMs)
                {
                    subscription.poll((buffer, offset, length, header) -> fragments.incrementAndGet(), 100);
                }
            }

            final HandlerCounterSnapshot counters = HandlerCounterSnapshot.read(aeronDir);
            final String context = counters.format() + "\n" + handler.tail(20);
            assertTrue(counters.get(HandlerCounter.PACKETS) > 0, context);
            assertTrue(counters.get(HandlerCounter.RECORDS_PUBLISHED) > 0, context);
            assertTrue(fragments.get() > 0, context);
            // joined by the conductor thread, which started with CAP_NET_ADMIN only: map updates need no CAP_BPF
            assertTrue(counters.get(HandlerCounter.LINE_JOINS) > 0, context);
            assertEquals(0, counters.get(HandlerCounter.LINE_JOIN_FAILURES), context);
            assertEquals(0, counters.get(HandlerCounter.ERRORS), context);

            final Result member = runAsNobody(dir, "feed-stat-member", true, aeronDir);
            assertEquals(0, member.exit(), member.output());
            assertTrue(member.output().contains("handler (aeron client"), member.output());
            final Result outsider = runAsNobody(dir, "feed-stat-outsider", false, aeronDir);
            assertEquals(1, outsider.exit(), outsider.output());
            assertEquals(List.of("feed-stat: permission denied on the media driver's directory " + aeronDir +
                " (owner " + USER + ", group " + USER + "): run as " + USER + " or as a member of group " + USER +
                " (the handler's xdpfeed.aeron.group)"), outsider.lines());

            final String sample = "io.xdpfeed.client.sample.SampleStrategy";
            final List<String> sampleArgs = List.of("--aeron-dir", aeronDir, "--seconds", "2");
            final Result strategy = runAsNobody(dir, "strategy-member", true, sample, sampleArgs);
            assertEquals(0, strategy.exit(), strategy.output());
            assertTrue(strategy.output().contains("(media driver " + aeronDir + ")"), strategy.output());
            final Result strategyOutside = runAsNobody(dir, "strategy-outsider", false, sample, sampleArgs);
            assertEquals(1, strategyOutside.exit(), strategyOutside.output());
            assertEquals(List.of("error: permission denied on the media driver's directory " + aeronDir + " (owner " +
                USER + ", group " + USER + "): run as " + USER + " or as a member of group " + USER +
                " (the handler's xdpfeed.aeron.group)"), strategyOutside.lines());

            // SIGTERM: the handler detaches with CAP_NET_ADMIN alone (its INFO line may be lost: the JVM's logging
            // shuts down in a hook of its own), and removes its directory
            handler.close();
            assertEquals("", attachedProgram(), () -> handler.tail(10));
            assertFalse(new File(aeronDir).exists(), () -> aeronDir + " left\n" + handler.tail(10));
        }
        finally
        {
            IoUtil.delete(new File(aeronDir), true);
        }
        assertEquals("", attachedProgram());
    }

    @Test
    void eachMissingCapabilityFailsInOneLineAndLeavesNothingAttached() throws IOException
    {
        assumeTrue(unavailable == null, () -> "non-root test skipped: " + unavailable);
        for (final XdpPrivileges.Requirement missing : XdpPrivileges.REQUIRED)
        {
            final List<String> granted = new ArrayList<>(documentedCapabilities());
            granted.remove(setprivName(missing.name()));
            final String aeronDir = aeronDir();
            final Path dir = runDir();
            try (ChildProcess handler = startHandler(dir, aeronDir, granted, 2048))
            {
                assertEquals(1, handler.awaitExit(90_000), () -> handler.tail(20));
                final long grantedBits = bits(granted);
                assertEquals(List.of("feed-handler: xdpfeed.transport=xdp on xdpfeed.interface=" +
                    Lab.HANDLER_INTERFACE + ": " + XdpPrivileges.missingCapabilities(grantedBits)), nonBlank(handler),
                    missing.name());
                assertTrue(handler.lines().get(0).contains(missing.name()), missing.name());
            }
            assertEquals("", attachedProgram(), missing.name());
            assertFalse(new File(aeronDir).exists(), () -> missing.name() + ": " + aeronDir + " left");
        }
    }

    @Test
    void aUmemAboveTheMemlockLimitFailsUpFrontInOneLine() throws IOException
    {
        assumeTrue(unavailable == null, () -> "non-root test skipped: " + unavailable);
        final long limit = LibCapabilities.getrlimitSoft(LibCapabilities.RLIMIT_MEMLOCK);
        final long needed = 8192L * 2048 * 2;
        assumeTrue(limit != LibCapabilities.RLIM_INFINITY && limit >= 0 && limit < needed,
            () -> "skipped: the memlock limit " + limit + " covers " + needed + " bytes of UMEM");
        final String aeronDir = aeronDir();
        final List<String> granted = new ArrayList<>(documentedCapabilities());
        granted.remove("ipc_lock");
        try (ChildProcess handler = startHandler(runDir(), aeronDir, granted, 8192))
        {
            assertEquals(1, handler.awaitExit(90_000), () -> handler.tail(20));
            final List<String> lines = nonBlank(handler);
            assertEquals(1, lines.size(), lines::toString);
            assertTrue(lines.get(0).startsWith("feed-handler: xdpfeed.transport=xdp on xdpfeed.interface=" +
                Lab.HANDLER_INTERFACE + ": AF_XDP UMEM needs 32 MiB of locked memory"), lines::toString);
            assertTrue(lines.get(0).contains("LimitMEMLOCK=infinity"), lines::toString);
        }
        assertEquals("", attachedProgram());
    }

    /**
     * How a short-lived process ended.
     *
     * @param exit  its exit code.
     * @param lines its output.
     */
    private record Result(int exit, List<String> lines)
    {
        String output()
        {
            return String.join("\n", lines);
        }
    }

    /**
     * The capabilities of docs/operations.md in setpriv's spelling, CAP_IPC_LOCK added only where the memlock limit
     * does not cover the UMEM of these runs (2048 frames of 2048 bytes, twice for bind=auto).
     */
    private static List<String> documentedCapabilities()
    {
        final List<String> names = new ArrayList<>();
        for (final XdpPrivileges.Requirement capability : XdpPrivileges.REQUIRED)
        {
            names.add(setprivName(capability.name()));
        }
        if (needsIpcLock())
        {
            names.add("ipc_lock");
        }
        return names;
    }

    private static boolean needsIpcLock()
    {
        final long limit = LibCapabilities.getrlimitSoft(LibCapabilities.RLIMIT_MEMLOCK);
        return limit != LibCapabilities.RLIM_INFINITY && limit < UMEM_BYTES;
    }

    private static String setprivName(final String capability)
    {
        return capability.substring("CAP_".length()).toLowerCase(Locale.ROOT);
    }

    private static long bits(final List<String> capabilities)
    {
        long bits = 0;
        for (final XdpPrivileges.Requirement capability : XdpPrivileges.REQUIRED)
        {
            if (capabilities.contains(setprivName(capability.name())))
            {
                bits |= capability.capability().bit();
            }
        }
        return bits;
    }

    private ChildProcess startHandler(
        final Path dir, final String aeronDir, final List<String> capabilities, final int ringSize) throws IOException
    {
        final Path properties = dir.resolve("handler.properties");
        // the ownership lock (docs/xdp-ownership.md) in a directory of this run: /run/xdpfeed is root's here, where
        // the systemd unit's RuntimeDirectory=xdpfeed gives it to the handler's user
        final Path lockDir = Files.createDirectories(dir.resolve("lock"));
        Files.writeString(properties, "xdpfeed.cme.config=" + lab.config() + "\n" +
            "xdpfeed.xdp.lock.dir=" + lockDir + "\n" +
            "xdpfeed.transport=xdp\n" +
            "xdpfeed.interface=" + Lab.HANDLER_INTERFACE + "\n" +
            "xdpfeed.ingress.xdp.ring.size=" + ringSize + "\n" +
            "aeron.dir=" + aeronDir + "\n");
        openUp(dir);
        Files.setPosixFilePermissions(lockDir, PosixFilePermissions.fromString("rwxrwxrwx"));
        final String caps = "-all" + (capabilities.isEmpty() ? "" : ",+" + String.join(",+", capabilities));
        final List<String> command = new ArrayList<>(lab.inHandler());
        // as docs/xdpfeed-handler.service: no libxdp dispatcher (it needs CAP_SYS_ADMIN and CAP_PERFMON)
        command.addAll(List.of("env", "LIBXDP_SKIP_DISPATCHER=1", "/usr/bin/setpriv", "--reuid=" + USER,
            "--regid=" + USER, "--init-groups",
            "--inh-caps=" + caps, "--ambient-caps=" + caps, "--bounding-set=" + caps));
        command.addAll(java("io.xdpfeed.handler.FeedHandlerMain", List.of("--config", properties.toString())));
        return ChildProcess.start("feed-handler as " + USER + " " + capabilities, command, dir.resolve("handler.log"));
    }

    private static Result runAsNobody(
        final Path dir, final String name, final boolean inGroup, final String aeronDir)
    {
        return runAsNobody(dir, name, inGroup, "io.xdpfeed.handler.FeedStat",
            List.of("--aeron-dir", aeronDir, "--once"));
    }

    private static Result runAsNobody(
        final Path dir, final String name, final boolean inGroup, final String mainClass, final List<String> args)
    {
        final List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY,
            "--regid=" + NOBODY, inGroup ? "--groups=" + userGid : "--clear-groups", "--inh-caps=-all",
            "--bounding-set=-all"));
        command.addAll(java(mainClass, args));
        try (ChildProcess process = ChildProcess.start(name, command, dir.resolve(name + ".log")))
        {
            final int exit = process.awaitExit(60_000);
            return new Result(exit, process.lines().stream().filter(line -> !line.isBlank()).toList());
        }
    }

    private static List<String> java(final String mainClass, final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(ChildProcess.JVM_FLAGS);
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    private static List<String> ownLines(final ChildProcess process)
    {
        return process.lines().stream().filter(line -> line.startsWith("feed-handler")).toList();
    }

    private static List<String> nonBlank(final ChildProcess process)
    {
        return process.lines().stream().filter(line -> !line.isBlank()).toList();
    }

    private String attachedProgram()
    {
        final String link = run(List.of("ip", "-n", lab.handlerNamespace(), "link", "show", Lab.HANDLER_INTERFACE));
        final int at = link.indexOf("prog/xdp");
        return at < 0 ? "" : link.substring(at).strip();
    }

    private static String aeronDir()
    {
        return "/dev/shm/xdpfeed-nr-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
    }

    private static Path runDir() throws IOException
    {
        final Path dir = work.resolve("run-" + RUNS.incrementAndGet());
        Files.createDirectories(dir);
        openUp(dir);
        return dir;
    }

    /**
     * Create the system user when absent: {@code useradd -r -U -M} (its own group, no home, no login shell).
     *
     * @return why it cannot be, or null.
     */
    private static String ensureUser()
    {
        try
        {
            if (new ProcessBuilder("id", USER).start().waitFor() == 0)
            {
                return null;
            }
            final Process add = new ProcessBuilder("useradd", "-r", "-U", "-M", "-d", "/nonexistent", "-s",
                "/usr/sbin/nologin", USER).redirectErrorStream(true).start();
            final String output = new String(add.getInputStream().readAllBytes());
            return add.waitFor() == 0 ? null : "cannot create user " + USER + ": " + output.strip();
        }
        catch (final IOException ex)
        {
            return "cannot create user " + USER + ": " + ex.getMessage();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * This JVM's class path, with every jar copied into {@code lib} (readable by all): the builder's Maven repository
     * is not. Directories (the modules' classes in the checkout) are kept as they are.
     */
    private static String readableClassPath(final Path lib) throws IOException
    {
        Files.createDirectories(lib);
        final List<String> entries = new ArrayList<>();
        int index = 0;
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
        {
            final Path path = Path.of(entry);
            if (Files.isRegularFile(path))
            {
                final Path copy = lib.resolve(String.format("%03d-%s", index++, path.getFileName()));
                Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                entries.add(copy.toString());
            }
            else if (Files.isDirectory(path))
            {
                entries.add(path.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * World-readable (and searchable) from {@code path} down, and its parents searchable up to the checkout.
     */
    private static void openUp(final Path path) throws IOException
    {
        try (Stream<Path> walk = Files.walk(path))
        {
            for (final Path each : walk.toList())
            {
                Files.setPosixFilePermissions(each, PosixFilePermissions.fromString(
                    Files.isDirectory(each) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        for (Path parent = path.getParent(); parent != null && parent.startsWith(work.getParent()) &&
            !parent.equals(work.getParent()); parent = parent.getParent())
        {
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what, final long timeoutMs)
    {
        final long deadlineMs = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean())
        {
            assertTrue(System.currentTimeMillis() < deadlineMs, what + " within " + timeoutMs + " ms");
            ChildProcess.sleep(20);
        }
    }

    private static String run(final List<String> command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            return output;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(String.join(" ", command) + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
