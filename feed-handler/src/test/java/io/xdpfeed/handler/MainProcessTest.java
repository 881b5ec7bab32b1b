package io.xdpfeed.handler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The main programs as processes, as the scripts start them: exit status and first line of stderr. Few on purpose
 * (each starts a JVM); the messages themselves are tested in-process next to each parser.
 */
@Timeout(120)
class MainProcessTest
{
    @TempDir
    Path dir;

    private record Exit(int status, String firstLine, String stderr)
    {
    }

    private Exit run(final String mainClass, final File stdout, final String... args) throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path")));
        for (final String arg : args)
        {
            if (arg.startsWith("-D"))
            {
                command.add(arg);
            }
        }
        command.add(mainClass);
        for (final String arg : args)
        {
            if (!arg.startsWith("-D"))
            {
                command.add(arg);
            }
        }
        final Path err = dir.resolve("stderr-" + System.nanoTime());
        final Process process = new ProcessBuilder(command).redirectOutput(stdout).redirectError(err.toFile())
            .start();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("did not end: " + command);
        }
        final String stderr = Files.readString(err, StandardCharsets.UTF_8);
        return new Exit(process.exitValue(), stderr.lines().findFirst().orElse(""), stderr);
    }

    private Exit handler(final String... args) throws Exception
    {
        return run("io.xdpfeed.handler.FeedHandlerMain", dir.resolve("stdout").toFile(), args);
    }

    @Test
    void feedHandlerFailsWithOneLineAndItsExitCode() throws Exception
    {
        assertEquals(List.of(
            new Exit(2, "feed-handler: --seconds abc: not a whole number", null),
            new Exit(2, "feed-handler: --seconds -1: must be at least 1", null),
            new Exit(2, "feed-handler: unknown option --bogus", null),
            new Exit(1, "feed-handler: --config " + dir + " is a directory: give the handler's properties file, " +
                "e.g. config/feed-handler.properties", null)),
            List.of(
            strip(handler("--seconds", "abc")),
            strip(handler("--seconds", "-1")),
            strip(handler("--bogus")),
            strip(handler("--config", dir.toString()))));
    }

    @Test
    void feedHandlerWarnsOfUnknownKeysAndStopsAtOnceWithoutADriver() throws Exception
    {
        final Path properties = dir.resolve("handler.properties");
        final Path noDriver = Files.createDirectory(dir.resolve("aeron"));
        Files.writeString(properties, "xdpfeed.cme.config=" +
            TestCaptures.resource("cme-mdp3/" + TestCaptures.V9 + ".config.xml") + "\n" +
            "xdpfeed.aeron.dir=" + noDriver + "\n");
        final Exit exit = handler("-Dxdpfeed.transprt=udp", "--config", properties.toString());
        assertEquals(1, exit.status, exit.stderr);
        assertEquals(List.of(
            "feed-handler: warning: unknown key xdpfeed.transprt=udp is ignored: did you mean xdpfeed.transport?",
            "feed-handler: xdpfeed.aeron.dir=" + noDriver + ": no media driver there (no cnc.dat): start one, or " +
                "leave it empty for an embedded driver"),
            exit.stderr.lines().toList());

        final Path books = dir.resolve("missing").resolve("books.json");
        final Exit unwritable = handler("--config", properties.toString(), "--books", books.toString());
        assertEquals(new Exit(1, "feed-handler: --books " + books + ": cannot write: no such directory " +
            books.getParent(), null), strip(unwritable));
    }

    @Test
    void replaySummaryToAFullDeviceFails() throws Exception
    {
        assumeTrue(new File("/dev/full").exists(), "no /dev/full here");
        final Exit exit = run("io.xdpfeed.handler.replay.ReplayMain", new File("/dev/full"),
            TestCaptures.capture(TestCaptures.V9).toString(), "--summary-json");
        assertEquals(1, exit.status, exit.stderr);
        assertTrue(exit.stderr.endsWith("error: cannot write the summary to standard output\n"), exit.stderr);
    }

    private static Exit strip(final Exit exit)
    {
        return new Exit(exit.status, exit.firstLine, null);
    }
}
