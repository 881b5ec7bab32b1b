package io.xdpfeed.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class CommandLineTest
{
    private static String error(final String... args)
    {
        return assertThrows(UsageException.class, () ->
        {
            final CommandLine line = new CommandLine(args);
            for (final String option : line)
            {
                switch (option)
                {
                    case "--seconds" -> line.longValue(option, 1, Long.MAX_VALUE);
                    case "--cpu" -> line.intValue(option, -1, 1023);
                    case "--books" -> line.path(option);
                    case "--rate" -> CommandLine.parseDouble(option, line.value(option), 0, 1);
                    default -> throw CommandLine.unknown(option);
                }
            }
        }).getMessage();
    }

    @Test
    void eachErrorIsOneLineNamingTheOptionAndTheValue()
    {
        assertEquals("--seconds abc: not a whole number", error("--seconds", "abc"));
        assertEquals("--seconds -1: must be at least 1", error("--seconds", "-1"));
        assertEquals("--cpu 4096: must be at most 1023", error("--cpu", "4096"));
        assertEquals("--seconds needs a value", error("--seconds"));
        assertEquals("--books needs a file name, got an empty one", error("--books", ""));
        assertEquals("--rate x: not a number", error("--rate", "x"));
        assertEquals("--rate NaN: must be in 0.0..1.0", error("--rate", "NaN"));
        assertEquals("unknown option --frobnicate", error("--frobnicate"));
        assertEquals("unexpected argument stray", error("stray"));
    }

    @Test
    void aCountTakesAThousandsOrMillionsSuffixAndItsRange()
    {
        final List<Object> seen = new ArrayList<>();
        seen.add(CommandLine.parseCount("--packets", "250", 0, Long.MAX_VALUE));
        seen.add(CommandLine.parseCount("--packets", " 10K", 0, Long.MAX_VALUE));
        seen.add(CommandLine.parseCount("--packets", "2m", 0, Long.MAX_VALUE));
        for (final String bad : new String[]{ "x", "k", "1.5k", "99999999999999m", "-1", "3m" })
        {
            seen.add(assertThrows(UsageException.class,
                () -> CommandLine.parseCount("--packets", bad, 0, 1_000_000)).getMessage());
        }
        assertEquals(List.of(250L, 10_000L, 2_000_000L,
            "--packets x: not a count (digits, optional k or m)",
            "--packets k: not a count (digits, optional k or m)",
            "--packets 1.5k: not a count (digits, optional k or m)",
            "--packets 99999999999999m: not a count (digits, optional k or m)",
            "--packets -1: must be at least 0",
            "--packets 3m: must be at most 1000000"), seen);
    }

    @Test
    void aUsageErrorIsOneLineNamingTheProgramThenTheUsage()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        final List<Object> seen = new ArrayList<>();
        seen.add(CommandLine.usageError(err, "feed-stat", "--seconds abc: not a whole number", "usage: feed-stat"));
        seen.add(CommandLine.usageError(err, "error", "unknown option --x", "usage: replay\n  CAPTURE\n"));
        seen.add(bytes.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(2, 2, "feed-stat: --seconds abc: not a whole number\nusage: feed-stat\n" +
            "error: unknown option --x\nusage: replay\n  CAPTURE\n"), seen);
    }

    @Test
    void goodValuesAreReadInOrder()
    {
        final CommandLine line = new CommandLine(new String[]{ "--seconds", "5", "--books", "b.json", "file" });
        final List<Object> seen = new ArrayList<>();
        seen.add(line.next());
        seen.add(line.longValue("--seconds", 1, Long.MAX_VALUE));
        seen.add(line.next());
        seen.add(line.path("--books"));
        seen.add(line.next());
        assertFalse(line.hasNext());
        assertEquals(List.of("--seconds", 5L, "--books", Path.of("b.json"), "file"), seen);
        assertEquals(0, CommandLine.EXIT_OK);
        assertEquals(1, CommandLine.EXIT_FAILURE);
        assertEquals(2, CommandLine.EXIT_USAGE);
    }

    @Test
    void oneOperandIsAPathAndASecondOrAnOptionIsRefused()
    {
        final List<String> seen = new ArrayList<>();
        final Path capture = CommandLine.operand("capture.pcap", null);
        seen.add(capture.toString());
        seen.add(assertThrows(UsageException.class, () -> CommandLine.operand("other.pcap", capture)).getMessage());
        seen.add(assertThrows(UsageException.class, () -> CommandLine.operand("--frobnicate", null)).getMessage());
        assertEquals(List.of("capture.pcap", "unexpected argument other.pcap", "unknown option --frobnicate"), seen);
    }
}
