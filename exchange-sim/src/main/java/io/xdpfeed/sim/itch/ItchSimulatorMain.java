package io.xdpfeed.sim.itch;

import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.sim.wire.PcapWriter;

import java.io.PrintStream;
import java.io.UncheckedIOException;
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
          --pcap FILE          write lines A and B as Ethernet/IPv4/UDP frames to a classic pcap (ns timestamps)
          --truth FILE         write the final MBP books JSON, keyed by stock locate (as scripts/replay --books)
          --truth-orders FILE  write the final order books JSON, keyed by stock locate (as scripts/replay --orders);
                               priority = MoldUDP64 sequence number of the order's add
          --config-out FILE    write the lines as the handler's properties (xdpfeed.protocol=itch,
                               xdpfeed.itch.lines.a/b), for scripts/replay --config FILE
          --quiet              no summary
        Not yet for ITCH (docs/itch.md): --send, --loss-both-bursts, a retransmission and a snapshot server.
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
        boolean quiet = false;
        try
        {
            final CommandLine line = new CommandLine(args);
            while (line.hasNext())
            {
                final String option = line.next();
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
                    case "--quiet" -> quiet = true;
                    case "--config-out" -> configOut = line.path(option);
                    case "--send", "--loss-both-bursts", "--mbo" ->
                        throw new UsageException(option + " is not available with --protocol itch yet (docs/itch.md)");
                    default -> throw CommandLine.unknown(option);
                }
            }
            if (lossA + lossB > 1)
            {
                throw new UsageException("--loss-a + --loss-b must be at most 1: " + lossA + " + " + lossB);
            }
            if (pcap == null && truth == null && truthOrders == null && configOut == null)
            {
                throw new UsageException("nothing to do: give --pcap FILE, --truth FILE, --truth-orders FILE or " +
                    "--config-out FILE");
            }
        }
        catch (final UsageException ex)
        {
            err.println("error: " + ex.getMessage());
            err.println("run with --protocol itch --help for the options");
            return CommandLine.EXIT_USAGE;
        }

        final ItchSession.Settings settings = new ItchSession.Settings(instruments, packets, seed, lossA, lossB,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel());
        final ItchSession session = new ItchSession(settings);
        try
        {
            final ItchTruth result;
            if (pcap != null)
            {
                try (PcapWriter writer = new PcapWriter(pcap, settings.channel(), 1))
                {
                    result = session.run(writer);
                }
            }
            else
            {
                result = session.run();
            }
            if (truth != null)
            {
                TruthJson.write(truth, result.books(depth));
            }
            if (truthOrders != null)
            {
                OrderTruthJson.write(truthOrders, result.orderBooks());
            }
            if (configOut != null)
            {
                ItchConfigOut.write(configOut, settings.channel());
            }
        }
        catch (final ConfigurationException | UncheckedIOException ex)
        {
            err.println("error: " + ex.getMessage());
            return CommandLine.EXIT_FAILURE;
        }
        if (!quiet)
        {
            out.print(session.summary());
        }
        return CommandLine.EXIT_OK;
    }

    private static long count(final String option, final String value)
    {
        final String text = value.trim().toLowerCase();
        final long multiplier = text.endsWith("k") ? 1_000 : text.endsWith("m") ? 1_000_000 : 1;
        final String digits = multiplier == 1 ? text : text.substring(0, text.length() - 1);
        return Math.multiplyExact(CommandLine.parseLong(option, digits, 0, Long.MAX_VALUE / 1_000_000), multiplier);
    }
}
