package io.xdpfeed.xdp;

import io.xdpfeed.transport.SequenceReceiver;
import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibXdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * AF_XDP end to end in real network namespaces: the C sender in the exchange namespace, {@link SequenceReceiver} as
 * a child JVM in the handler namespace (a JVM cannot move its own threads into a namespace), the kernel in between.
 * Needs root, libxdp and the C tools built by the module; skipped with the reason otherwise.
 */
@Timeout(120)
class XdpIngressIntegrationTest
{
    private static final String FEED = "224.0.31.1:14310";
    private static final String OTHER_FEED = "224.0.32.1:15310";
    private static final int MILLION = 1_000_000;
    private static final int RATE = 200_000;
    private static final Path BUILD =
        Path.of(System.getProperty("xdpfeed.native.build.dir", "target")).toAbsolutePath();
    private static final Path SENDER = BUILD.resolve("bin/xdpfeed-sender");

    private static NamespacePair lab;
    private final List<ChildProcess> children = new ArrayList<>();

    @BeforeAll
    static void createNamespaces()
    {
        lab = NamespacePair.createForReceivers("AF_XDP integration tests", BUILD);
    }

    @AfterAll
    static void removeNamespaces()
    {
        if (null != lab)
        {
            lab.close();
        }
    }

    @AfterEach
    void stopChildren()
    {
        children.forEach(ChildProcess::close);
    }

    @Test
    void millionDatagramsInOrderWithoutLossInNativeMode()
    {
        millionDatagramsInOrderWithoutLoss("native");
    }

    @Test
    void millionDatagramsInOrderWithoutLossInSkbMode()
    {
        millionDatagramsInOrderWithoutLoss("skb");
    }

    private void millionDatagramsInOrderWithoutLoss(final String mode)
    {
        final ChildProcess receiver = startReceiver(
            "--transport", "xdp", "--xdp-attach", mode, "--subscribe", FEED, "--count", String.valueOf(MILLION),
            "--realtime", "10");
        final Map<String, String> ready = awaitReady(receiver);
        assertEquals("xdp", ready.get("transport"));
        assertEquals(mode, ready.get("attach"));
        assertTrue(lab.handlerHasXdpProgram());

        final Map<String, String> sent = send(FEED, RATE, MILLION, 0);
        assertEquals(String.valueOf(MILLION), sent.get("sent"));

        final Map<String, String> result = awaitResult(receiver);
        assertEquals(String.valueOf(MILLION), result.get("received"), receiver.lines().toString());
        assertEquals("0", result.get("first"));
        assertEquals(String.valueOf(MILLION - 1), result.get("last"));
        assertEquals("0", result.get("missing"));
        assertEquals("0", result.get("out_of_order"));
        assertEquals("0", result.get("dropped"));
        assertEquals("0", result.get("invalid_descs"));
        assertNoAllocationPerDatagram(result);
        assertFalse(lab.handlerHasXdpProgram(), "the program is detached at close");
    }

    @Test
    void datagramsNotSubscribedStillReachTheKernel()
    {
        final ChildProcess xdp = startReceiver("--transport", "xdp", "--subscribe", FEED, "--count", "10000");
        awaitReady(xdp);
        final ChildProcess kernel = startReceiver("--transport", "udp", "--subscribe", OTHER_FEED, "--count", "10000");
        assertEquals("udp", awaitReady(kernel).get("transport"));

        send(OTHER_FEED, 20_000, 10_000, 0);
        send(FEED, 20_000, 10_000, 0);

        final Map<String, String> kernelResult = awaitResult(kernel);
        assertEquals("10000", kernelResult.get("received"), kernel.lines().toString());
        assertEquals("0", kernelResult.get("out_of_order"));
        final Map<String, String> xdpResult = awaitResult(xdp);
        assertEquals("10000", xdpResult.get("received"), xdp.lines().toString());
        assertEquals("0", xdpResult.get("skipped"), "only the subscribed feed was redirected");
        assertFalse(lab.handlerHasXdpProgram());
    }

    @Test
    void receiverKilledWithSigkillIsReplacedOnRestart()
    {
        final ChildProcess first = startReceiver("--transport", "xdp", "--subscribe", FEED);
        final Map<String, String> firstReady = awaitReady(first);
        first.kill();
        assertTrue(lab.handlerHasXdpProgram(), "SIGKILL leaves the program attached");

        final ChildProcess second = startReceiver(
            "--transport", "xdp", "--subscribe", FEED, "--count", "50000", "--realtime", "10");
        final Map<String, String> secondReady = awaitReady(second);
        assertTrue(second.lines().stream().anyMatch(line -> line.contains("replacing a stale xdpfeed_mcast (id " +
            firstReady.get("prog_id") + ")")), second.lines().toString());
        assertTrue(!firstReady.get("prog_id").equals(secondReady.get("prog_id")));

        send(FEED, 25_000, 50_000, 0);
        final Map<String, String> result = awaitResult(second);
        assertEquals("50000", result.get("received"), second.lines().toString());
        assertEquals("0", result.get("missing"));
        assertFalse(lab.handlerHasXdpProgram(), "nothing left after a clean stop");
    }

    @Test
    void kernelUdpTransportReceivesInOrder()
    {
        final ChildProcess receiver = startReceiver(
            "--transport", "udp", "--subscribe", FEED, "--count", "100000", "--realtime", "10");
        assertEquals("udp", awaitReady(receiver).get("transport"));

        send(FEED, 25_000, 100_000, 0);
        final Map<String, String> result = awaitResult(receiver);
        assertEquals("0", result.get("out_of_order"), receiver.lines().toString());
        assertEquals("0", result.get("first"));
        assertTrue(Long.parseLong(result.get("received")) > 0, receiver.lines().toString());
        assertNoAllocationPerDatagram(result);
    }

    @Test
    void kernelUdpDatagramsCarryAKernelStampNoLaterThanTheirFirstTouch()
    {
        final ChildProcess receiver = startReceiver(
            "--transport", "udp", "--subscribe", FEED, "--count", "20000", "--check-stamps", "true");
        assertEquals("udp", awaitReady(receiver).get("transport"));

        send(FEED, 20_000, 20_000, 0);
        final Map<String, String> result = awaitResult(receiver);
        assertTrue(Long.parseLong(result.get("received")) > 0, receiver.lines().toString());
        assertEquals(List.of("0", "0"), List.of(result.get("unstamped"), result.get("stamp_after_touch")),
            receiver.lines().toString());
    }

    @Test
    void autoUsesXdpAsRootAndKernelUdpWithoutCapabilitiesSayingWhy()
    {
        final ChildProcess root = startReceiver("--transport", "auto", "--subscribe", FEED, "--count", "1000");
        assertEquals("xdp", awaitReady(root).get("transport"));
        send(FEED, 10_000, 1000, 0);
        assertEquals("1000", awaitResult(root).get("received"));

        final List<String> dropCapabilities = List.of("setpriv", "--bounding-set=-net_admin,-net_raw,-bpf,-sys_admin");
        final ChildProcess unprivileged = start(dropCapabilities, "--transport", "auto", "--subscribe", FEED,
            "--count", "1000");
        assertEquals("udp", awaitReady(unprivileged).get("transport"));
        final String missing = XdpPrivileges.missingCapabilities(0);
        assertTrue(missing.startsWith("AF_XDP needs CAP_NET_ADMIN (attach and detach the XDP program), CAP_NET_RAW " +
            "(open the AF_XDP socket), CAP_BPF (load the XDP program and its maps), not granted"), missing);
        assertTrue(unprivileged.lines().stream().anyMatch(line -> line.contains(
            "AF_XDP not used (" + missing + "); using kernel UDP")), unprivileged.lines().toString());
        send(FEED, 10_000, 1000, 0);
        assertEquals("1000", awaitResult(unprivileged).get("received"));

        final ChildProcess refused = start(dropCapabilities, "--transport", "xdp", "--subscribe", FEED);
        assertEquals("ERROR " + missing, refused.awaitLine("READY", "ERROR"));
        assertEquals(2, refused.waitFor());
        assertFalse(lab.handlerHasXdpProgram());
    }

    /**
     * The receive thread's allocation after warm-up: one allocation per datagram would be 16 bytes or more each;
     * what is tolerated (a few bytes in all) comes from the JIT's transitions, not from the receive path.
     */
    private static void assertNoAllocationPerDatagram(final Map<String, String> result)
    {
        final long allocated = Long.parseLong(result.get("steady_alloc_bytes"));
        final long received = Long.parseLong(result.get("received"));
        // An allocation per datagram would be at least 16 bytes each (16 MB here); what a loaded machine adds once
        // (a deoptimisation, a late class load) stays in the tens of KB, so the bound is 0.1 byte per datagram.
        assertTrue(allocated >= 0 && allocated < received / 10,
            "receive path allocated " + allocated + " bytes for " + received + " datagrams");
    }

    @Test
    void framesWrittenToTheTxRingReachAKernelSocket()
    {
        final ChildProcess receiver = startReceiver("--transport", "udp", "--subscribe", FEED, "--count", "20000");
        awaitReady(receiver);

        final List<String> command = NamespacePair.inNamespace(lab.exchange, javaCommand(TxProbe.class.getName(),
            lab.exchangeInterface, NamespacePair.EXCHANGE_ADDRESS, FEED, "20000"));
        final String line = ChildProcess.run(command).stream()
            .filter(l -> l.startsWith("TX")).findFirst().orElseThrow();
        assertEquals("20000", NamespacePair.fields(line).get("completed"), line);

        final Map<String, String> result = awaitResult(receiver);
        assertEquals("0", result.get("first"), receiver.lines().toString());
        assertEquals("0", result.get("out_of_order"));
        assertTrue(Long.parseLong(result.get("received")) > 0, receiver.lines().toString());
    }

    @Test
    void datagramsWhoseUdpChecksumFailsAreCountedAndNotDelivered()
    {
        // 20,000 frames from the TX ring, every 10th with a payload bit flipped after its checksum was computed
        final ChildProcess receiver = startReceiver("--transport", "xdp", "--subscribe", FEED, "--count", "18000");
        awaitReady(receiver);

        final List<String> command = NamespacePair.inNamespace(lab.exchange, javaCommand(TxProbe.class.getName(),
            lab.exchangeInterface, NamespacePair.EXCHANGE_ADDRESS, FEED, "20000", "10"));
        final String line = ChildProcess.run(command).stream()
            .filter(l -> l.startsWith("TX")).findFirst().orElseThrow();
        assertEquals("20000", NamespacePair.fields(line).get("completed"), line);

        final Map<String, String> result = awaitResult(receiver);
        // sequences 0, 10, ..., 19990 damaged: the first delivered is 1, the last 19999, 2,000 missing (from 0)
        final List<String> expected = List.of("18000", "1", "19999", "2000", "0", "0", "2000");
        assertEquals(expected, List.of(result.get("received"), result.get("first"), result.get("last"),
            result.get("missing"), result.get("out_of_order"), result.get("dropped"), result.get("bad_checksums")),
            receiver.lines().toString());
    }

    private ChildProcess startReceiver(final String... args)
    {
        return start(List.of(), args);
    }

    private ChildProcess start(final List<String> prefix, final String... args)
    {
        final List<String> command = new ArrayList<>(prefix);
        command.addAll(javaCommand(SequenceReceiver.class.getName(), "--interface", lab.handlerInterface,
            "--seconds", "60", "--idle-ms", "10000"));
        if (Runtime.getRuntime().availableProcessors() > 1)
        {
            command.addAll(List.of("--cpu", "1"));
        }
        // 160 ms of frames at 200k/s: the test machine may be shared, the receiver descheduled
        command.addAll(List.of("--ring-size", "32768", "--frame-size", "2048"));
        command.addAll(List.of(args));
        final ChildProcess child = ChildProcess.start(NamespacePair.inNamespace(lab.handler, command));
        children.add(child);
        return child;
    }

    private static List<String> javaCommand(final String mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx256m", "-XX:+UseSerialGC", "-Djava.util.logging.SimpleFormatter.format=%4$s %3$s: %5$s%6$s%n",
            "-cp", classPath(), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    private static String classPath()
    {
        try
        {
            return BUILD.resolve("classes") + ":" + BUILD.resolve("test-classes") + ":" +
                Files.readString(BUILD.resolve("classpath.txt")).trim();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static Map<String, String> awaitReady(final ChildProcess receiver)
    {
        final String line = receiver.awaitLine("READY", "ERROR");
        assertNotNull(line, "receiver ended before READY: " + receiver.lines());
        assertTrue(line.startsWith("READY"), line);
        return NamespacePair.fields(line);
    }

    private static Map<String, String> awaitResult(final ChildProcess receiver)
    {
        final String line = receiver.awaitLine("RECEIVED");
        assertNotNull(line, "receiver ended without a result: " + receiver.lines());
        assertEquals(0, receiver.waitFor(), receiver.lines().toString());
        return NamespacePair.fields(line);
    }

    private static Map<String, String> send(final String feed, final int rate, final int count, final long startSeq)
    {
        final int colon = feed.lastIndexOf(':');
        final List<String> command = new ArrayList<>(List.of(SENDER.toString(),
            "--group", feed.substring(0, colon), "--port", feed.substring(colon + 1),
            "--source", NamespacePair.EXCHANGE_ADDRESS, "--rate", String.valueOf(rate),
            "--count", String.valueOf(count), "--start-seq", String.valueOf(startSeq)));
        if (Runtime.getRuntime().availableProcessors() > 1)
        {
            command.addAll(List.of("--cpu", "0"));
        }
        final List<String> output = ChildProcess.run(NamespacePair.inNamespace(lab.exchange, command));
        final String line = output.stream().filter(l -> l.startsWith("SENT")).findFirst().orElseThrow();
        return NamespacePair.fields(line);
    }
}
