package io.xdpfeed.handler;

import io.xdpfeed.handler.replay.DemoMain;
import io.xdpfeed.handler.replay.ReplayMain;
import io.xdpfeed.handler.FeedStat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The handler module's main programs on bad command lines: exit 2 and a first line naming the option and the value.
 * Each is run in-process through its {@code run(args, out, err)}; the scripts' own exit codes are checked by
 * {@code ScriptExitCodesTest} in latency-tests.
 */
@Timeout(30)
class MainArgumentsTest
{
    private record Outcome(int status, String firstLine)
    {
    }

    private interface Main
    {
        int run(String[] args, PrintStream out, PrintStream err);
    }

    private static Outcome run(final Main main, final String... args)
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = main.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
    }

    @Test
    void feedStat()
    {
        assertEquals(List.of(
            new Outcome(2, "feed-stat: --seconds abc: not a whole number"),
            new Outcome(2, "feed-stat: --seconds -1: must be at least 1"),
            new Outcome(2, "feed-stat: --interval-ms 5: must be at least 10"),
            new Outcome(2, "feed-stat: --aeron-dir needs a value"),
            new Outcome(2, "feed-stat: unknown option --bogus")),
            List.of(
            run(FeedStat::run, "--seconds", "abc"),
            run(FeedStat::run, "--seconds", "-1"),
            run(FeedStat::run, "--interval-ms", "5"),
            run(FeedStat::run, "--aeron-dir"),
            run(FeedStat::run, "--bogus")));
    }

    @Test
    void replayAndDemo()
    {
        assertEquals(List.of(
            new Outcome(2, "error: unknown option --seconds"),
            new Outcome(2, "error: --config needs a value"),
            new Outcome(2, "error: --seconds abc: not a number"),
            new Outcome(2, "error: --seconds -1: must be in 0.0..86400.0"),
            new Outcome(2, "error: unknown option --bogus")),
            List.of(
            run(ReplayMain::run, "x.pcap", "--seconds", "1"),
            run(ReplayMain::run, "x.pcap", "--config"),
            run(DemoMain::run, "--seconds", "abc"),
            run(DemoMain::run, "--seconds", "-1"),
            run(DemoMain::run, "--bogus")));
    }
}
