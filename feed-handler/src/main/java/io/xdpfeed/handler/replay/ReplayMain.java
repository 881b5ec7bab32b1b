package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.capture.CaptureFormatException;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.ConfigurationException;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.EngineReplay;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code scripts/replay [--config config.xml] <capture> [--events FILE] [--books FILE] [--orders FILE]
 * [--summary-json] [--no-udp-checksum]}: replays a pcap or pcapng capture through the MDP 3.0 packet path and prints
 * a summary (with {@code --summary-json}, the last line of stdout is one JSON object), then through the feed engine
 * ({@link EngineReplay}: sequencing, snapshot recovery, books), which adds {@code recoveries} and
 * {@code staleInstruments} and writes {@code --books} (and, with MBO on for every channel, {@code --orders}). Exit
 * status: 0 done (a damaged capture is replayed up to the damage and says so), 1 the capture or config cannot be
 * used, 2 bad usage.
 * <p>
 * UDP checksums are verified as the kernel would: a datagram whose checksum fails is counted ({@code badChecksums})
 * and dropped, so the other line's copy is used. A capture in which every datagram fails its checksum was taken on
 * the sending host with checksum offload: that stops the replay with exit 1 and one line pointing to
 * {@code --no-udp-checksum}.
 */
public final class ReplayMain
{
    static final String USAGE =
        "usage: replay [--config config.xml] <capture.pcap|capture.pcapng> [--events FILE] [--books FILE]\n" +
        "              [--orders FILE] [--summary-json] [--no-udp-checksum]\n" +
        "  --config FILE    CME channel config.xml: lines, A/B arbitration (without it every (group, port) is\n" +
        "                   its own line and nothing is arbitrated)\n" +
        "  --events FILE    write one JSON line per book, order, trade and volume entry\n" +
        "  --books FILE     write the final books of the feed engine (sequencing, snapshot recovery, books) as JSON\n" +
        "  --orders FILE    keep market-by-order books on every channel and write the final ones as JSON\n" +
        "  --summary-json   print the summary as one JSON object on the last line of stdout\n" +
        "  --no-udp-checksum  do not verify UDP checksums (a capture taken on the sending host, whose NIC\n" +
        "                   fills them in after the capture point)";

    private ReplayMain()
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
     * Run the tool.
     *
     * @param args command-line arguments.
     * @param out  for the summary.
     * @param err  for warnings and errors.
     * @return exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        Path config = null;
        Path capture = null;
        Path eventsPath = null;
        Path booksPath = null;
        Path ordersPath = null;
        boolean json = false;
        boolean udpChecksum = true;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            switch (arg)
            {
                case "--config", "--events", "--books", "--orders" ->
                {
                    if (i + 1 >= args.length)
                    {
                        err.println("error: " + arg + " needs a file name");
                        err.println(USAGE);
                        return 2;
                    }
                    final Path value = Path.of(args[++i]);
                    if ("--config".equals(arg))
                    {
                        config = value;
                    }
                    else if ("--books".equals(arg))
                    {
                        booksPath = value;
                    }
                    else if ("--orders".equals(arg))
                    {
                        ordersPath = value;
                    }
                    else
                    {
                        eventsPath = value;
                    }
                }
                case "--summary-json" -> json = true;
                case "--no-udp-checksum" -> udpChecksum = false;
                case "-h", "--help" ->
                {
                    out.println(USAGE);
                    return 0;
                }
                default ->
                {
                    if (arg.startsWith("-") || capture != null)
                    {
                        err.println("error: " + (arg.startsWith("-") ? "unknown option " : "extra argument ") + arg);
                        err.println(USAGE);
                        return 2;
                    }
                    capture = Path.of(arg);
                }
            }
        }
        if (capture == null)
        {
            err.println("error: no capture file given");
            err.println(USAGE);
            return 2;
        }

        try
        {
            final LineMap lineMap;
            if (config != null)
            {
                lineMap = CmeConfigParser.parse(config);
            }
            else
            {
                lineMap = LineMap.unconfigured(Replay.MAX_UNCONFIGURED_LINES);
                err.println("note: no --config given: every (group, port) is its own line, no A/B arbitration");
            }

            final ReplaySummary summary;
            if (eventsPath != null)
            {
                try (Writer events = new BufferedWriter(Files.newBufferedWriter(eventsPath), 1 << 16))
                {
                    summary = Replay.run(capture, lineMap, events, udpChecksum);
                }
            }
            else
            {
                summary = Replay.run(capture, lineMap, null, udpChecksum);
            }
            if (summary.badChecksums() > 0 && summary.datagrams() == 0)
            {
                err.println("error: all " + summary.badChecksums() + " UDP checksums failed: captured on the " +
                    "sending host with checksum offload? use --no-udp-checksum");
                return 1;
            }

            if (summary.damage() != null)
            {
                err.println("warning: " + summary.damage() + ": replayed the records before it");
            }
            final EngineReplay.Options options = EngineReplay.defaults();
            final EngineReplay.Result engine;
            try (PcapPacketSource source = PcapPacketSource.open(capture, udpChecksum))
            {
                engine = EngineReplay.run(source, source::isEnd, lineMap, ordersPath == null ? options :
                    new EngineReplay.Options(options.channelOptions().withMbo(true), options.snapshotFeed(),
                    options.listener()));
            }
            if (booksPath != null)
            {
                engine.writeBooks(booksPath);
            }
            if (ordersPath != null)
            {
                engine.writeOrders(ordersPath);
            }
            out.println(json ? engine.appendTo(summary.toJson()) : summary.toText() + "\n" + engine.toText());
            return 0;
        }
        catch (final CaptureFormatException | ConfigurationException ex)
        {
            err.println("error: " + ex.getMessage());
            return 1;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            err.println("error: cannot write events file " + eventsPath + ": " + ex.getMessage());
            return 1;
        }
        catch (final RuntimeException | LinkageError ex)
        {
            err.println("error: replay failed: " + ex + " (run it with scripts/replay, which sets the JVM flags)");
            return 1;
        }
    }
}
