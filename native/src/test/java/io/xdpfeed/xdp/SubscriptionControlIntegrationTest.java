package io.xdpfeed.xdp;

import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibXdp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A line joined and left while the source runs, in real network namespaces: two C senders in the exchange namespace
 * send two groups, {@link SubscriptionProbe} in the handler namespace receives the first from the start and the
 * second only while its control thread has it subscribed (AF_XDP: map entry + IGMP; kernel UDP: a socket set
 * published to the polling thread). The second group's datagrams reach the source only while it is subscribed.
 * Needs root, libxdp (for AF_XDP) and the C sender; skipped with the reason otherwise. The namespaces carry the pid
 * and are removed after the tests, also when they fail.
 */
@Timeout(120)
class SubscriptionControlIntegrationTest
{
    private static final String FIRST = "224.0.31.1:14310";
    private static final String SECOND = "224.0.25.1:6310";
    private static final Path BUILD =
        Path.of(System.getProperty("xdpfeed.native.build.dir", "target")).toAbsolutePath();
    private static final Path SENDER = BUILD.resolve("bin/xdpfeed-sender");

    private static NamespacePair lab;

    @BeforeAll
    static void createNamespaces()
    {
        assumeTrue(LibC.geteuid() == 0, "skipped: namespace tests need root");
        assumeTrue(Files.isExecutable(SENDER), "skipped: " + SENDER + " not built (needs gcc and libxdp-dev)");
        assumeTrue(Files.isRegularFile(BUILD.resolve("classpath.txt")), "skipped: classpath.txt not built");
        lab = NamespacePair.create();
    }

    @AfterAll
    static void removeNamespaces()
    {
        if (null != lab)
        {
            lab.close();
            assertTrue(!namespaceExists(lab.exchange) && !namespaceExists(lab.handler), "namespaces left");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"xdp", "udp"})
    void secondGroupReachesTheSourceOnlyWhileSubscribed(final String transport)
    {
        assumeTrue(!"xdp".equals(transport) || LibXdp.unavailableReason() == null,
            () -> "skipped: " + LibXdp.unavailableReason());
        final List<String> command = NamespacePair.inNamespace(lab.handler, javaCommand(
            SubscriptionProbe.class.getName(), "--transport", transport, "--interface", lab.handlerInterface,
            "--first", FIRST, "--second", SECOND, "--phase-ms", "400"));
        try (ChildProcess probe = ChildProcess.start(command))
        {
            final String ready = probe.awaitLine("READY", "ERROR");
            assertNotNull(ready, () -> "probe ended before READY: " + probe.lines());
            assertTrue(ready.startsWith("READY"), () -> ready + " " + probe.lines());
            assertEquals(transport, NamespacePair.fields(ready).get("transport"), ready);
            try (ChildProcess first = ChildProcess.start(NamespacePair.inNamespace(lab.exchange, sender(FIRST)));
                ChildProcess second = ChildProcess.start(NamespacePair.inNamespace(lab.exchange, sender(SECOND))))
            {
                assertEquals(0, first.waitFor(), () -> first.lines().toString());
                assertEquals(0, second.waitFor(), () -> second.lines().toString());
            }
            final String line = probe.awaitLine("RESULT");
            assertNotNull(line, () -> "probe ended without a result: " + probe.lines());
            System.out.println(transport + ": " + line);
            final Map<String, String> result = NamespacePair.fields(line);
            assertTrue(count(result, "a1") > 0, line);
            assertEquals(0, count(result, "a2"), () -> "second group before it was subscribed: " + line);
            assertTrue(count(result, "b2") > 0, () -> "second group not received while subscribed: " + line);
            assertEquals(0, count(result, "c2"), () -> "second group after it was left: " + line);
            assertTrue(count(result, "c1") > 0, () -> "first group stopped: " + line);
            assertEquals(0, count(result, "retired"), () -> "dropped socket not closed: " + line);
            assertEquals("false", result.get("subscribed2"), line);
        }
    }

    private static long count(final Map<String, String> result, final String key)
    {
        return Long.parseLong(result.get(key));
    }

    private static List<String> sender(final String feed)
    {
        final int colon = feed.lastIndexOf(':');
        return List.of(SENDER.toString(), "--group", feed.substring(0, colon), "--port", feed.substring(colon + 1),
            "--source", NamespacePair.EXCHANGE_ADDRESS, "--rate", "10000", "--count", "40000", "--start-seq", "0");
    }

    private static boolean namespaceExists(final String name)
    {
        return ChildProcess.run(List.of("ip", "netns", "list")).stream().anyMatch(l -> l.split(" ")[0].equals(name));
    }

    private static List<String> javaCommand(final String mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx256m", "-XX:+UseSerialGC", "-cp", classPath(), mainClass));
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
}
