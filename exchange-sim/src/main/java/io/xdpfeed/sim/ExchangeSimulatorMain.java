package io.xdpfeed.sim;

import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.common.config.OutputPaths;
import io.xdpfeed.nativeio.ParentDeath;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.itch.ItchSimulatorMain;
import io.xdpfeed.sim.send.LiveSender;
import io.xdpfeed.sim.send.SendLog;
import io.xdpfeed.sim.send.TxMode;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.sim.wire.CmeConfigWriter;
import io.xdpfeed.sim.wire.DatagramSink;
import io.xdpfeed.sim.wire.PcapWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of the exchange simulator ({@code scripts/exchange-sim}). Run with {@code --help} for the options.
 */
public final class ExchangeSimulatorMain
{
    static final String USAGE = """
        usage: exchange-sim [options]
        A deterministic CME MDP 3.0 channel: incremental A/B, snapshot loop (52), definition loop (54), faults, truth.

        protocol
          --protocol cme|itch      cme (default) or Nasdaq TotalView-ITCH 5.0 over MoldUDP64 (first argument;
                                   --protocol itch --help for its options)

        market
          --instruments N          instruments, SecurityIDs from --first-security-id on (default 10)
          --first-security-id N    SecurityID of the first instrument (default 1001)
          --packets N              incremental packets = last MsgSeqNum (default 10000; k/m suffixes allowed)
          --seed S                 seed of every random choice (default 1)
          --depth D                outright book depth 1..10, GBX MarketDepth (default 10); GBI depth is 2
          --implied-prob P         probability an event also updates the implied book (default 0.1)
          --reset-at SEQ[,SEQ..]   packet SEQ carries a ChannelReset4; books are then sent again from scratch
        faults (deterministic by seed; they never change the packets or the truth)
          --loss-a P               probability a packet is lost on line A only (default 0)
          --loss-b P               probability a packet is lost on line B only (default 0); never both at once
          --loss-both-bursts K     K bursts lost on both lines: only snapshot recovery gets them back (default 0)
          --burst-length L         longest burst, packets (default 5)
          --dup P                  probability a packet copy is sent twice on its line (default 0)
          --reorder W              hold copies back by 1..W packets of their line (default 0 = off)
          --reorder-prob P         probability a copy is held back when --reorder is on (default 0.1)
        loops
          --snapshot-every K       one snapshot packet every K incremental packets (default 4)
          --definition-every K     one definition packet every K incremental packets (default 8)
          --snapshot-cycles-after N  full snapshot cycles after the last incremental packet, >= 2 (default 2),
                                   counted from 10 ms after it: a handler declares a hole at the end lost
                                   only after its gap wait (xdpfeed.gap.wait, 2 ms), then recovers from them
          --linger-ms MS           keep the snapshot and definition loops going at least MS after the last
                                   incremental packet, at the session's pace (default 0)
          --heartbeat-ms MS        an AdminHeartbeat12 packet on both incremental lines after MS without one, as
                                   CME on an idle channel (default 30000, 0 for none)
          --no-definitions-first   do not send a full definition cycle before the first incremental packet
        outputs
          --pcap FILE              write every line as Ethernet/IPv4/UDP frames to a classic pcap (ns timestamps)
          --truth FILE             write the final books JSON (as scripts/replay --books)
          --mbo                    market by order too: MDIncrementalRefreshOrderBook47, SnapshotFullRefreshOrderBook53
          --truth-orders FILE      with --mbo: write the final order books JSON (as scripts/replay --orders)
          --config-out FILE        write the channel's CME config.xml
          --send                   send from 10.77.0.1 (inside the lab: scripts/lab up)
          --tx auto|xdp|mmsg|udp   how --send sends: AF_XDP TX ring, sendmmsg batches, one socket write each
                                   (default auto: xdp when root and AF_XDP binds, else mmsg, saying why)
          --rate PPS               pace at PPS incremental packets/s (k/m suffixes); SendingTime = intended time
          --ttl N                  IP_MULTICAST_TTL of --send (default 1)
          --cpu N                  pin the sending (pacer) thread of --send to CPU N (the generator stays free)
          --send-log FILE          with --send: write when each incremental packet was handed to the kernel beside
                                   its SendingTime, by MsgSeqNum (binary, see SendLog)
          --start-time ISO         start of the synthetic clock without --send (default 2026-01-05T14:30:00Z)
          --quiet                  no summary
        channel
          --channel ID             channel id / ApplID (default 1)
          --incremental-a G:P      default 224.0.31.1:14310
          --incremental-b G:P      default 224.0.32.1:15310
          --snapshot G:P           default 224.0.25.1:6310
          --definition G:P         default 224.0.26.1:7310
        """;

    private ExchangeSimulatorMain()
    {
    }

    /**
     * Run the simulator.
     *
     * @param args options, see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        // first: started as a child of the demo or a benchmark, die with it (see ParentDeath)
        ParentDeath.armOrExit("exchange-sim");
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Run with explicit streams.
     *
     * @param args options.
     * @param out  for the summary.
     * @param err  for errors.
     * @return the exit code: 0 done, 2 bad options or refused, 1 failure.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length >= 1 && args[0].equals("--protocol"))
        {
            final String protocol = args.length >= 2 ? args[1] : "";
            final String[] rest = Arrays.copyOfRange(args, Math.min(2, args.length), args.length);
            switch (protocol)
            {
                case "itch" ->
                {
                    return ItchSimulatorMain.run(rest, out, err);
                }
                case "cme" ->
                {
                    return run(rest, out, err);
                }
                default ->
                {
                    err.println("error: --protocol '" + protocol + "' is not cme or itch");
                    return 2;
                }
            }
        }
        final Options options;
        try
        {
            options = parse(args);
        }
        catch (final ConfigurationException | UsageException ex)
        {
            return CommandLine.usageError(err, "error", ex.getMessage(), "run with --help for the options");
        }
        if (options.help)
        {
            out.print(USAGE);
            return 0;
        }

        final List<DatagramSink> sinks = new ArrayList<>();
        try
        {
            // every output checked before the run: a path that cannot be written fails now, not after the session
            OutputPaths.checkWritable("--pcap", options.pcap);
            OutputPaths.checkWritable("--truth", options.truth);
            OutputPaths.checkWritable("--truth-orders", options.truthOrders);
            OutputPaths.checkWritable("--config-out", options.configOut);
            OutputPaths.checkWritable("--send-log", options.send ? options.sendLog : null);
            if (options.configOut != null)
            {
                CmeConfigWriter.write(options.configOut, options.config);
            }
            if (options.truthOrders != null && !options.config.mbo())
            {
                err.println("error: --truth-orders needs --mbo");
                return 2;
            }
            if (options.pcap == null && options.truth == null && options.truthOrders == null && !options.send)
            {
                if (options.configOut == null)
                {
                    err.println("error: nothing to do: give --pcap FILE, --truth FILE, --send or --config-out FILE");
                    return 2;
                }
                return 0;
            }

            final ExchangeSimulator simulator = new ExchangeSimulator(options.config);
            final SendLog sendLog = options.send && options.sendLog != null ?
                new SendLog(options.config.packets()) : null;
            simulator.sendLog(sendLog);
            final SimulationResult result;
            if (options.send)
            {
                final LiveSender sender = options.tx.open(options.config.channel(), options.config.multicastTtl(), err);
                sinks.add(sender);
                if (options.pcap != null)
                {
                    sinks.add(new PcapWriter(options.pcap, options.config.channel(), options.config.multicastTtl()));
                }
                if (!options.quiet)
                {
                    out.println("sending from " + ChannelConfig.DEFAULT_SOURCE_ADDRESS + (options.config.ratePps() > 0 ?
                        " at " + options.config.ratePps() + " incremental packets/s" : " unpaced") + " via " +
                        sender.describe() + " ...");
                }
                result = simulator.runLive(sinks.toArray(new DatagramSink[0]));
                if (sendLog != null)
                {
                    try
                    {
                        sendLog.write(options.sendLog);
                    }
                    catch (final IOException ex)
                    {
                        throw new ConfigurationException("--send-log " + options.sendLog + ": cannot write: " +
                            OutputPaths.reason(ex), ex);
                    }
                }
                if (!options.quiet)
                {
                    out.println(sender.statistics());
                }
            }
            else
            {
                if (options.pcap != null)
                {
                    sinks.add(new PcapWriter(options.pcap, options.config.channel(), options.config.multicastTtl()));
                }
                result = simulator.run(sinks.toArray(new DatagramSink[0]));
            }
            closeAll(sinks);
            sinks.clear();
            if (options.truth != null)
            {
                TruthJson.write(options.truth, result.books());
            }
            if (options.truthOrders != null)
            {
                OrderTruthJson.write(options.truthOrders, result.orderBooks());
            }
            if (!options.quiet)
            {
                out.print(result.summary());
            }
            return 0;
        }
        catch (final ConfigurationException ex)
        {
            err.println("error: " + ex.getMessage());
            return CommandLine.EXIT_FAILURE;
        }
        finally
        {
            closeAll(sinks);
        }
    }

    private static void closeAll(final List<DatagramSink> sinks)
    {
        for (final DatagramSink sink : sinks)
        {
            sink.close();
        }
    }

    static Options parse(final String[] args)
    {
        final Options options = new Options();
        final SimulatorConfig.Builder builder = SimulatorConfig.builder();
        ChannelConfig channel = ChannelConfig.defaults();
        for (int i = 0; i < args.length; i++)
        {
            final String option = args[i];
            switch (option)
            {
                case "--help", "-h" -> options.help = true;
                case "--send" -> options.send = true;
                case "--quiet" -> options.quiet = true;
                case "--no-definitions-first" -> builder.definitionsFirst(false);
                case "--mbo" -> builder.mbo(true);
                default ->
                {
                    if (i + 1 >= args.length)
                    {
                        throw new ConfigurationException(option.startsWith("--") ?
                            option + " needs a value" : "unexpected argument '" + option + "'");
                    }
                    final String value = args[++i];
                    switch (option)
                    {
                        case "--instruments" -> builder.instruments((int)count(option, value));
                        case "--first-security-id" -> builder.firstSecurityId((int)count(option, value));
                        case "--packets" -> builder.packets(count(option, value));
                        case "--seed" -> builder.seed(
                            CommandLine.parseLong(option, value, Long.MIN_VALUE, Long.MAX_VALUE));
                        case "--depth" -> builder.depth((int)count(option, value));
                        case "--implied-prob" -> builder.impliedProbability(probability(option, value));
                        case "--reset-at" -> builder.resetAt(resets(value));
                        case "--loss-a" -> builder.lossA(probability(option, value));
                        case "--loss-b" -> builder.lossB(probability(option, value));
                        case "--loss-both-bursts" -> builder.lossBothBursts((int)count(option, value));
                        case "--burst-length" -> builder.burstLength((int)count(option, value));
                        case "--dup" -> builder.duplicate(probability(option, value));
                        case "--reorder" -> builder.reorderWindow((int)count(option, value));
                        case "--reorder-prob" -> builder.reorderProbability(probability(option, value));
                        case "--snapshot-every" -> builder.snapshotEvery((int)count(option, value));
                        case "--definition-every" -> builder.definitionEvery((int)count(option, value));
                        case "--snapshot-cycles-after" -> builder.snapshotCyclesAfterEnd((int)count(option, value));
                        case "--linger-ms" -> builder.lingerNs(count(option, value) * 1_000_000L);
                        case "--heartbeat-ms" -> builder.heartbeatIntervalNs(count(option, value) * 1_000_000L);
                        case "--rate" -> builder.ratePps(count(option, value));
                        case "--ttl" -> builder.multicastTtl((int)count(option, value));
                        case "--cpu" -> builder.senderCpu((int)count(option, value));
                        case "--start-time" -> builder.startTimeNs(startTime(value));
                        case "--tx" -> options.tx = TxMode.parse(value);
                        case "--protocol" ->
                        {
                            if (!value.equals("cme"))
                            {
                                throw new ConfigurationException("--protocol " + value + " must be the first argument");
                            }
                        }
                        case "--pcap" -> options.pcap = Path.of(value);
                        case "--truth" -> options.truth = Path.of(value);
                        case "--send-log" -> options.sendLog = Path.of(value);
                        case "--truth-orders" -> options.truthOrders = Path.of(value);
                        case "--config-out" -> options.configOut = Path.of(value);
                        case "--channel" -> channel = channel.withChannelId((int)count(option, value));
                        case "--incremental-a" -> channel = channel.withLine(SimLine.INCREMENTAL_A, value);
                        case "--incremental-b" -> channel = channel.withLine(SimLine.INCREMENTAL_B, value);
                        case "--snapshot" -> channel = channel.withLine(SimLine.SNAPSHOT_A, value);
                        case "--definition" -> channel = channel.withLine(SimLine.DEFINITION_A, value);
                        default -> throw new ConfigurationException("unknown option '" + option + "'");
                    }
                }
            }
        }
        options.config = builder.channel(channel).build();
        return options;
    }

    private static long count(final String option, final String value)
    {
        return CommandLine.parseCount(option, value, 0, Long.MAX_VALUE);
    }

    private static double probability(final String option, final String value)
    {
        return CommandLine.parseDouble(option, value, 0, 1);
    }

    private static long[] resets(final String value)
    {
        final String[] parts = value.split(",");
        final long[] seqs = new long[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            seqs[i] = count("--reset-at", parts[i]);
        }
        return seqs;
    }

    private static long startTime(final String value)
    {
        try
        {
            final Instant instant = Instant.parse(value.trim());
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
        catch (final DateTimeParseException ex)
        {
            throw new ConfigurationException("--start-time " + value + " is not an ISO instant, e.g. " +
                "2026-01-05T14:30:00Z");
        }
    }

    static final class Options
    {
        SimulatorConfig config;
        Path pcap;
        Path truth;
        Path truthOrders;
        Path sendLog;
        Path configOut;
        boolean send;
        TxMode tx = TxMode.AUTO;
        boolean quiet;
        boolean help;
    }
}
