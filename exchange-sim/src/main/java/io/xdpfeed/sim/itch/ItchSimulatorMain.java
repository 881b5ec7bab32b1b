package io.xdpfeed.sim.itch;

import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;
import io.xdpfeed.codecs.itch.SoupBinTcpLogin;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.common.config.OutputPaths;
import io.xdpfeed.common.net.Ipv4;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.sim.wire.PcapWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code exchange-sim --protocol itch}: a seeded Nasdaq TotalView-ITCH 5.0 session over MoldUDP64 into a pcap, with
 * its truth. The options mean what they mean for CME where they exist.
 */
public final class ItchSimulatorMain
{
    static final String USAGE = """
        usage: exchange-sim --protocol itch [options]
        A deterministic Nasdaq TotalView-ITCH 5.0 session over MoldUDP64 on lines A and B, with its truth.

          --instruments N      instruments, stock locate codes 1..N, symbols SIM1..SIMN (default 10)
          --packets N          order-flow packets of 1-3 messages (default 10000; k/m suffixes allowed)
          --seed S             seed of every random choice (default 1)
          --depth D            MBP levels per side in --truth (default 10)
          --loss-a P           probability a packet is lost on line A only (default 0)
          --loss-b P           probability a packet is lost on line B only (default 0); never both at once
          --loss-both-bursts K K bursts of order-flow packets lost on both lines: only recovery fills them
          --burst-length L     longest burst, packets (each is 1..L; default 5)
          --operational-halts H
                               H operational halts of a random stock (h: halted, then resumed up to half of
                               the session later, or not before its end; default 0)
          --imbalances N       N net order imbalance indicators (I) of the closing cross over the last quarter of
                               the order flow (default 0)
          --pcap FILE          write lines A and B as Ethernet/IPv4/UDP frames to a classic pcap (ns timestamps)
          --truth FILE         write the final MBP books JSON, keyed by stock locate (as scripts/replay --books)
          --truth-orders FILE  write the final order books JSON, keyed by stock locate (as scripts/replay --orders);
                               priority = MoldUDP64 sequence number of the order's add
          --config-out FILE    write the lines and servers as the handler's properties (xdpfeed.protocol=itch,
                               xdpfeed.itch.lines.a/b, .retransmission, .snapshot), for scripts/replay --config
          --send               send lines A and B from 10.77.0.1 into the lab (kernel UDP; scripts/lab up)
          --rate PPS           with --send: packets per second (k/m suffixes; default 0 = unpaced)
          --ttl N              with --send: IP_MULTICAST_TTL (default 1)
          --retransmit-server IP:PORT  serve MoldUDP64 re-requests (UDP) from the session's whole message log
          --retransmit-window N        re-requests older than N messages back are refused (default 0 = none)
          --snapshot-server IP:PORT    serve GLIMPSE snapshots over SoupBinTCP (TCP)
          --snapshot-login USER:PASSWORD  the snapshot server accepts only this login (username up to 6
                               characters, password up to 10; default: any login)
          --snapshot-at SEQ    without --send: the snapshot's sequence point (default: after the last message);
                               with --send it is the next packet to send
          --serve-seconds S    keep the servers up S seconds after the session ends (default 0: until killed)
          --quiet              no summary
        """;

    private ItchSimulatorMain()
    {
    }

    /**
     * Run with explicit streams.
     *
     * @param args options after {@code --protocol itch}.
     * @param out  for the summary.
     * @param err  for errors.
     * @return the exit code: 0 done, 2 bad options, 1 failure.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        int instruments = 10;
        long packets = 10_000;
        long seed = 1;
        int depth = 10;
        double lossA = 0;
        double lossB = 0;
        Path pcap = null;
        Path truth = null;
        Path truthOrders = null;
        Path configOut = null;
        int bursts = 0;
        int burstLength = 5;
        int operationalHalts = 0;
        int imbalances = 0;
        final ItchRecoveryServers.Options servers = new ItchRecoveryServers.Options();
        boolean quiet = false;
        try
        {
            final CommandLine line = new CommandLine(args);
            for (final String option : line)
            {
                switch (option)
                {
                    case "--help", "-h" ->
                    {
                        out.print(USAGE);
                        return CommandLine.EXIT_OK;
                    }
                    case "--instruments" -> instruments = line.intValue(option, 1, 65_535);
                    case "--packets" -> packets = count(option, line.value(option));
                    case "--seed" -> seed = line.longValue(option, Long.MIN_VALUE, Long.MAX_VALUE);
                    case "--depth" -> depth = line.intValue(option, 1, 1000);
                    case "--loss-a" -> lossA = CommandLine.parseDouble(option, line.value(option), 0, 1);
                    case "--loss-b" -> lossB = CommandLine.parseDouble(option, line.value(option), 0, 1);
                    case "--pcap" -> pcap = line.path(option);
                    case "--truth" -> truth = line.path(option);
                    case "--truth-orders" -> truthOrders = line.path(option);
                    case "--loss-both-bursts" -> bursts = line.intValue(option, 0, 1_000_000);
                    case "--burst-length" -> burstLength = line.intValue(option, 1, 10_000);
                    case "--operational-halts" -> operationalHalts = line.intValue(option, 0, 1_000_000);
                    case "--imbalances" -> imbalances = line.intValue(option, 0, 1_000_000);
                    case "--config-out" -> configOut = line.path(option);
                    case "--send" -> servers.send = true;
                    case "--rate" -> servers.rate = count(option, line.value(option));
                    case "--ttl" -> servers.ttl = line.intValue(option, 1, 255);
                    case "--retransmit-server" -> servers.retransmit = address(option, line.value(option));
                    case "--retransmit-window" -> servers.window = line.longValue(option, 0, Long.MAX_VALUE);
                    case "--snapshot-server" -> servers.snapshot = address(option, line.value(option));
                    case "--snapshot-login" -> login(servers, option, line.value(option));
                    case "--snapshot-at" -> servers.snapshotAt = line.longValue(option, 1, Long.MAX_VALUE);
                    case "--serve-seconds" -> servers.serveSeconds = line.longValue(option, 0, 1_000_000);
                    case "--quiet" -> quiet = true;
                    case "--mbo", "--reset-at", "--dup", "--reorder" ->
                        throw new UsageException(option + " is not available with --protocol itch (docs/itch.md)");
                    default -> throw CommandLine.unknown(option);
                }
            }
            if (imbalances > packets / 4)
            {
                throw new UsageException("--imbalances " + imbalances + ": at most a quarter of --packets (" +
                    packets / 4 + "), one a packet over the last quarter");
            }
            if (lossA + lossB > 1)
            {
                throw new UsageException("--loss-a + --loss-b must be at most 1: " + lossA + " + " + lossB);
            }
            if (pcap == null && truth == null && truthOrders == null && configOut == null && !servers.send &&
                !servers.serving())
            {
                throw new UsageException("nothing to do: give --pcap FILE, --truth FILE, --truth-orders FILE, " +
                    "--config-out FILE, --send or a server");
            }
        }
        catch (final UsageException ex)
        {
            return CommandLine.usageError(err, "error", ex.getMessage(),
                "run with --protocol itch --help for the options");
        }

        try
        {
            // every output checked before the run: a path that cannot be written fails now, not after the session
            OutputPaths.checkWritable("--pcap", pcap);
            OutputPaths.checkWritable("--truth", truth);
            OutputPaths.checkWritable("--truth-orders", truthOrders);
            OutputPaths.checkWritable("--config-out", configOut);
        }
        catch (final ConfigurationException ex)
        {
            err.println("error: " + ex.getMessage());
            return CommandLine.EXIT_FAILURE;
        }
        final ItchSession.Settings settings = new ItchSession.Settings(instruments, packets, seed, lossA, lossB,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel(), bursts, burstLength,
            operationalHalts, imbalances);
        final ItchMessageLog log = servers.serving() ? new ItchMessageLog() : null;
        final ItchSession session = new ItchSession(settings, log);
        try
        {
            final ItchTruth result;
            try (ItchRecoveryServers live = new ItchRecoveryServers(servers, settings, log, err))
            {
                if (configOut != null)
                {
                    writeConfig(configOut, ItchConfigOut.text(settings.channel()) +
                        live.properties(settings.channel().channelId()));
                }
                if (pcap != null)
                {
                    try (PcapWriter writer = new PcapWriter(pcap, settings.channel(), 1))
                    {
                        result = live.run(session, writer);
                    }
                }
                else
                {
                    result = live.run(session);
                }
                writeTruth(result, truth, truthOrders, depth);
                if (!quiet)
                {
                    out.print(session.summary());
                    out.print(live.summary());
                    out.flush();
                }
                live.serveAfter(out, quiet);
                if (!quiet && servers.serving())
                {
                    out.print(live.summary());
                }
            }
        }
        catch (final ConfigurationException ex)
        {
            err.println("error: " + ex.getMessage());
            return CommandLine.EXIT_FAILURE;
        }
        return CommandLine.EXIT_OK;
    }

    private static void writeTruth(
        final ItchTruth result, final Path truth, final Path truthOrders, final int depth)
    {
        if (truth != null)
        {
            TruthJson.write(truth, result.books(depth));
        }
        if (truthOrders != null)
        {
            OrderTruthJson.write(truthOrders, result.orderBooks());
        }
    }

    private static void writeConfig(final Path file, final String text)
    {
        try
        {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("--config-out " + file + ": cannot write: " + OutputPaths.reason(ex), ex);
        }
    }

    private static void login(final ItchRecoveryServers.Options servers, final String option, final String value)
    {
        final int colon = value.indexOf(':');
        final String username = colon < 0 ? value : value.substring(0, colon);
        final String password = colon < 0 ? "" : value.substring(colon + 1);
        final String usernameProblem = username.isEmpty() ? "empty" :
            SoupBinTcpLogin.problem(username, SoupBinTcpLogin.USERNAME_LENGTH);
        if (usernameProblem != null)
        {
            throw new UsageException(option + " (USER:PASSWORD): the username: " + usernameProblem);
        }
        final String passwordProblem = SoupBinTcpLogin.problem(password, SoupBinTcpLogin.PASSWORD_LENGTH);
        if (passwordProblem != null)
        {
            throw new UsageException(option + " (USER:PASSWORD): the password: " + passwordProblem);
        }
        servers.snapshotUsername = username;
        servers.snapshotPassword = password;
    }

    private static InetSocketAddress address(final String option, final String value)
    {
        final int colon = value.lastIndexOf(':');
        final long ip = colon < 0 ? Ipv4.INVALID : Ipv4.parse(value.substring(0, colon));
        if (ip == Ipv4.INVALID)
        {
            throw new UsageException(option + " '" + value + "' is not IPv4:PORT");
        }
        final int port = (int)CommandLine.parseLong(option, value.substring(colon + 1), 0, 65_535);
        return new InetSocketAddress(value.substring(0, colon), port);
    }

    private static long count(final String option, final String value)
    {
        return CommandLine.parseCount(option, value, 0, Long.MAX_VALUE);
    }
}
