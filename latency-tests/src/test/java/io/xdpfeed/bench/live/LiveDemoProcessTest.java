package io.xdpfeed.bench.live;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The demo ({@link LiveDemo}) as the user runs it, a JVM of its own with a lab of its own, as root: killed with
 * SIGKILL it leaves no handler or simulator running and nothing attached, and what it could not remove (its folder,
 * its namespaces) the next start removes; two demos started together both finish with books equal to the truth.
 * Few and short (a few seconds of sending at a low rate) for a 2-CPU machine; skipped, with the reason, without root.
 */
@Timeout(400)
class LiveDemoProcessTest
{
    @TempDir
    Path work;

    private final List<Process> demos = new ArrayList<>();

    @AfterEach
    void cleanUp()
    {
        for (final Process demo : demos)
        {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        Lab.removeDead("xdpfeed-demo");
    }

    @Test
    void aDemoKilledWithSignal9LeavesNoProcessAndTheNextStartRemovesTheRest() throws Exception
    {
        assumeTrue(Lab.unavailableReason() == null, () -> "demo test skipped: " + Lab.unavailableReason());
        final Process demo = startDemo("--seconds", "60", "--rate", "1000");
        final List<String> output = new CopyOnWriteArrayList<>();
        final Thread reader = readInto(demo, output);
        awaitLine(demo, output, "simulator in ");
        final List<ProcessHandle> children = demo.descendants().toList();
        assertFalse(children.isEmpty());
        final String namespace = "xdpfeed-demo-fh-" + demo.pid();
        assertTrue(Lab.namespaceExists(namespace));

        demo.destroyForcibly();
        assertTrue(demo.waitFor(10, TimeUnit.SECONDS));
        final long deadlineMs = System.currentTimeMillis() + 30_000;
        while (children.stream().anyMatch(ProcessHandle::isAlive))
        {
            assertTrue(System.currentTimeMillis() < deadlineMs, "left running: " +
                children.stream().filter(ProcessHandle::isAlive).map(p -> p.pid() + " " + p.info().command()).toList());
            Thread.sleep(100);
        }
        reader.join(5_000);

        // the handler, stopped by SIGTERM, detached its program and removed its media driver's directory
        assertEquals("", run("ip", "-n", namespace, "link", "show", "dev", Lab.HANDLER_INTERFACE).lines()
            .filter(line -> line.contains("prog/xdp")).findFirst().orElse(""));
        assertEquals(List.of(), liveAeronDirectories(demo.pid()));

        // what the next demo does first: the dead demo's folder and lab go
        final Path base = work.resolve("build").resolve("demo");
        assertEquals(1, runFolders(base).size());
        RunDirectory.removeDead(base);
        final List<String> removed = Lab.removeDead("xdpfeed-demo");
        assertTrue(removed.contains(namespace), removed.toString());
        assertFalse(Lab.namespaceExists("xdpfeed-demo-ex-" + demo.pid()));
        assertEquals(List.of(), runFolders(base));
    }

    @Test
    void twoDemosStartedTogetherBothFinishWithBooksEqualToTheTruth() throws Exception
    {
        assumeTrue(Lab.unavailableReason() == null, () -> "demo test skipped: " + Lab.unavailableReason());
        final Process first = startDemo("--seconds", "3", "--rate", "2000");
        final Process second = startDemo("--seconds", "3", "--rate", "2000");
        final List<String> firstOutput = new CopyOnWriteArrayList<>();
        final List<String> secondOutput = new CopyOnWriteArrayList<>();
        final Thread firstReader = readInto(first, firstOutput);
        final Thread secondReader = readInto(second, secondOutput);

        assertTrue(first.waitFor(300, TimeUnit.SECONDS), "first demo still running");
        assertTrue(second.waitFor(300, TimeUnit.SECONDS), "second demo still running");
        firstReader.join(5_000);
        secondReader.join(5_000);

        assertEquals(0, first.exitValue(), String.join("\n", firstOutput));
        assertEquals(0, second.exitValue(), String.join("\n", secondOutput));
        for (final List<String> output : List.of(firstOutput, secondOutput))
        {
            assertTrue(output.stream().anyMatch(line -> line.startsWith("  books equal to truth: 10/10")),
                String.join("\n", output));
        }
        assertEquals(List.of(), runFolders(work.resolve("build").resolve("demo")));
        assertFalse(Lab.namespaceExists("xdpfeed-demo-fh-" + first.pid()));
        assertFalse(Lab.namespaceExists("xdpfeed-demo-fh-" + second.pid()));
    }

    private Process startDemo(final String... args) throws IOException
    {
        final List<String> command = ChildProcess.java(List.of(), List.of("-Dxdpfeed.home=" + Lab.findHome()),
            LiveDemo.class.getName(), List.of(args));
        final Process demo = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        demos.add(demo);
        return demo;
    }

    private static Thread readInto(final Process process, final List<String> lines)
    {
        final Thread thread = Thread.ofPlatform().daemon().start(() ->
        {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream())))
            {
                for (String line = reader.readLine(); line != null; line = reader.readLine())
                {
                    lines.add(line);
                }
            }
            catch (final IOException ignore)
            {
                // the process was killed
            }
        });
        return thread;
    }

    private static void awaitLine(final Process process, final List<String> lines, final String text)
        throws InterruptedException
    {
        final long deadlineMs = System.currentTimeMillis() + 180_000;
        while (lines.stream().noneMatch(line -> line.contains(text)))
        {
            assertTrue(process.isAlive() && System.currentTimeMillis() < deadlineMs,
                "no '" + text + "' from the demo:\n" + String.join("\n", lines));
            Thread.sleep(50);
        }
    }

    private static List<Path> runFolders(final Path base) throws IOException
    {
        if (!Files.isDirectory(base))
        {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(base))
        {
            return entries.filter(path -> path.getFileName().toString().startsWith("run-")).toList();
        }
    }

    private static List<Path> liveAeronDirectories(final long pid) throws IOException
    {
        try (Stream<Path> entries = Files.list(Path.of("/dev/shm")))
        {
            return entries.filter(path -> path.getFileName().toString()
                .startsWith(RunDirectory.LIVE_AERON_PREFIX + pid + "-")).toList();
        }
    }

    private static String run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return output;
    }
}
