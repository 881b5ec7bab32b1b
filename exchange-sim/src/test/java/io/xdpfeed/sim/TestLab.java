package io.xdpfeed.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Two network namespaces of one test, named after the pid and a tag, joined by a veth pair: the exchange side holds
 * 10.77.0.1 (the simulator's source address), the receiving side 10.77.0.2, both route 224.0.0.0/4 over the veth.
 * Removed by {@link #close()}, also after a failure; a lab left over by a killed run of the same pid is removed first.
 */
final class TestLab implements AutoCloseable
{
    final String exchange;
    final String receiver;
    final String exchangeInterface;
    final String receiverInterface;
    private boolean created;

    private TestLab(final String tag)
    {
        final long pid = ProcessHandle.current().pid();
        exchange = "xdpsim-" + tag + "-ex-" + pid;
        receiver = "xdpsim-" + tag + "-rx-" + pid;
        exchangeInterface = tag + pid + "a";
        receiverInterface = tag + pid + "b";
    }

    /**
     * Why a lab cannot be made here, or null when it can.
     *
     * @return the reason for skipping, e.g. not root.
     */
    static String unavailableReason()
    {
        try
        {
            if (!"0".equals(output("id", "-u").trim()))
            {
                return "needs root to create network namespaces";
            }
            if (run("ip", "-V") != 0)
            {
                return "needs iproute2 (ip)";
            }
            return null;
        }
        catch (final IOException ex)
        {
            return "cannot run id or ip: " + ex.getMessage();
        }
    }

    /**
     * Create the namespaces and the veth pair.
     *
     * @param tag two or three letters naming the test (interface names stay under 16 characters).
     * @return the lab.
     */
    static TestLab create(final String tag)
    {
        final TestLab lab = new TestLab(tag);
        lab.removeNamespaces();
        lab.created = true;
        try
        {
            exec("ip", "netns", "add", lab.exchange);
            exec("ip", "netns", "add", lab.receiver);
            for (final String ns : new String[]{lab.exchange, lab.receiver})
            {
                exec("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1");
                exec("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.default.disable_ipv6=1");
                exec("ip", "-n", ns, "link", "set", "lo", "up");
            }
            exec("ip", "link", "add", lab.exchangeInterface, "netns", lab.exchange, "type", "veth", "peer", "name",
                lab.receiverInterface, "netns", lab.receiver);
            exec("ip", "-n", lab.exchange, "addr", "add", "10.77.0.1/24", "dev", lab.exchangeInterface);
            exec("ip", "-n", lab.receiver, "addr", "add", "10.77.0.2/24", "dev", lab.receiverInterface);
            exec("ip", "-n", lab.exchange, "link", "set", lab.exchangeInterface, "up");
            exec("ip", "-n", lab.receiver, "link", "set", lab.receiverInterface, "up");
            exec("ip", "-n", lab.exchange, "route", "add", "224.0.0.0/4", "dev", lab.exchangeInterface);
            exec("ip", "-n", lab.receiver, "route", "add", "224.0.0.0/4", "dev", lab.receiverInterface);
            return lab;
        }
        catch (final RuntimeException ex)
        {
            lab.close();
            throw ex;
        }
    }

    /**
     * A Java main class of this module run inside a namespace, with this JVM's class path and flags.
     *
     * @param namespace to run in.
     * @param mainClass to run.
     * @param args      its arguments.
     * @return the command.
     */
    static List<String> javaIn(final String namespace, final Class<?> mainClass, final String... args)
    {
        final String java = ProcessHandle.current().info().command().orElse("java");
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace, java,
            "--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private void removeNamespaces()
    {
        try
        {
            run("ip", "netns", "del", exchange);
            run("ip", "netns", "del", receiver);
        }
        catch (final IOException ignore)
        {
            // nothing to remove
        }
    }

    @Override
    public void close()
    {
        if (created)
        {
            removeNamespaces();
            created = false;
        }
    }

    static void exec(final String... command)
    {
        try
        {
            final int code = run(command);
            if (code != 0)
            {
                throw new IllegalStateException(String.join(" ", command) + " failed with " + code);
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(String.join(" ", command) + ": " + ex.getMessage(), ex);
        }
    }

    static int run(final String... command) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try
        {
            return process.waitFor();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    static String output(final String... command) throws IOException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try
        {
            process.waitFor();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return text;
    }
}
