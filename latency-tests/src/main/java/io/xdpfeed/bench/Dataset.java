package io.xdpfeed.bench;

import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.engine.WarmUpPackets;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.CmeConfigWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The MDP 3.0 datagrams a benchmark pushes through the handler, with the line map that says which line each is on:
 * <ul>
 *   <li>{@code synthetic}: one instrument, 12 MBP entries of template 46 per packet ({@link #syntheticPayloads}),
 *       lines A and B;</li>
 *   <li>{@code sim}: the exchange simulator's incremental lines A and B (10 instruments, books, trades, volume,
 *       status; no faults);</li>
 *   <li>{@code v9.1}, {@code v8.1}, {@code v6.1}: the real CME captures with their config.xml.</li>
 * </ul>
 * Setup code: allocates.
 */
public final class Dataset
{
    /** Dataset names benchmarks take as a parameter. */
    public static final String[] NAMES = { "synthetic", "sim", "v9.1", "v8.1", "v6.1" };

    /** SecurityID of the synthetic instrument. */
    public static final int SYNTHETIC_SECURITY_ID = 1001;
    /** Packets of the synthetic and simulated datasets. */
    public static final int GENERATED_PACKETS = 4096;

    private static final long SYNTHETIC_START_TIME_NS = 1_767_623_400_000_000_000L;

    /**
     * One UDP datagram.
     *
     * @param groupAddress destination group.
     * @param port         destination port.
     * @param payload      the MDP packet.
     */
    public record Datagram(int groupAddress, int port, byte[] payload)
    {
    }

    private final String name;
    private final List<Datagram> datagrams;
    private final LineMap lineMap;

    private Dataset(final String name, final List<Datagram> datagrams, final LineMap lineMap)
    {
        this.name = name;
        this.datagrams = datagrams;
        this.lineMap = lineMap;
    }

    /**
     * @param name one of {@link #NAMES}, or the file name of a capture (without .pcap) beside its .config.xml.
     * @return the datagrams and line map.
     */
    public static Dataset load(final String name)
    {
        return switch (name)
        {
            case "synthetic" -> synthetic();
            case "sim" -> simulated();
            case "v9.1" -> capture("Cme.Mdp3.Sbe.v9.1.Example");
            case "v8.1" -> capture("Cme.Mdp3.Sbe.v8.1.Example");
            case "v6.1" -> capture("Cme.Mdp3.Sbe.v6.1");
            default -> capture(name);
        };
    }

    /**
     * The synthetic instrument's packets, built by the handler's one synthetic-packet builder ({@link WarmUpPackets},
     * one instrument, seed 42): MsgSeqNum 1..count, SendingTime 10 us apart.
     *
     * @param count packets to build.
     * @return the UDP payloads.
     */
    public static List<byte[]> syntheticPayloads(final int count)
    {
        final WarmUpPackets builder = new WarmUpPackets(SYNTHETIC_SECURITY_ID, 1, 42);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[WarmUpPackets.MAX_LENGTH]);
        final List<byte[]> payloads = new ArrayList<>(count);
        for (int seq = 1; seq <= count; seq++)
        {
            final byte[] payload = new byte[builder.next(buffer, SYNTHETIC_START_TIME_NS + seq * 10_000L)];
            buffer.getBytes(0, payload);
            payloads.add(payload);
        }
        return payloads;
    }

    private static Dataset synthetic()
    {
        final LineMap lineMap = CmeConfigParser.privateChannel("Synthetic 12-entry book packets", "239.77.9.1",
            "239.77.9.2");
        final int a = LineMap.parseAddress("239.77.9.1");
        final int b = LineMap.parseAddress("239.77.9.2");
        final List<Datagram> datagrams = new ArrayList<>();
        for (final byte[] packet : syntheticPayloads(GENERATED_PACKETS))
        {
            datagrams.add(new Datagram(a, 19001, packet));
            datagrams.add(new Datagram(b, 19002, packet.clone()));
        }
        return new Dataset("synthetic", datagrams, lineMap);
    }

    private static Dataset simulated()
    {
        final SimulatorConfig config = SimulatorConfig.builder()
            .instruments(10).packets(GENERATED_PACKETS).seed(7).snapshotEvery(1_000_000).definitionEvery(1_000_000)
            .build();
        final LineMap lineMap = CmeConfigParser.parse(new ByteArrayInputStream(
            CmeConfigWriter.toXml(config).getBytes(StandardCharsets.UTF_8)), "simulator config");
        final List<Datagram> datagrams = new ArrayList<>();
        new ExchangeSimulator(config).run((line, buffer, offset, length, timeNs) ->
        {
            if (line.isIncremental())
            {
                final byte[] payload = new byte[length];
                buffer.getBytes(offset, payload);
                datagrams.add(new Datagram(config.channel().groupAddress(line), config.channel().port(line), payload));
            }
        });
        return new Dataset("sim", datagrams, lineMap);
    }

    private static Dataset capture(final String captureName)
    {
        final Path file = find(captureName + ".pcap");
        final Path config = file.resolveSibling(captureName + ".config.xml");
        final List<Datagram> datagrams = new ArrayList<>();
        try (PcapPacketSource source = PcapPacketSource.open(file))
        {
            while (!source.isEnd())
            {
                source.poll((group, port, buffer, offset, length, time) ->
                {
                    final byte[] payload = new byte[length];
                    buffer.getBytes(offset, payload);
                    datagrams.add(new Datagram(group, port, payload));
                }, 256);
            }
        }
        return new Dataset(captureName, datagrams, CmeConfigParser.parse(config));
    }

    /**
     * @param fileName a capture's file name.
     * @return its path under {@code data/cme-mdp3} or {@code feed-handler/src/test/resources/cme-mdp3} of
     * {@code -Dxdpfeed.home} (default: the working directory) or its parent (a module directory).
     */
    public static Path find(final String fileName)
    {
        final Path home = Path.of(System.getProperty("xdpfeed.home", "."));
        for (final Path root : new Path[]{ home, home.resolve("..") })
        {
            for (final String dir : new String[]{ "data/cme-mdp3/", "feed-handler/src/test/resources/cme-mdp3/" })
            {
                final Path file = root.resolve(dir + fileName);
                if (Files.exists(file))
                {
                    return file.normalize();
                }
            }
        }
        throw new IllegalStateException(fileName + " not found under " + home.toAbsolutePath() +
            "/data/cme-mdp3 or feed-handler/src/test/resources/cme-mdp3: run from the repository or set " +
            "-Dxdpfeed.home");
    }

    /**
     * @return the dataset's name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return every datagram, in arrival order.
     */
    public List<Datagram> datagrams()
    {
        return datagrams;
    }

    /**
     * @return which (group, port) is which line.
     */
    public LineMap lineMap()
    {
        return lineMap;
    }
}
