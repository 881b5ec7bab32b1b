package io.xdpfeed.xdp;

import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibXdp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two network namespaces joined by a veth pair, named after this process so that concurrent runs do not collide:
 * the exchange side sends, the handler side receives. Removed by {@link #close()}, also after a failure.
 * <p>
 * The exchange side's TX checksum offload is off ({@code scripts/lab tx-checksum-off}), so that datagrams carry
 * their full UDP checksum as on a wire: a veth would otherwise hand the receiver only the pseudo-header's partial
 * sum, and the AF_XDP source, which verifies checksums, would drop them all.
 */
final class NamespacePair implements AutoCloseable
{
    static final String EXCHANGE_ADDRESS = "10.77.1.1";
    static final String HANDLER_ADDRESS = "10.77.1.2";

    /** scripts/lab from the module directory surefire runs in. */
    private static final Path LAB_SCRIPT = Path.of("..", "scripts", "lab").toAbsolutePath().normalize();

    final String exchange;
    final String handler;
    final String exchangeInterface;
    final String handlerInterface;

    private NamespacePair(final long pid)
    {
        exchange = "xdpfeed-it-ex-" + pid;
        handler = "xdpfeed-it-fh-" + pid;
        exchangeInterface = "xitx" + pid;
        handlerInterface = "xith" + pid;
    }

    /**
     * The lab of the tests that run receivers as child processes against the C sender: skips the test class, with
     * the reason, where it cannot run (not root, no libxdp, the sender or the classpath not built).
     *
     * @param tests what the skipped tests are, for the message.
     * @param build the native module's build directory (bin/xdpfeed-sender, classpath.txt).
     * @return a new pair of namespaces.
     */
    static NamespacePair createForReceivers(final String tests, final Path build)
    {
        final Path sender = build.resolve("bin/xdpfeed-sender");
        assumeTrue(LibC.geteuid() == 0,
            "skipped: " + tests + " need root (network namespaces, XDP)");
        assumeTrue(null == LibXdp.unavailableReason(),
            () -> "skipped: " + LibXdp.unavailableReason());
        assumeTrue(Files.isExecutable(sender),
            "skipped: " + sender + " not built (needs gcc and libxdp-dev)");
        assumeTrue(Files.isRegularFile(build.resolve("classpath.txt")),
            "skipped: classpath.txt not built");
        return create();
    }

    static NamespacePair create()
    {
        final NamespacePair pair = new NamespacePair(ProcessHandle.current().pid());
        try
        {
            pair.close();
            ip("netns", "add", pair.exchange);
            ip("netns", "add", pair.handler);
            ip("link", "add", pair.exchangeInterface, "netns", pair.exchange, "type", "veth", "peer", "name",
                pair.handlerInterface, "netns", pair.handler);
            ip("-n", pair.exchange, "addr", "add", EXCHANGE_ADDRESS + "/24", "dev", pair.exchangeInterface);
            ip("-n", pair.handler, "addr", "add", HANDLER_ADDRESS + "/24", "dev", pair.handlerInterface);
            for (final String ns : List.of(pair.exchange, pair.handler))
            {
                ip("-n", ns, "link", "set", "lo", "up");
            }
            ip("-n", pair.exchange, "link", "set", pair.exchangeInterface, "up");
            ip("-n", pair.handler, "link", "set", pair.handlerInterface, "up");
            ChildProcess.run(List.of(LAB_SCRIPT.toString(), "tx-checksum-off", pair.exchange, pair.exchangeInterface));
            ip("-n", pair.exchange, "route", "add", "224.0.0.0/4", "dev", pair.exchangeInterface);
            ip("-n", pair.handler, "route", "add", "224.0.0.0/4", "dev", pair.handlerInterface);
            return pair;
        }
        catch (final RuntimeException ex)
        {
            pair.close();
            throw ex;
        }
    }

    private static List<String> ip(final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        return ChildProcess.run(command);
    }

    /**
     * Whether an XDP program is attached to the handler side's interface.
     *
     * @return true when {@code ip link} shows one.
     */
    boolean handlerHasXdpProgram()
    {
        final String link = String.join("\n", ip("-n", handler, "link", "show", "dev", handlerInterface));
        return link.contains("prog/xdp") || link.contains(" xdp ") || link.contains("xdpgeneric") ||
            link.contains("xdpdrv");
    }

    /**
     * A command run inside a namespace.
     *
     * @param namespace to enter.
     * @param command   to run there.
     * @return {@code ip netns exec <namespace> command...}.
     */
    static List<String> inNamespace(final String namespace, final List<String> command)
    {
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(command);
        return full;
    }

    static Map<String, String> fields(final String line)
    {
        final Map<String, String> fields = new java.util.HashMap<>();
        for (final String token : line.trim().split("\\s+"))
        {
            final int equals = token.indexOf('=');
            if (equals > 0)
            {
                fields.putIfAbsent(token.substring(0, equals), token.substring(equals + 1));
            }
        }
        return fields;
    }

    @Override
    public void close()
    {
        for (final String ns : List.of(exchange, handler))
        {
            try (ChildProcess child = ChildProcess.start(List.of("ip", "netns", "del", ns)))
            {
                child.waitFor();
            }
        }
    }
}
