package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@code scripts/replay} fails: one line naming what is wrong, exit 1 for bad input or an output that cannot be
 * written (before the work when it can be known), 2 for bad usage; outputs appear whole or not at all.
 */
@Timeout(60)
class ReplayMainFailureTest
{
    @TempDir
    Path dir;

    private record Result(int status, String out, String err)
    {
        String firstErrorLine()
        {
            return err.lines().filter(line -> !line.startsWith("note: ")).findFirst().orElse("");
        }
    }

    private static Result run(final OutputStream stdout, final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReplayMain.run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, stdout.toString(), err.toString(StandardCharsets.UTF_8));
    }

    private static Result run(final String... args)
    {
        return run(new ByteArrayOutputStream(), args);
    }

    private static String capture()
    {
        return TestCaptures.capture(TestCaptures.V9).toString();
    }

    private static String config()
    {
        return TestCaptures.resource("cme-mdp3/" + TestCaptures.V9 + ".config.xml").toString();
    }

    private List<String> files() throws IOException
    {
        try (var list = Files.list(dir))
        {
            return list.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void unwritableOutputFailsBeforeTheWork()
    {
        final Path books = dir.resolve("missing").resolve("books.json");
        final Result result = run("--config", config(), capture(), "--books", books.toString());
        assertEquals(1, result.status);
        assertEquals("error: --books " + books + ": cannot write: no such directory " + books.getParent(),
            result.firstErrorLine());
        assertEquals("", result.out, "nothing replayed");

        final Path events = dir.resolve("missing").resolve("events.jsonl");
        assertEquals("error: --events " + events + ": cannot write: no such directory " + events.getParent(),
            run(capture(), "--events", events.toString()).firstErrorLine());
        assertEquals("error: --orders " + dir + ": is a directory",
            run(capture(), "--orders", dir.toString()).firstErrorLine());
    }

    @Test
    void outputsAppearWholeUnderTheirNamesAndNothingElseIsLeft() throws IOException
    {
        final Result result = run("--config", config(), capture(), "--books", dir.resolve("books.json").toString(),
            "--events", dir.resolve("events.jsonl").toString(), "--orders", dir.resolve("orders.json").toString());
        assertEquals(0, result.status, result.err);
        assertEquals(List.of("books.json", "events.jsonl", "orders.json"), files());
        assertTrue(Files.readString(dir.resolve("books.json")).startsWith("{"));
        final StringWriter events = new StringWriter();
        Replay.run(TestCaptures.capture(TestCaptures.V9), TestCaptures.config(TestCaptures.V9), true, events);
        assertEquals(events.toString(), Files.readString(dir.resolve("events.jsonl")));
    }

    @Test
    void summaryThatCannotBeWrittenFailsTheRun()
    {
        final OutputStream full = new OutputStream()
        {
            public void write(final int b) throws IOException
            {
                throw new IOException("No space left on device");
            }
        };
        final Result result = run(full, capture(), "--summary-json");
        assertEquals(1, result.status);
        assertEquals("error: cannot write the summary to standard output", result.firstErrorLine());
    }

    @Test
    void fifoCaptureIsRefusedWithOneLine() throws Exception
    {
        final Path fifo = dir.resolve("capture.pcap");
        final Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        final Result result = run(fifo.toString());
        assertEquals(1, result.status);
        assertEquals("error: " + fifo + " is not a regular file (a FIFO, device or directory): save the capture to " +
            "a file first (at byte offset 0)", result.firstErrorLine());
        assertEquals("error: " + dir + " is not a regular file (a FIFO, device or directory): save the capture to " +
            "a file first (at byte offset 0)", run(dir.toString()).firstErrorLine());
    }

    @Test
    void configErrorsAndUsageErrorsAreOneLine() throws IOException
    {
        final Path duplicate = dir.resolve("dup.xml");
        Files.writeString(duplicate, Files.readString(Path.of(config()))
            .replace("<channel id=\"313\"", "<channel id=\"312\""));
        final Result config = run("--config", duplicate.toString(), capture());
        assertEquals(1, config.status);
        assertEquals("error: " + duplicate + ": channel 312: <channel id=\"312\"> appears twice: each channel id " +
            "must be one <channel>", config.firstErrorLine());

        final Result missing = run(capture(), "--books");
        assertEquals(2, missing.status);
        assertEquals("error: --books needs a value", missing.firstErrorLine());
        final Result unknown = run(capture(), "--seconds", "3");
        assertEquals(2, unknown.status);
        assertEquals("error: unknown option --seconds", unknown.firstErrorLine());
    }
}
