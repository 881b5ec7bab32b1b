package io.xdpfeed.bench.live;

import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.replay.Replay;
import io.xdpfeed.nativeio.LibXdp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code scripts/bench-e2e --capture}: the real v9.1 capture (8 channels, A and B) played at ten times its pacing
 * with SendingTime rebased, through a lab of its own into the handler over AF_XDP with kernel arbitration: every
 * sequenced packet the replay counts arrives, once (the program dropped the other copy), the subscriber's books equal
 * the replay's on every instrument, and the records are timed. Skipped,
 * with the reason, when not root, where namespaces cannot be created, or without libxdp; usage errors need neither.
 */
@Timeout(180)
class CaptureBenchmarkTest
{
    private static final Path RESOURCES = Lab.findHome().resolve("feed-handler/src/test/resources/cme-mdp3");

    @Test
    void theV91CapturePlayedTenTimesFasterArrivesWholeWithTheReplaysBooksAndIsTimed()
    {
        assumeTrue(Lab.unavailableReason() == null, () -> "live test skipped: " + Lab.unavailableReason());
        assumeTrue(LibXdp.unavailableReason() == null, () -> "skipped: " + LibXdp.unavailableReason());
        final Path capture = RESOURCES.resolve("Cme.Mdp3.Sbe.v9.1.Example.pcap");
        final long sequenced = Replay.run(capture, CmeConfigParser.parse(RESOURCES.resolve(
            "Cme.Mdp3.Sbe.v9.1.Example.config.xml")), false, null, true).summary().acceptedPackets();
        final int instruments = CaptureBenchmark.booksByChannel(Replay.run(capture, CmeConfigParser.parse(
            RESOURCES.resolve("Cme.Mdp3.Sbe.v9.1.Example.config.xml")), false, null, true).engine().engine())
            .values().stream().mapToInt(java.util.Map::size).sum();

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = CaptureBenchmark.run(new String[]{ "--capture", capture.toString(), "--speed", "10",
            "--transport", "xdp", "--report", Path.of("target", "capture-bench-" + ProcessHandle.current().pid())
            .toAbsolutePath().toString() }, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        final String output = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        assertEquals(0, exit, output);
        final String result = output.lines().filter(line -> line.startsWith("RESULT ")).findFirst().orElse("");
        final List<String> fields = Arrays.asList(result.split(" "));
        assertEquals(List.of("transport=xdp", "subscriber=local", "sent=" + sequenced, "received=" + sequenced,
            "lost=0"), fields.stream().filter(field -> field.matches("(transport|subscriber|sent|received|lost)=.*"))
            .toList(), output);
        // the kernel dropped the other line's copies: rebased, the A and B copies still carry one SendingTime
        final String summary = output.lines().filter(line -> line.startsWith("xdp: ")).findFirst().orElse("");
        assertEquals(List.of("packets=" + sequenced, "duplicates=0"), Arrays.stream(summary.split(" "))
            .filter(field -> field.matches("(packets|duplicates)=.*")).toList(), output);
        assertTrue(sequenced > 40 && instruments > 0, output);
        assertTrue(output.contains("books equal to truth " + instruments + "/" + instruments + ";"), output);
        assertTrue(Long.parseLong(result.replaceAll(".* p50_ns=(\\d+).*", "$1")) > 0, output);
    }

    @Test
    void aCaptureThatIsNotThereIsAUsageErrorInOneLine()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, CaptureBenchmark.run(new String[]{ "--capture", "/nonexistent.pcap" }, System.out,
            new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("bench-e2e: --capture /nonexistent.pcap: not a readable file",
            err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse(""));
    }
}
