package io.xdpfeed.sim;

import io.xdpfeed.sim.itch.GlimpseSnapshotBuilder;
import io.xdpfeed.sim.itch.ItchMessageLog;
import io.xdpfeed.sim.itch.ItchSession;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code exchange-sim --protocol itch --send} for real, with its recovery servers: the simulator (a child JVM) in
 * the exchange namespace of a lab of this test sends lines A and B over the veth, and every datagram reaches the
 * peer (bursts lost on both lines are not sent); from the receiving namespace, a probe (another child JVM) gets one
 * re-request answered with the session's logged bytes and a GLIMPSE snapshot of the whole session ending with 'G' at
 * the next sequence number. Needs root and iproute2; skipped otherwise; the lab is removed even on failure.
 */
@Timeout(120)
class ItchLiveSendTest
{
    private static TestLab lab;

    @BeforeAll
    static void createLab()
    {
        final String reason = TestLab.unavailableReason();
        Assumptions.assumeTrue(reason == null, reason);
        lab = TestLab.create("il");
    }

    @AfterAll
    static void removeLab()
    {
        if (lab != null)
        {
            lab.close();
        }
    }

    @Test
    void sendsEveryDatagramAndServesRecoveryFromTheExchangeSide() throws Exception
    {
        final ItchMessageLog log = new ItchMessageLog();
        final ItchSession session = new ItchSession(new ItchSession.Settings(4, 2_000, 4, 0.01, 0.01,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel(), 3, 5), log);
        final long[] datagrams = new long[1];
        session.run((line, buffer, offset, length, timeNs) -> datagrams[0]++);

        final long before = receivedPackets();
        long multicast = -1;
        final Process simulator = new ProcessBuilder(TestLab.javaIn(lab.exchange, ExchangeSimulatorMain.class,
            "--protocol", "itch", "--send", "--rate", "10k", "--instruments", "4", "--packets", "2000", "--seed", "4",
            "--loss-a", "0.01", "--loss-b", "0.01", "--loss-both-bursts", "3", "--retransmit-server", "10.77.0.1:26410",
            "--snapshot-server", "10.77.0.1:26411", "--serve-seconds", "5")).redirectErrorStream(true).start();
        final List<String> output = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                output.add(line);
                if (line.startsWith("serving recovery"))
                {
                    // every line datagram is out before the servers' line; the probe's traffic comes after
                    multicast = receivedPackets() - before;
                    final long first = log.messageCount() - 20;
                    final Process probe = new ProcessBuilder(TestLab.javaIn(lab.receiver, ItchRecoveryProbe.class,
                        "10.77.0.1", "26410", "26411", Long.toString(first), "5")).redirectErrorStream(true).start();
                    final String probed = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(probe.waitFor(60, TimeUnit.SECONDS));
                    assertEquals(0, probe.exitValue(), probed);
                    final UnsafeBuffer expected = new UnsafeBuffer(new byte[1400]);
                    log.copyBlocks(first, 5, 1400, expected, 0);
                    final int messages = GlimpseSnapshotBuilder.at(log, session.nextSequence()).write(
                        ItchSession.SESSION, (buffer, offset, length, index) -> { });
                    final List<String> lines = probed.lines().toList();
                    assertEquals(2, lines.size(), probed);
                    // the sender stamps what it sends with the time it sends it, and answers re-requests with that
                    assertEquals("resend " + first + " 5 " + withoutTimestamps(HexFormat.of().formatHex(
                        expected.byteArray(), 0, log.blocksLength(first, 5))), withoutTimestamps(lines.get(0)));
                    assertNotEquals("resend " + first + " 5 " + HexFormat.of().formatHex(expected.byteArray(), 0,
                        log.blocksLength(first, 5)), lines.get(0), "stamped with the send time");
                    assertEquals("snapshot " + messages + " " + session.nextSequence(), lines.get(1));
                }
            }
        }
        assertTrue(simulator.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, simulator.exitValue(), String.join("\n", output));
        assertEquals(datagrams[0], multicast, "the peer received every datagram sent");
        assertTrue(output.contains("re-requests: 1 served (5 messages), 0 refused"), String.join("\n", output));
        assertTrue(output.contains("snapshots: 1 served, 0 logins rejected"), String.join("\n", output));
    }

    /**
     * @param line "resend FIRST COUNT HEX" or the hex of message blocks alone.
     * @return the same with every message's 6-byte timestamp (bytes 5-10 of each message) as zeros.
     */
    private static String withoutTimestamps(final String line)
    {
        final int space = line.lastIndexOf(' ');
        final byte[] blocks = HexFormat.of().parseHex(line.substring(space + 1));
        for (int position = 0; position + 2 <= blocks.length; )
        {
            final int length = (blocks[position] & 0xFF) << 8 | (blocks[position + 1] & 0xFF);
            Arrays.fill(blocks, position + 2 + 5, Math.min(blocks.length, position + 2 + 11), (byte)0);
            position += 2 + length;
        }
        return line.substring(0, space + 1) + HexFormat.of().formatHex(blocks);
    }

    private static long receivedPackets() throws Exception
    {
        return Long.parseLong(TestLab.output("ip", "netns", "exec", lab.receiver, "cat",
            "/sys/class/net/" + lab.receiverInterface + "/statistics/rx_packets").trim());
    }
}
