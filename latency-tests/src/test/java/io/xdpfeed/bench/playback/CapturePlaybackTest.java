package io.xdpfeed.bench.playback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The playback's command line fails as every program does (docs/cli.md): one line naming what is wrong, exit 2 for
 * the command line, 1 for a bad capture or a source address that is not local; nothing on stdout then. Sending is
 * tested as root in {@code KernelArbitrationLiveTest}.
 */
@Timeout(30)
class CapturePlaybackTest
{
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err)
    {
    }

    private static Run run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = CapturePlayback.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageErrorsExitTwoNamingTheProblem()
    {
        final List<Run> runs = List.of(run(), run("a.pcap", "--speed", "0"), run("a.pcap", "--loop", "x"),
            run("a.pcap", "--bogus"));
        assertEquals(List.of(2, 2, 2, 2), runs.stream().map(Run::exit).toList(), runs.toString());
        assertEquals("error: missing CAPTURE", runs.get(0).err.lines().findFirst().orElse(""));
        assertTrue(runs.get(1).err.startsWith("error: --speed"), runs.get(1).err);
        assertTrue(runs.get(2).err.startsWith("error: --loop"), runs.get(2).err);
        assertTrue(runs.get(3).err.startsWith("error: unknown"), runs.get(3).err);
        assertTrue(runs.stream().allMatch(r -> r.out.isEmpty()), runs.toString());
    }

    @Test
    void aFileThatIsNotACaptureOrASourceNotHereExitsOneInOneLine() throws IOException
    {
        final Path notACapture = Files.writeString(dir.resolve("notes.pcap"), "not a capture at all");
        final Run bad = run(notACapture.toString());
        assertEquals(1, bad.exit, bad.toString());
        assertEquals(1, bad.err.lines().count(), bad.err);
        assertTrue(bad.err.startsWith("error: ") && bad.err.contains("notes.pcap"), bad.err);

        final Path capture = Path.of("..", "feed-handler", "src", "test", "resources", "cme-mdp3",
            "Cme.Mdp3.Sbe.v9.1.Example.pcap");
        final Run elsewhere = run(capture.toString(), "--max", "--source", "10.77.250.250");
        assertEquals(1, elsewhere.exit, elsewhere.toString());
        assertEquals(1, elsewhere.err.lines().count(), elsewhere.err);
        assertTrue(elsewhere.err.contains("10.77.250.250"), elsewhere.err);
        assertEquals("", elsewhere.out);
    }
}
