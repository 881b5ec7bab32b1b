package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replay tool as a user runs it: arguments, summary JSON, events file, damaged and foreign files.
 */
@Timeout(60)
class ReplayMainTest
{
    @TempDir
    Path dir;

    private record Result(int status, String out, String err)
    {
        String lastLine()
        {
            final String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private static Result run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReplayMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String capture(final String name)
    {
        return TestCaptures.capture(name).toString();
    }

    private static String config(final String name)
    {
        return TestCaptures.resource("cme-mdp3/" + name + ".config.xml").toString();
    }

    @Test
    void anItchCaptureWithoutProtocolOrConfigIsReplayedAsItch()
    {
        final String sample = Path.of("..", "codecs", "src", "test", "resources", "itch", "v5.0.20230822",
            "AddOrderNoMPID.pcap").toString();

        final Result detected = run(sample, "--summary-json");
        final Result given = run("--protocol", "itch", sample, "--summary-json");

        assertEquals(0, detected.status, detected.err);
        assertTrue(detected.err.startsWith("note: no --protocol given: 5 of the first 5 datagrams are itch packets: " +
            "replayed as --protocol itch\n"), detected.err);
        assertEquals(withoutElapsed(given.lastLine()), withoutElapsed(detected.lastLine()));
        assertTrue(detected.lastLine().contains("\"malformed\":0,"), detected.lastLine());
    }

    @Test
    void aCaptureOfAnotherProtocolIsReplayedWithAWarning()
    {
        final Result result = run("--protocol", "itch", capture(TestCaptures.V9), "--summary-json");

        assertEquals(0, result.status, result.err);
        assertTrue(result.err.contains("warning: none of the 99 datagrams is a valid itch packet (99 malformed): is " +
            "the capture of another protocol? (--protocol mdp3, itch)\n"), result.err);
        assertTrue(result.lastLine().contains("\"acceptedPackets\":0,"), result.lastLine());
    }

    private static String withoutElapsed(final String json)
    {
        return json.replaceAll("\"elapsedMs\":[0-9]+", "");
    }

    @Test
    void summaryJsonWithoutConfig()
    {
        final Result result = run(capture(TestCaptures.V9), "--summary-json");
        assertEquals(0, result.status);
        assertTrue(result.err.contains("no --config given"), result.err);
        final String json = result.lastLine();
        // gaps: without a config each (group, port) is sequenced on its own; the sample's B lines miss 4 MsgSeqNums
        // their A lines carry (GoldenCaptureTest reads them from the bytes)
        for (final String field : List.of("\"frames\":100,", "\"skippedFrames\":1,", "\"packets\":99,",
            "\"duplicates\":0,", "\"gaps\":4,", "\"missingPackets\":4,", "\"malformed\":0,", "\"messages\":194,",
            "\"templates\":{\"37\":8,\"46\":170,\"47\":8,\"48\":8}", "\"unknownTemplates\":0,", "\"trades\":8,",
            "\"tradeQty\":30,", "\"damage\":null"))
        {
            assertTrue(json.contains(field), field + " in " + json);
        }
        assertTrue(json.startsWith("{") && json.endsWith("}"));
    }

    @Test
    void summaryJsonWithConfigOnAbCapture()
    {
        final Result result = run("--config", config(TestCaptures.V8), capture(TestCaptures.V8), "--summary-json");
        assertEquals(0, result.status);
        assertFalse(result.err.contains("no --config"));
        final String json = result.lastLine();
        for (final String field : List.of("\"frames\":10000,", "\"packets\":10000,", "\"acceptedPackets\":5000,",
            "\"duplicates\":5000,", "\"gaps\":0,", "\"malformed\":0,", "\"messages\":5299,",
            "\"templates\":{\"12\":6,\"30\":99,\"32\":4898,\"35\":179,\"37\":57,\"42\":60}",
            "\"unknownTemplates\":179,", "\"trades\":63,", "\"tradeQty\":218,"))
        {
            assertTrue(json.contains(field), field + " in " + json);
        }
    }

    @Test
    void readableSummaryByDefault()
    {
        final Result result = run("--config", config(TestCaptures.V9), capture(TestCaptures.V9));
        assertEquals(0, result.status);
        assertTrue(result.out.contains("52 accepted, 47 duplicates, 0 malformed"), result.out);
        assertTrue(result.out.contains("18 lines from config"), result.out);
    }

    @Test
    void eventsFileHasOneJsonLinePerRecord() throws Exception
    {
        final Path events = dir.resolve("events.jsonl");
        final Result result = run(capture(TestCaptures.V9), "--events", events.toString(), "--summary-json");
        assertEquals(0, result.status, result.err);
        final List<String> lines = Files.readAllLines(events);
        assertTrue(lines.size() > 99, "records of 99 datagrams: " + lines.size());
        assertTrue(lines.stream().allMatch((l) -> l.startsWith("{\"msgSeqNum\":") && l.endsWith("}")));
        assertEquals(8, lines.stream().filter((l) -> l.contains("\"record\":\"Trade\"")).count(), "8 trades");
        assertTrue(lines.contains("{\"msgSeqNum\":884140,\"record\":\"Volume\",\"channelId\":-1," +
            "\"securityId\":170506,\"rptSeq\":20186,\"totalVolume\":3765,\"endOfEvent\":false}"), lines.get(0));
    }

    @Test
    void damagedCaptureGivesCountsAndAWarning() throws Exception
    {
        final byte[] whole = Files.readAllBytes(TestCaptures.capture(TestCaptures.V8));
        final Path cut = Files.write(dir.resolve("cut.pcapng"), Arrays.copyOf(whole, whole.length / 2 + 3));
        final Result result = run(cut.toString(), "--summary-json");
        assertEquals(0, result.status);
        assertTrue(result.err.contains("warning: capture cut short"), result.err);
        assertTrue(result.err.contains("byte offset"), result.err);
        assertFalse(result.err.contains("\tat "), "no stack trace");
        assertTrue(result.lastLine().contains("\"damage\":\"capture cut short"), result.lastLine());
    }

    @Test
    void captureWhoseEveryUdpChecksumFailsSaysSoUnlessTheCheckIsOff() throws Exception
    {
        // as captured on the sending host with checksum offload: every checksum field wrong
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(TestCaptures.capture(TestCaptures.V9)))
            .order(ByteOrder.LITTLE_ENDIAN);
        int damaged = 0;
        for (int record = 24; record < bytes.capacity(); record += 16 + bytes.getInt(record + 8))
        {
            final int frame = record + 16;
            if (bytes.get(frame + 23) == 17)
            {
                assertEquals(0x45, bytes.get(frame + 14), "no IPv4 options in the v9 capture");
                bytes.put(frame + 40, (byte)(bytes.get(frame + 40) ^ 0x01));
                damaged++;
            }
        }
        final Path offloaded = Files.write(dir.resolve("offloaded.pcap"), bytes.array());

        final Result refused = run("--config", config(TestCaptures.V9), offloaded.toString(), "--summary-json");
        assertEquals(1, refused.status);
        assertEquals("error: all " + damaged + " UDP checksums failed: captured on the sending host with checksum " +
            "offload? use --no-udp-checksum\n", refused.err);
        assertEquals("", refused.out);

        final Result unchecked = run("--config", config(TestCaptures.V9), offloaded.toString(), "--summary-json",
            "--no-udp-checksum");
        final Result clean = run("--config", config(TestCaptures.V9), capture(TestCaptures.V9), "--summary-json");
        assertEquals(0, unchecked.status, unchecked.err);
        assertTrue(clean.lastLine().contains("\"badChecksums\":0,"), clean.lastLine());
        assertEquals(clean.lastLine().replaceAll("\"(capture|elapsedMs)\":[^,]*,?", ""),
            unchecked.lastLine().replaceAll("\"(capture|elapsedMs)\":[^,]*,?", ""));
    }

    @Test
    void pcapngOfAnotherLinkTypeIsAOneLineErrorNotAnEmptyReplay() throws Exception
    {
        final ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(TestCaptures.capture(TestCaptures.V8)))
            .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x0A0D0D0A, bytes.getInt(0), "the v8 capture is pcapng");
        final int interfaceBlock = bytes.getInt(4);
        assertEquals(1, bytes.getInt(interfaceBlock), "an interface description block follows the section header");
        bytes.putShort(interfaceBlock + 8, (short)147);
        final Path user = Files.write(dir.resolve("user0.pcapng"), bytes.array());

        final Result result = run("--config", config(TestCaptures.V8), user.toString(), "--summary-json");
        assertEquals(1, result.status);
        assertTrue(result.err.startsWith("error: ") && result.err.contains("pcapng interface 0 link type 147 is not " +
            "supported") && result.err.contains("byte offset " + (interfaceBlock + 8)), result.err);
        assertEquals(1, result.err.strip().lines().count(), result.err);
        assertEquals("", result.out);
    }

    @Test
    void notACaptureIsAOneLineError()
    {
        final Result result = run(config(TestCaptures.V9));
        assertEquals(1, result.status);
        assertTrue(result.err.contains("error: ") && result.err.contains("is not a pcap or pcapng file"), result.err);
        assertTrue(result.err.contains("byte offset 0"), result.err);
        assertFalse(result.err.contains("\tat "));
    }

    @Test
    void badConfigIsAOneLineError()
    {
        final Result result = run("--config", capture(TestCaptures.V9), capture(TestCaptures.V9));
        assertEquals(1, result.status);
        assertTrue(result.err.startsWith("error: ") && result.err.contains("not well-formed XML"), result.err);
    }

    @Test
    void badUsageExitsWithTwo()
    {
        assertEquals(2, run("--frobnicate", capture(TestCaptures.V9)).status);
        assertEquals(2, run().status);
        assertEquals(2, run(capture(TestCaptures.V9), capture(TestCaptures.V9)).status);
        assertEquals(2, run(capture(TestCaptures.V9), "--config").status);
        final Result unknown = run("--frobnicate");
        assertTrue(unknown.err.contains("unknown option --frobnicate") && unknown.err.contains("usage: replay"));
        assertEquals(0, run("--help").status);
    }

    @Test
    void demoRunsTheBundledCaptureAndEnds()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = DemoMain.run(new String[]{ "--seconds", "0.2", "--capture", capture(TestCaptures.V9),
            "--config", config(TestCaptures.V9) }, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        final String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("52 accepted, 47 duplicates"), text);
        assertTrue(text.contains("per datagram"), text);
        assertEquals(2, DemoMain.run(new String[]{ "--seconds", "x" }, new PrintStream(out), new PrintStream(err)));
        assertEquals(2, DemoMain.run(new String[]{ "--bogus" }, new PrintStream(out), new PrintStream(err)));
    }
}
