package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.replay.ReplayMain;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.itch.ItchSimulatorMain;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A simulated ITCH session through the ONE engine: {@code exchange-sim --protocol itch} with 3% loss on line A and
 * 3% on line B (never both) writes a capture, its truth and its line map ({@code --config-out}); {@code scripts/replay
 * --protocol itch --config FILE} replays it through {@code FeedEngine} (the engine's {@code PacketSequencer} stepping
 * by MoldUDP64 message counts, {@link ItchProtocol} into the channel's sinks, the engine's MBP and MBO books): the
 * books and order books written end equal to the truth, and the summary's counts are the simulator's.
 */
@Timeout(120)
class ItchEngineReplayTest
{
    private static final int INSTRUMENTS = 8;
    private static final int PACKETS = 20_000;
    private static final long SEED = 42;
    private static final Pattern GROUP_STATUS =
        Pattern.compile("\"record\":\"GroupStatus\".*\"tradingEvent\":(\\d+)");

    @Test
    void replayThroughTheEngineEndsEqualToTheTruthUnderLossOnEitherLine(@TempDir final Path dir) throws Exception
    {
        final Path pcap = dir.resolve("itch.pcap");
        final Path truth = dir.resolve("truth.json");
        final Path truthOrders = dir.resolve("truth-orders.json");
        final Path config = dir.resolve("itch.properties");
        final ByteArrayOutputStream simOut = new ByteArrayOutputStream();
        assertEquals(0, ItchSimulatorMain.run(new String[]{"--instruments", "" + INSTRUMENTS, "--packets", "" + PACKETS,
            "--seed", "" + SEED, "--loss-a", "0.03", "--loss-b", "0.03", "--pcap", pcap.toString(), "--truth",
            truth.toString(), "--truth-orders", truthOrders.toString(), "--config-out", config.toString(), "--quiet"},
            new PrintStream(simOut), new PrintStream(simOut)), simOut.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("# exchange-sim --protocol itch: the simulated channel's lines (docs/itch.md)",
            "xdpfeed.protocol=itch", "xdpfeed.itch.lines.a=1@239.77.18.1:26400",
            "xdpfeed.itch.lines.b=1@239.77.18.2:26401"), Files.readAllLines(config));

        // the same session again through the API, for the simulator's counts
        final ItchSession session = new ItchSession(new ItchSession.Settings(INSTRUMENTS, PACKETS, SEED, 0.03, 0.03,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel()));
        final int[] endOfSessionCopies = new int[1];
        session.run((line, buffer, offset, length, timeNs) ->
        {
            if (length == 20 && (buffer.getShort(offset + 18) & 0xFFFF) == 0xFFFF)
            {
                endOfSessionCopies[0]++;
            }
        });

        final Path books = dir.resolve("books.json");
        final Path orders = dir.resolve("orders.json");
        final Path events = dir.resolve("events.jsonl");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReplayMain.run(new String[]{"--protocol", "itch", "--config", config.toString(),
            pcap.toString(), "--books", books.toString(), "--orders", orders.toString(), "--events",
            events.toString(), "--summary-json"},
            new PrintStream(out), new PrintStream(err));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));

        assertEquals(TruthJson.read(truth), TruthJson.read(books), "MBP books");
        assertEquals(OrderTruthJson.read(truthOrders), OrderTruthJson.read(orders), "order books");
        assertEquals(INSTRUMENTS, TruthJson.read(books).size());

        final String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
        final String json = lines[lines.length - 1];
        final long datagrams = 2 * session.packets() - session.lostOnA() - session.lostOnB();
        final long dataPackets = session.packets() - 1;
        assertEquals(List.of(true, datagrams, datagrams, dataPackets, datagrams - dataPackets - endOfSessionCopies[0],
            0L, 0L, 0L, session.messages(), 0L, 0L),
            List.of(field(json, "configured").equals("true"), number(json, "datagrams"), number(json, "packets"),
                number(json, "acceptedPackets"), number(json, "duplicates"), number(json, "gaps"),
                number(json, "missingPackets"), number(json, "malformed"), number(json, "messages"),
                number(json, "recoveries"), number(json, "staleInstruments")), json);
        assertTrue(session.lostOnA() > 100 && session.lostOnB() > 100, "loss on both lines, one at a time");
        assertTrue(number(json, "trades") > 1000, json);
        assertTrue(json.contains("\"65\":"), "messages by ITCH type byte ('A' = 65): " + json);

        // the system events as the channel's statuses (start of messages, of system hours, of market hours, end of
        // market hours, of system hours, of messages), then the MoldUDP64 end of session ('Z') once for both lines
        final List<Integer> groupEvents = new ArrayList<>();
        for (final String line : Files.readAllLines(events))
        {
            final Matcher matcher = GROUP_STATUS.matcher(line);
            if (matcher.find())
            {
                groupEvents.add(Integer.parseInt(matcher.group(1)));
            }
        }
        assertEquals(List.of((int)'O', (int)'S', (int)'Q', (int)'M', (int)'E', (int)'C', (int)'Z'), groupEvents);
    }

    @Test
    void aPropertiesConfigIsRecognizedAsItchWithoutTheProtocolOption(@TempDir final Path dir) throws Exception
    {
        final Path pcap = dir.resolve("itch.pcap");
        final Path truth = dir.resolve("truth.json");
        final Path config = dir.resolve("itch.properties");
        assertEquals(0, ItchSimulatorMain.run(new String[]{"--instruments", "3", "--packets", "2k", "--seed", "7",
            "--loss-b", "0.05", "--pcap", pcap.toString(), "--truth", truth.toString(), "--config-out",
            config.toString(), "--quiet"}, System.out, System.err));
        final Path books = dir.resolve("books.json");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, ReplayMain.run(new String[]{"--config", config.toString(), pcap.toString(), "--books",
            books.toString(), "--summary-json"}, new PrintStream(out), new PrintStream(err)),
            err.toString(StandardCharsets.UTF_8));
        assertEquals(TruthJson.read(truth), TruthJson.read(books));
    }

    private static long number(final String json, final String name)
    {
        return Long.parseLong(field(json, name));
    }

    private static String field(final String json, final String name)
    {
        final Matcher matcher = Pattern.compile("\"" + name + "\":([^,}]+)").matcher(json);
        assertTrue(matcher.find(), name + " in " + json);
        return matcher.group(1);
    }
}
