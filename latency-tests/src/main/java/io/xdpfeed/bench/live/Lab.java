package io.xdpfeed.bench.live;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test network of {@code scripts/lab}, under names of its own so that it never touches another lab on the
 * machine: {@link #up()} creates the exchange and handler namespaces joined by a veth pair and writes the channel's
 * config.xml; {@link #close()} removes all of it. A JVM shutdown hook removes it too when the process is stopped
 * before {@link #close()}.
 */
public final class Lab implements AutoCloseable
{
    /** Interface of the handler side, inside {@link #handlerNamespace()}. */
    public static final String HANDLER_INTERFACE = "xfh0";
    /** Interface of the exchange side, inside {@link #exchangeNamespace()}. */
    public static final String EXCHANGE_INTERFACE = "xfx0";
    /** Address of the handler host on the link to the strategy host ({@link #upWithStrategyHost()}). */
    public static final String HANDLER_TO_STRATEGY_ADDRESS = "10.77.1.1";
    /** Address of the strategy host ({@link #upWithStrategyHost()}). */
    public static final String STRATEGY_ADDRESS = "10.77.1.2";

    private final Path home;
    private final String exchangeNamespace;
    private final String handlerNamespace;
    private final String strategyNamespace;
    private final Path directory;
    private final Thread shutdownHook = new Thread(this::down, "xdpfeed-lab-down");
    private boolean up;

    private Lab(final Path home, final String prefix, final long pid, final Path directory)
    {
        this.home = home;
        this.exchangeNamespace = prefix + "-ex-" + pid;
        this.handlerNamespace = prefix + "-fh-" + pid;
        this.strategyNamespace = prefix + "-st-" + pid;
        this.directory = directory;
    }

    /**
     * A lab with names unique to this process: {@code <prefix>-ex-<pid>}, {@code <prefix>-fh-<pid>} and
     * {@code <prefix>-st-<pid>} (the strategy host of {@link #upWithStrategyHost()}).
     *
     * @param home      the project directory (holding {@code scripts/lab}).
     * @param prefix    of the namespace names, e.g. {@code xdpfeed-live}.
     * @param directory where the lab writes config.xml.
     * @return the lab, not yet up.
     */
    public static Lab unique(final Path home, final String prefix, final Path directory)
    {
        return new Lab(home, prefix, ProcessHandle.current().pid(), directory);
    }

    /**
     * Remove the labs of this prefix whose process no longer runs ({@code <prefix>-ex-<pid>},
     * {@code <prefix>-fh-<pid>}): what a run killed outright ({@code kill -9}, no shutdown hook) left behind. Its
     * children died with it (they arm the parent-death signal); removing the namespaces removes the veth pair and
     * any XDP program on it.
     *
     * @param prefix of the namespace names, e.g. {@code xdpfeed-demo}.
     * @return the namespaces removed.
     */
    public static List<String> removeDead(final String prefix)
    {
        final List<String> removed = new ArrayList<>();
        final Pattern name = Pattern.compile(Pattern.quote(prefix) + "-(ex|fh|st)-(\\d+)");
        for (final String namespace : namespaces())
        {
            final Matcher matcher = name.matcher(namespace);
            if (matcher.matches() && !RunDirectory.isAlive(Long.parseLong(matcher.group(2))))
            {
                try
                {
                    final Process process = new ProcessBuilder("ip", "netns", "del", namespace)
                        .redirectErrorStream(true).start();
                    process.getInputStream().readAllBytes();
                    if (process.waitFor() == 0)
                    {
                        removed.add(namespace);
                    }
                }
                catch (final IOException ex)
                {
                    // best effort: the next run tries again
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return removed;
    }

    /**
     * Why the lab cannot be used here, or null when it can: it needs root and {@code ip}.
     *
     * @return the reason, or null.
     */
    public static String unavailableReason()
    {
        if (!isRoot())
        {
            return "not root (the lab's network namespaces need root: run with sudo)";
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip")) &&
            !Files.isExecutable(Path.of("/usr/bin/ip")) && !Files.isExecutable(Path.of("/bin/ip")))
        {
            return "no ip command (apt-get install iproute2)";
        }
        return null;
    }

    /**
     * @return true when the effective user id of this process is 0 ({@code /proc/self/status}).
     */
    public static boolean isRoot()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("Uid:"))
                {
                    return "0".equals(line.split("\\s+")[2]);
                }
            }
        }
        catch (final IOException ignore)
        {
            // not Linux: not root for our purposes
        }
        return false;
    }

    /**
     * Find the project directory: {@code xdpfeed.home} when set, else the first parent of the working directory that
     * holds {@code scripts/lab}.
     *
     * @return the directory.
     * @throws IllegalStateException when none is found.
     */
    public static Path findHome()
    {
        final String configured = System.getProperty("xdpfeed.home");
        if (configured != null && Files.isExecutable(Path.of(configured, "scripts", "lab")))
        {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            if (Files.isExecutable(dir.resolve("scripts").resolve("lab")))
            {
                return dir;
            }
        }
        throw new IllegalStateException("scripts/lab not found above " + Path.of("").toAbsolutePath() +
            ": run from the project or set -Dxdpfeed.home");
    }

    /**
     * Bring the lab up ({@code scripts/lab up}).
     *
     * @return this.
     * @throws IllegalStateException with the script's output when it fails.
     */
    public Lab up()
    {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        up = true;
        run("up");
        return this;
    }

    /**
     * Bring the lab up with the third host ({@code scripts/lab up --hosts 3}): the strategy namespace, linked to the
     * handler namespace by a veth pair of its own ({@link #HANDLER_TO_STRATEGY_ADDRESS} to {@link #STRATEGY_ADDRESS}).
     *
     * @return this.
     * @throws IllegalStateException with the script's output when it fails.
     */
    public Lab upWithStrategyHost()
    {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        up = true;
        run("up", "--hosts", "3");
        return this;
    }

    /**
     * Drop this share of the UDP datagrams arriving at either end of the handler-to-strategy link
     * ({@code scripts/lab loss}: an XDP program), 0 for none.
     *
     * @param percent 0 to 100.
     * @return this.
     */
    public Lab loss(final double percent)
    {
        run("loss", Double.toString(percent));
        return this;
    }

    /**
     * @return the strategy namespace (present after {@link #upWithStrategyHost()}).
     */
    public String strategyNamespace()
    {
        return strategyNamespace;
    }

    /**
     * @return the command prefix that runs a program in the strategy namespace.
     */
    public List<String> inStrategy()
    {
        return List.of("ip", "netns", "exec", strategyNamespace);
    }

    /**
     * @return the exchange namespace.
     */
    public String exchangeNamespace()
    {
        return exchangeNamespace;
    }

    /**
     * @return the handler namespace.
     */
    public String handlerNamespace()
    {
        return handlerNamespace;
    }

    /**
     * @return the channel's config.xml, written by {@link #up()}.
     */
    public Path config()
    {
        return directory.resolve("config.xml");
    }

    /**
     * @return the command prefix that runs a program in the exchange namespace.
     */
    public List<String> inExchange()
    {
        return List.of("ip", "netns", "exec", exchangeNamespace);
    }

    /**
     * @return the command prefix that runs a program in the handler namespace.
     */
    public List<String> inHandler()
    {
        return List.of("ip", "netns", "exec", handlerNamespace);
    }

    /**
     * Whether a namespace of this lab exists.
     *
     * @param namespace name.
     * @return true when {@code ip netns list} shows it.
     */
    public static boolean namespaceExists(final String namespace)
    {
        return namespaces().contains(namespace);
    }

    /**
     * @return the names {@code ip netns list} shows.
     */
    public static List<String> namespaces()
    {
        try
        {
            final Process process = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            final List<String> names = new ArrayList<>();
            for (final String line : output.split("\n"))
            {
                if (!line.isBlank())
                {
                    names.add(line.split(" ")[0]);
                }
            }
            return names;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("ip netns list: " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * Remove both namespaces (and with them the veth pair and any XDP program on it) and the config.
     */
    public void close()
    {
        down();
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ignore)
        {
            // already shutting down: the hook is running or ran
        }
    }

    private synchronized void down()
    {
        if (up)
        {
            up = false;
            ChildProcess.stopAll();
            run("down");
        }
    }

    private void run(final String command, final String... args)
    {
        final List<String> commandLine = new ArrayList<>(List.of(home.resolve("scripts").resolve("lab").toString(),
            command));
        commandLine.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(commandLine).redirectErrorStream(true);
        final Map<String, String> env = builder.environment();
        env.put("XDPFEED_LAB_EX_NS", exchangeNamespace);
        env.put("XDPFEED_LAB_FH_NS", handlerNamespace);
        env.put("XDPFEED_LAB_ST_NS", strategyNamespace);
        env.put("XDPFEED_LAB_DIR", directory.toString());
        try
        {
            final Process process = builder.start();
            final String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0)
            {
                throw new IllegalStateException("scripts/lab " + command + " failed: " + output.strip());
            }
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("scripts/lab " + command + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scripts/lab " + command + " interrupted", ex);
        }
    }
}
