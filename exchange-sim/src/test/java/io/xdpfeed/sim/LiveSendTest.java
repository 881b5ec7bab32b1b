package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimulatorConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --send} through kernel UDP sockets, for real: two network namespaces of this test joined by a veth pair,
 * the simulator (a child JVM) in the one holding 10.77.0.1, and the peer's receive counter must see every datagram.
 * Needs root and iproute2; skipped otherwise. The namespaces are removed even when the test fails.
 */
@Timeout(120)
class LiveSendTest
{
    private static final long PID = ProcessHandle.current().pid();
    private static final String EXCHANGE_NS = "xdpsim-ex-" + PID;
    private static final String RECEIVER_NS = "xdpsim-rx-" + PID;
    private static final String EXCHANGE_IF = "xs" + PID + "a";
    private static final String RECEIVER_IF = "xs" + PID + "b";
    private static boolean created;

    @BeforeAll
    static void lab() throws Exception
    {
        Assumptions.assumeTrue("0".equals(output("id", "-u").trim()), "needs root to create network namespaces");
        Assumptions.assumeTrue(run("ip", "-V") == 0, "needs iproute2 (ip)");
        Assumptions.assumeTrue(run("ip", "netns", "add", EXCHANGE_NS) == 0,
            "cannot create network namespaces here (no CAP_SYS_ADMIN?)");
        created = true;
        exec("ip", "netns", "add", RECEIVER_NS);
        for (final String ns : new String[]{EXCHANGE_NS, RECEIVER_NS})
        {
            exec("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
            exec("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1");
            exec("ip", "-n", ns, "link", "set", "lo", "up");
        }
        exec("ip", "link", "add", EXCHANGE_IF, "type", "veth", "peer", "name", RECEIVER_IF);
        exec("ip", "link", "set", EXCHANGE_IF, "netns", EXCHANGE_NS);
        exec("ip", "link", "set", RECEIVER_IF, "netns", RECEIVER_NS);
        exec("ip", "-n", EXCHANGE_NS, "addr", "add", "10.77.0.1/24", "dev", EXCHANGE_IF);
        exec("ip", "-n", RECEIVER_NS, "addr", "add", "10.77.0.2/24", "dev", RECEIVER_IF);
        exec("ip", "-n", EXCHANGE_NS, "link", "set", EXCHANGE_IF, "up");
        exec("ip", "-n", RECEIVER_NS, "link", "set", RECEIVER_IF, "up");
        exec("ip", "-n", EXCHANGE_NS, "route", "add", "224.0.0.0/4", "dev", EXCHANGE_IF);
    }

    @AfterAll
    static void removeLab() throws Exception
    {
        if (created)
        {
            run("ip", "netns", "del", EXCHANGE_NS);
            run("ip", "netns", "del", RECEIVER_NS);
        }
    }

    @Test
    void pacedSendReachesThePeerWithEveryDatagram(@TempDir final Path dir) throws Exception
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(5).packets(5_000).seed(12)
            .lossA(0.01).duplicate(0.01).reorderWindow(2).ratePps(20_000).build();
        final SimulationResult[] expected = new SimulationResult[1];
        final List<Datagram> synthetic = RecordingSink.record(config, expected);

        final long before = receivedPackets();
        final Path pcap = dir.resolve("live.pcap");
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", EXCHANGE_NS, java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), ExchangeSimulatorMain.class.getName(),
            "--send", "--rate", "20k", "--instruments", "5", "--packets", "5000", "--seed", "12", "--loss-a", "0.01",
            "--dup", "0.01", "--reorder", "2", "--pcap", pcap.toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(100, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("send errors 0"), output);
        System.out.println(output);

        assertEquals(expected[0].totalDatagrams(), receivedPackets() - before, "the peer received every datagram");
        final List<Datagram> live = Capture.read(pcap, config.channel());
        assertEquals(synthetic.size(), live.size());
        for (int i = 0; i < live.size(); i++)
        {
            assertEquals(synthetic.get(i).line(), live.get(i).line(), "datagram " + i);
            assertEquals(synthetic.get(i).msgSeqNum(), live.get(i).msgSeqNum(), "datagram " + i);
            assertEquals(synthetic.get(i).payload().length, live.get(i).payload().length, "datagram " + i);
            assertTrue(live.get(i).timeNs() >= live.get(i).sendingTimeNs(),
                "capture time is the intended time of the tick that sent it, never before its SendingTime");
        }
    }

    private static long receivedPackets() throws Exception
    {
        return Long.parseLong(output("ip", "netns", "exec", RECEIVER_NS, "cat",
            "/sys/class/net/" + RECEIVER_IF + "/statistics/rx_packets").trim());
    }

    private static void exec(final String... command) throws Exception
    {
        final int code = run(command);
        if (code != 0)
        {
            throw new IllegalStateException(String.join(" ", command) + " failed with " + code);
        }
    }

    private static int run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return process.waitFor();
    }

    private static String output(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return text;
    }
}
