package io.xdpfeed.sim;

import io.xdpfeed.sim.send.MulticastReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --send --tx xdp} and {@code --tx mmsg} for real: the simulator (a child JVM) in the exchange namespace of a
 * {@link TestLab}, a {@link MulticastReceiver} (kernel UDP sockets) in the other, which must get every incremental
 * packet of lines A and B, in MsgSeqNum order. Needs root (skipped otherwise, saying why); the namespaces are removed
 * even when a test fails.
 */
@Timeout(180)
class TxSendTest
{
    private static final int PACKETS = 5_000;
    private static TestLab lab;

    @BeforeAll
    static void createLab()
    {
        final String unavailable = TestLab.unavailableReason();
        Assumptions.assumeTrue(null == unavailable, unavailable);
        lab = TestLab.create("xt");
    }

    @AfterAll
    static void removeLab()
    {
        if (null != lab)
        {
            lab.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xdp", "mmsg"})
    void everyPacketArrivesInOrderOnBothLines(final String tx) throws Exception
    {
        final Path receiverLog = Files.createTempFile("txsend-receiver", ".log");
        final Process receiver = new ProcessBuilder(TestLab.javaIn(lab.receiver, MulticastReceiver.class,
            "--interface-address", "10.77.0.2", "--group", "224.0.31.1:14310", "--group", "224.0.32.1:15310",
            "--count", Integer.toString(PACKETS), "--idle-ms", "5000", "--seconds", "120"))
            .redirectErrorStream(true).redirectOutput(receiverLog.toFile()).start();
        try
        {
            awaitReady(receiver, receiverLog);
            final Process simulator = new ProcessBuilder(TestLab.javaIn(lab.exchange, ExchangeSimulatorMain.class,
                "--send", "--tx", tx, "--rate", "10k", "--instruments", "5", "--packets", Integer.toString(PACKETS),
                "--seed", "3")).redirectErrorStream(true).start();
            final String output = new String(simulator.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(simulator.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, simulator.exitValue(), output);
            assertTrue(output.contains("via " + tx + " ("), "sent with the asked sender: " + output);
            assertTrue(output.contains("send errors 0"), output);

            assertTrue(receiver.waitFor(120, TimeUnit.SECONDS), "receiver ends");
            final List<String> lines = Files.readAllLines(receiverLog);
            for (final String group : new String[]{"224.0.31.1:14310", "224.0.32.1:15310"})
            {
                final Map<String, String> result = result(lines, group);
                assertEquals(Integer.toString(PACKETS), result.get("received"), group + " " + lines);
                assertEquals(Integer.toString(PACKETS), result.get("in_order"), group + " " + lines);
                assertEquals("1", result.get("first"), group);
                assertEquals(Integer.toString(PACKETS), result.get("last"), group);
                assertEquals("0", result.get("missing"), group);
                assertEquals("0", result.get("duplicates_or_late"), group);
                assertTrue(Long.parseLong(result.get("delay_max_us")) >= 0,
                    "no packet arrives before its SendingTime: " + lines);
            }
        }
        finally
        {
            receiver.destroyForcibly();
            Files.deleteIfExists(receiverLog);
        }
    }

    private static void awaitReady(final Process receiver, final Path log) throws IOException, InterruptedException
    {
        for (int i = 0; i < 600; i++)
        {
            final String text = Files.readString(log);
            if (text.contains("READY"))
            {
                return;
            }
            if (!receiver.isAlive())
            {
                throw new IllegalStateException("the receiver ended before READY: " + text);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the receiver did not get ready: " + Files.readString(log));
    }

    private static Map<String, String> result(final List<String> lines, final String group)
    {
        for (final String line : lines)
        {
            if (line.startsWith("RECEIVED group=" + group + " "))
            {
                final Map<String, String> fields = new HashMap<>();
                for (final String token : line.split("\\s+"))
                {
                    final int equals = token.indexOf('=');
                    if (equals > 0)
                    {
                        fields.put(token.substring(0, equals), token.substring(equals + 1));
                    }
                }
                return fields;
            }
        }
        throw new AssertionError("no RECEIVED line for " + group + ": " + lines);
    }
}
