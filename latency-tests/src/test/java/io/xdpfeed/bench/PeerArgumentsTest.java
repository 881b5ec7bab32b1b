package io.xdpfeed.bench;

import java.util.List;

import io.xdpfeed.cli.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PeerArgumentsTest
{
    private static final List<String> STAGES = HandlerPath.STAGES;

    @Test
    void theDefaultsAreOneStageOfLineAsPacketsForTwentyRounds()
    {
        assertEquals(new PeerArguments("synthetic", List.of("book"), "first", 20, 5, 200),
            PeerArguments.parse(new String[0], "synthetic", STAGES, true));
    }

    @Test
    void everyOptionIsRead()
    {
        final PeerArguments arguments = PeerArguments.parse(new String[]{
            "--dataset", "v9.1", "--stage", "book,publish,timed", "--copies", "all", "--rounds", "7",
            "--warmup-seconds", "0", "--round-ms", "50" }, "synthetic", STAGES, true);

        assertEquals(new PeerArguments("v9.1", List.of("book", "publish", "timed"), "all", 7, 0, 50), arguments);
        assertEquals(true, arguments.bothCopies());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--rounds abc               | --rounds abc: not a whole number",
        "--rounds 0                 | --rounds 0: must be at least 1",
        "--warmup-seconds -1        | --warmup-seconds -1: must be at least 0",
        "--round-ms 0               | --round-ms 0: must be at least 1",
        "--stage nope               | --stage nope: each of a comma-separated list one of book, publish, timed",
        "--stage book,,publish      | --stage book,,publish: each of a comma-separated list one of book, publish, timed",
        "--copies both              | --copies both: first or all",
        "--bogus 1                  | unknown option --bogus",
        "--rounds                   | --rounds needs a value",
    })
    void aBadCommandLineIsOneLineNamingTheOptionAndItsValue(final String line, final String message)
    {
        final String[] args = line.trim().split(" +");

        final UsageException thrown =
            assertThrows(UsageException.class, () -> PeerArguments.parse(args, "synthetic", STAGES, true));

        assertEquals(message, thrown.getMessage());
    }

    @Test
    void anEmptyDatasetNameIsRefused()
    {
        final UsageException thrown = assertThrows(UsageException.class,
            () -> PeerArguments.parse(new String[]{ "--dataset", " " }, "synthetic", STAGES, true));

        assertEquals("--dataset needs a name, got an empty one", thrown.getMessage());
    }

    @Test
    void aHarnessOfOneStageAtATimeRefusesAList()
    {
        final UsageException thrown = assertThrows(UsageException.class, () -> PeerArguments.parse(
            new String[]{ "--stage", "book,publish" }, "itch-sim", List.of("book", "publish"), false));

        assertEquals("--stage book,publish: one of book, publish", thrown.getMessage());
    }
}
