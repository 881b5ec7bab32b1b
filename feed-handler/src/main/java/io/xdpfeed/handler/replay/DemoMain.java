package io.xdpfeed.handler.replay;

import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;
import io.xdpfeed.handler.capture.CaptureFormatException;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.engine.HandlerCounters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/demo [--seconds N] [--capture FILE] [--config FILE]}: the handler's main job on its embedded
 * default. For now that is the bundled real CME capture replayed through the engine once (summary), then in a
 * loop for N seconds on one thread to show what the engine costs per datagram. Ends by itself.
 */
public final class DemoMain
{
    /** Recovery queue per channel in the loop: the capture is short, and every pass builds a fresh engine. */
    private static final int LOOP_QUEUE_CAPACITY = 256;

    static final String USAGE =
        "usage: demo [--seconds N] [--capture FILE] [--config FILE]\n" +
        "  --seconds N      how long to replay the capture in a loop after the first pass (default 3)\n" +
        "  --capture FILE   capture to replay (default: the bundled real CME capture)\n" +
        "  --config FILE    its CME config.xml (default: the bundled one)";

    private DemoMain()
    {
    }

    /**
     * @param args see {@link #USAGE}.
     */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Run the demo.
     *
     * @param args command-line arguments.
     * @param out  for the summary.
     * @param err  for errors.
     * @return exit status: 0 done, 1 cannot run, 2 bad usage.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final String home = System.getProperty("xdpfeed.home", ".");
        Path capture = Path.of(home, "data", "cme-mdp3", "Cme.Mdp3.Sbe.v9.1.Example.pcap");
        Path config = Path.of(home, "data", "cme-mdp3", "Cme.Mdp3.Sbe.v9.1.Example.config.xml");
        double seconds = 3;
        try
        {
            final CommandLine line = new CommandLine(args);
            for (final String option : line)
            {
                switch (option)
                {
                    case "--seconds" -> seconds = CommandLine.parseDouble(option, line.value(option), 0, 86_400);
                    case "--capture" -> capture = line.path(option);
                    case "--config" -> config = line.path(option);
                    case "-h", "--help" ->
                    {
                        out.println(USAGE);
                        return CommandLine.EXIT_OK;
                    }
                    default -> throw CommandLine.unknown(option);
                }
            }
        }
        catch (final UsageException ex)
        {
            return CommandLine.usageError(err, "error", ex.getMessage(), USAGE);
        }

        try
        {
            out.println("xdpfeed demo: replaying the real CME capture " + capture + " with " + config);
            out.println();
            final ReplaySummary summary = Replay.run(capture, CmeConfigParser.parse(config), null);
            out.println(summary.toText());
            if (seconds > 0)
            {
                out.println();
                out.printf("replaying it in a loop for %.0f s on one thread (capture mapped in memory)...%n", seconds);
                loop(capture, CmeConfigParser.parse(config), seconds, out);
            }
            return 0;
        }
        catch (final CaptureFormatException | ConfigurationException ex)
        {
            err.println("error: " + ex.getMessage());
            return 1;
        }
        catch (final RuntimeException | LinkageError ex)
        {
            err.println("error: demo failed: " + ex + " (run it with scripts/demo, which sets the JVM flags)");
            return 1;
        }
    }

    private static void loop(final Path capture, final LineMap lineMap, final double seconds, final PrintStream out)
    {
        final ReplayListener listener = new ReplayListener(null);
        final ChannelOptions options = ChannelOptions.defaults().withQueueCapacity(LOOP_QUEUE_CAPACITY)
            .withReceiveTimeOffsetNs(0);
        final long durationNs = (long)(seconds * TimeUnit.SECONDS.toNanos(1));
        long passes = 0;
        long busyNs = 0;
        long datagrams = 0;
        long accepted = 0;
        long duplicates = 0;
        long malformed = 0;
        long messages = 0;
        try (PcapPacketSource source = PcapPacketSource.open(capture))
        {
            final long startNs = System.nanoTime();
            long nowNs = startNs;
            while (nowNs - startNs < durationNs)
            {
                // a fresh engine per pass, built outside the timed part: the capture starts its sequences again
                final FeedEngine engine = new FeedEngine(lineMap, options, Feed.A, channelId -> true,
                    channelId -> false, listener, null, HandlerCounters.onHeap());
                engine.start();
                source.rewind();
                final long passStartNs = System.nanoTime();
                while (!source.isEnd())
                {
                    source.poll(engine, Replay.POLL_LIMIT);
                    engine.onTimer(engine.lastReceiveTimeNs());
                }
                engine.flush(engine.lastReceiveTimeNs());
                nowNs = System.nanoTime();
                busyNs += nowNs - passStartNs;
                passes++;
                datagrams += engine.datagrams();
                duplicates += engine.duplicates();
                malformed += engine.malformed();
                for (int i = 0; i < engine.channelCount(); i++)
                {
                    final ChannelState channel = engine.channel(i);
                    if (channel != null)
                    {
                        accepted += channel.decoder().decodedPackets();
                        messages += channel.decoder().messages();
                    }
                }
            }
            out.printf("passes           %,d%n", passes);
            out.printf("datagrams        %,d (%,d accepted, %,d duplicates, %,d malformed)%n",
                datagrams, accepted, duplicates, malformed);
            out.printf("messages         %,d%n", messages);
            out.printf("per datagram     %.0f ns (line lookup, framing check, sequencing, decode, books)%n",
                datagrams == 0 ? 0.0 : (double)busyNs / datagrams);
            out.printf("rate             %,.0f datagrams/s%n", busyNs == 0 ? 0.0 : datagrams * 1e9 / busyNs);
        }
    }
}
