package io.xdpfeed.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark launchers of {@code scripts/} refuse a bad command line as the Java programs do (docs/cli.md): one
 * line naming the option and its value, exit 2, before anything is built, started or measured. Run as a user runs
 * them: the scripts themselves, in a process each.
 */
@Timeout(120)
class LauncherCommandLineTest
{
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bench-peer --datasets nope       | bench-peer: --datasets nope: one of synthetic, sim, v9.1, v8.1, v6.1, " +
            "itch-synthetic, itch-sim, or a capture NAME.pcap under data/cme-mdp3 or " +
            "feed-handler/src/test/resources/cme-mdp3",
        "bench-peer --stages book,nope    | bench-peer: --stages nope: one of book publish timed",
        "bench-peer --rounds abc          | bench-peer: --rounds abc: not a whole number",
        "bench-peer --warmup-seconds -1   | bench-peer: --warmup-seconds -1: must be at least 0",
        "bench-ingress --rate -5          | bench-ingress: --rate -5: must be at least 0",
        "bench-ingress --seconds abc      | bench-ingress: --seconds abc: not a whole number",
        "bench-ingress --payload 3        | bench-ingress: --payload 3: must be at least 16",
        "bench-ingress --payload 9000     | bench-ingress: --payload 9000: must be at most 1472",
        "bench-ingress --ring-size 1000   | bench-ingress: --ring-size 1000: a power of two",
        "bench-ingress --frame-size 100   | bench-ingress: --frame-size 100: one of 2048 4096",
        "bench-ingress --rate 010         | bench-ingress: --rate 010: a whole number without leading zeros",
        "bench-warmup --runs 0            | bench-warmup: --runs 0: must be at least 1",
        "bench-warmup --modes on,foo      | bench-warmup: --modes foo: one of off on aot aot-on",
        "bench-simtx --seconds abc        | bench-simtx: --seconds abc: not a whole number",
        "bench-simtx --tx udp,foo         | bench-simtx: --tx foo: one of udp mmsg xdp",
        "bench-simtx --rates 100,-3       | bench-simtx: --rates -3: must be at least 1",
        "playback --speed abc x.pcap      | playback: --speed abc: a speed above 0 (1 = the captured pacing)",
        "playback --loop 0 x.pcap         | playback: --loop 0: must be at least 1",
    })
    void aBadValueIsOneLineAndExitTwo(final String commandLine, final String expected)
        throws IOException, InterruptedException
    {
        // a comma stands for a space inside one argument (the lists of --stages, --modes, --tx, --rates)
        final List<String> command = new ArrayList<>();
        for (final String word : commandLine.trim().split(" +"))
        {
            command.add(command.isEmpty() ? SCRIPTS.resolve(word).toString() : word.replace(',', ' '));
        }
        final Path stderr = Files.createTempFile("launcher", ".err");
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .start();
            assertTrue(process.waitFor(100, TimeUnit.SECONDS), commandLine);

            final List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            assertEquals(List.of(expected), lines, commandLine);
            assertEquals(2, process.exitValue(), commandLine);
        }
        finally
        {
            Files.deleteIfExists(stderr);
        }
    }
}
