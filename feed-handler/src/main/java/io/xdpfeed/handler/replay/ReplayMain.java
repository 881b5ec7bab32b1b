package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.capture.CaptureFormatException;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.engine.Configuration;
import io.xdpfeed.handler.engine.ConfigurationKeys;
import io.xdpfeed.handler.protocol.Protocols;

import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * {@code scripts/replay [--protocol mdp3|itch] [--config FILE] <capture> [--events FILE] [--books FILE]
 * [--orders FILE] [--summary-json] [--no-udp-checksum]}: replays a pcap or pcapng capture once through the engine
 * the live handler runs ({@link Replay}: line routing, A/B sequencing with the reorder window, snapshot recovery, books) and prints a
 * summary of the engine's counts (with {@code --summary-json}, the last line of stdout is one JSON object); the same
 * run writes {@code --events} (what the publisher would be told), {@code --books} and (with MBO on for every channel)
 * {@code --orders}. Exit status: 0 done (a damaged capture is replayed up to the damage and says so), 1 the capture
 * or config cannot be used or an output cannot be written (checked before the work where it can be), 2 bad usage.
 * Output files are written to a temporary name and renamed at the end ({@link OutputFile}).
 * <p>
 * The protocol ({@link Protocols}): {@code --protocol}; else, with a {@code --config} properties file (not XML),
 * Nasdaq ITCH 5.0 over MoldUDP64 when its {@code xdpfeed.protocol} is {@code itch} or it has ITCH lines
 * ({@code xdpfeed.itch.lines.a}: the handler's own properties file, or what
 * {@code exchange-sim --protocol itch --config-out} writes); CME MDP 3.0 with a config.xml; without a
 * {@code --config}, the protocol whose framing the capture's first datagrams have ({@link CaptureProtocol}, MDP 3.0
 * when none). A capture none of whose datagrams is a valid packet of the protocol is replayed with a warning.
 * <p>
 * UDP checksums are verified as the kernel would: a datagram whose checksum fails is counted ({@code badChecksums})
 * and dropped, so the other line's copy is used. A capture in which every datagram fails its checksum was taken on
 * the sending host with checksum offload: that stops the replay with exit 1 and one line pointing to
 * {@code --no-udp-checksum}.
 */
public final class ReplayMain
{
    static final String USAGE =
        "usage: replay [--protocol mdp3|itch] [--config FILE] <capture.pcap|capture.pcapng> [--events FILE]\n" +
        "              [--books FILE] [--orders FILE] [--summary-json] [--no-udp-checksum]\n" +
        "  --protocol P     mdp3 (CME MDP 3.0) or itch (Nasdaq ITCH 5.0 over MoldUDP64); without it, a --config\n" +
        "                   properties file with xdpfeed.protocol=itch or xdpfeed.itch.lines.a means itch, a\n" +
        "                   config.xml mdp3, and no --config the protocol the capture's first datagrams are framed as\n" +
        "  --config FILE    the line map: CME's config.xml (mdp3), or a properties file with the xdpfeed.itch.*\n" +
        "                   lines (itch); lines, A/B arbitration (without it every (group, port) is its own line\n" +
        "                   and nothing is arbitrated)\n" +
        "  --events FILE    write one JSON line per record the engine would publish (book, trade, status, ...)\n" +
        "  --books FILE     write the final books of the feed engine (sequencing, snapshot recovery, books) as JSON\n" +
        "  --orders FILE    keep market-by-order books on every channel and write the final ones as JSON\n" +
        "  --summary-json   print the summary as one JSON object on the last line of stdout\n" +
        "  --no-udp-checksum  do not verify UDP checksums (a capture taken on the sending host, whose NIC\n" +
        "                   fills them in after the capture point)";

    private static final Pattern PROPERTIES_KEY = Pattern.compile("(?m)^\\s*xdpfeed\\.");

    private ReplayMain()
    {
    }

    /**
     * @return true when the file is the handler's properties rather than CME's config.xml: not XML (its first
     * non-blank character is not {@code <}) and holding an {@code xdpfeed.} key; anything else (XML, a file that
     * cannot be read, something else entirely) goes to the config.xml parser, which says what is wrong with it.
     */
    private static boolean isProperties(final Path file)
    {
        final String text;
        try
        {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        }
        catch (final IOException ex)
        {
            return false;
        }
        final String trimmed = text.strip();
        return !trimmed.startsWith("<") && !trimmed.startsWith("\u00EF\u00BB\u00BF<") &&
            PROPERTIES_KEY.matcher(text).find();
    }

    /**
     * @return {@code xdpfeed.mbo.max.orders} of a properties config, the default without one.
     * @throws ConfigurationException naming key and value when it is not an integer in 1..2^24 (as the handler).
     */
    private static int maxOrdersPerBook(final Properties properties)
    {
        final String value = properties == null ? "" :
            properties.getProperty(Configuration.MBO_MAX_ORDERS_PROP_NAME, "").strip();
        if (value.isEmpty())
        {
            return ChannelOptions.DEFAULT_MAX_ORDERS_PER_BOOK;
        }
        if (!value.matches("-?[0-9]{1,18}"))
        {
            throw new ConfigurationException(Configuration.MBO_MAX_ORDERS_PROP_NAME + "=" + value + " is not an integer");
        }
        final long maxOrders = Long.parseLong(value);
        Configuration.checkMboMaxOrders(maxOrders);
        return (int)maxOrders;
    }

    private static boolean itchProperties(final Properties properties)
    {
        return Protocols.ITCH.equals(properties.getProperty(Configuration.PROTOCOL_PROP_NAME, "").trim()) ||
            properties.getProperty(PropertiesLineMap.ITCH_LINES_A_PROP_NAME) != null;
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
        String protocol = null;
        Path capture = null;
        Path eventsPath = null;
        Path booksPath = null;
        Path ordersPath = null;
        boolean json = false;
        boolean udpChecksum = true;
        try
        {
            final CommandLine line = new CommandLine(args);
            for (final String arg : line)
            {
                switch (arg)
                {
                    case "--config" -> config = line.path(arg);
                    case "--protocol" ->
                    {
                        protocol = line.value(arg);
                        if (!Protocols.isKnown(protocol))
                        {
                            throw new UsageException("--protocol " + protocol + ": one of " +
                                String.join(", ", Protocols.NAMES));
                        }
                    }
                    case "--events" -> eventsPath = line.path(arg);
                    case "--books" -> booksPath = line.path(arg);
                    case "--orders" -> ordersPath = line.path(arg);
                    case "--summary-json" -> json = true;
                    case "--no-udp-checksum" -> udpChecksum = false;
                    case "-h", "--help" ->
                    {
                        out.println(USAGE);
                        return CommandLine.EXIT_OK;
                    }
                    default -> capture = CommandLine.operand(arg, capture);
                }
            }
            if (capture == null)
            {
                throw new UsageException("no capture file given");
            }
        }
        catch (final UsageException ex)
        {
            return CommandLine.usageError(err, "error", ex.getMessage(), USAGE);
        }

        // outputs are opened before the work, so that an unwritable path fails now and not after the replay
        OutputFile events = null;
        OutputFile books = null;
        OutputFile orders = null;
        try
        {
            events = eventsPath == null ? null : OutputFile.open("--events", eventsPath);
            books = booksPath == null ? null : OutputFile.open("--books", booksPath);
            orders = ordersPath == null ? null : OutputFile.open("--orders", ordersPath);

            final LineMap lineMap;
            final Properties properties =
                config != null && isProperties(config) ? ConfigurationKeys.load(config) : null;
            if (protocol == null && properties != null)
            {
                protocol = itchProperties(properties) ? Protocols.ITCH : Configuration.checkProtocol(
                    properties.getProperty(Configuration.PROTOCOL_PROP_NAME, Configuration.PROTOCOL_DEFAULT).trim());
            }
            else if (protocol == null && config != null)
            {
                protocol = Protocols.MDP3;
            }
            else if (protocol == null)
            {
                final CaptureProtocol detected = CaptureProtocol.detect(capture, udpChecksum);
                protocol = detected.protocol();
                if (!Protocols.MDP3.equals(protocol))
                {
                    err.println("note: no --protocol given: " + detected.framed() + " of the first " +
                        detected.sampled() + " datagrams are " + protocol + " packets: replayed as --protocol " +
                        protocol);
                }
            }
            if (properties != null && Protocols.ITCH.equals(protocol))
            {
                lineMap = Configuration.itchLines(properties).lineMap();
            }
            else if (config != null)
            {
                lineMap = CmeConfigParser.parse(config);
            }
            else
            {
                lineMap = LineMap.unconfigured(Replay.MAX_UNCONFIGURED_LINES);
                err.println("note: no --config given: every (group, port) is its own line, no A/B arbitration");
            }

            final Replay.Result replay = Replay.run(capture, lineMap, orders != null,
                events == null ? null : events.writer(), udpChecksum,
                Protocols.forName(protocol).configure(properties == null ? new Properties() : properties),
                maxOrdersPerBook(properties));
            final ReplaySummary summary = replay.summary();
            if (summary.badChecksums() > 0 && summary.datagrams() == 0)
            {
                err.println("error: all " + summary.badChecksums() + " UDP checksums failed: captured on the " +
                    "sending host with checksum offload? use --no-udp-checksum");
                return CommandLine.EXIT_FAILURE;
            }
            if (events != null)
            {
                events.commit();
            }

            if (summary.acceptedPackets() == 0 && summary.malformed() > 0)
            {
                err.println("warning: none of the " + summary.datagrams() + " datagrams is a valid " + protocol +
                    " packet (" + summary.malformed() + " malformed): is the capture of another protocol? (--protocol " +
                    String.join(", ", Protocols.NAMES) + ")");
            }
            if (summary.damage() != null)
            {
                err.println("warning: " + summary.damage() + ": replayed the records before it");
            }
            if (books != null)
            {
                BookJsonWriter.write(replay.engine().engine(), books.writer());
                books.commit();
            }
            if (orders != null)
            {
                OrderBookJsonWriter.write(replay.engine().engine(), orders.writer());
                orders.commit();
            }
            out.println(json ? summary.toJson() : summary.toText());
            if (out.checkError())
            {
                // e.g. > /dev/full: a summary nobody can read is a failed run, not a silent success
                err.println("error: cannot write the summary to standard output");
                return CommandLine.EXIT_FAILURE;
            }
            return CommandLine.EXIT_OK;
        }
        catch (final CaptureFormatException | ConfigurationException | UncheckedIOException ex)
        {
            err.println("error: " + ex.getMessage());
            return CommandLine.EXIT_FAILURE;
        }
        catch (final IOException ex)
        {
            err.println("error: " + ex.getMessage());
            return CommandLine.EXIT_FAILURE;
        }
        catch (final RuntimeException | LinkageError ex)
        {
            err.println("error: replay failed: " + ex + " (run it with scripts/replay, which sets the JVM flags)");
            return CommandLine.EXIT_FAILURE;
        }
        finally
        {
            CloseHelper.quietCloseAll(events, books, orders);
        }
    }
}
