package io.xdpfeed.handler;

import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.handler.config.LineMap;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real captures in src/test/resources/cme-mdp3 and their datagrams as copies.
 */
public final class TestCaptures
{
    /** 2018, pcap, schema v9, 100 frames. */
    public static final String V9 = "Cme.Mdp3.Sbe.v9.1.Example";
    /** 2016, pcapng, schema v8, channel 320 A/B. */
    public static final String V8 = "Cme.Mdp3.Sbe.v8.1.Example";
    /** 2016, pcapng, schema v6, channel 340 A/B. */
    public static final String V6 = "Cme.Mdp3.Sbe.v6.1";

    /**
     * One datagram copied out of a capture.
     *
     * @param groupAddress destination group.
     * @param port         destination port.
     * @param payload      UDP payload.
     * @param receiveTimeNs capture timestamp.
     */
    public record Datagram(int groupAddress, int port, byte[] payload, long receiveTimeNs)
    {
    }

    private TestCaptures()
    {
    }

    /**
     * @param name of a resource under the test resources.
     * @return its path.
     */
    public static Path resource(final String name)
    {
        final URL url = TestCaptures.class.getResource("/" + name);
        if (url == null)
        {
            throw new IllegalStateException("test resource missing: " + name);
        }
        try
        {
            return Path.of(url.toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @param capture one of {@link #V9}, {@link #V8}, {@link #V6}.
     * @return the capture file.
     */
    public static Path capture(final String capture)
    {
        return resource("cme-mdp3/" + capture + ".pcap");
    }

    /**
     * @param capture one of {@link #V9}, {@link #V8}, {@link #V6}.
     * @return the line map of its config.
     */
    public static LineMap config(final String capture)
    {
        return CmeConfigParser.parse(resource("cme-mdp3/" + capture + ".config.xml"));
    }

    /**
     * @param path of a capture.
     * @return copies of all its UDP datagrams, in capture order.
     */
    public static List<Datagram> datagrams(final Path path)
    {
        final List<Datagram> datagrams = new ArrayList<>();
        try (PcapPacketSource source = PcapPacketSource.open(path))
        {
            while (!source.isEnd())
            {
                source.poll((group, port, buffer, offset, length, receiveTimeNs) ->
                {
                    final byte[] payload = new byte[length];
                    buffer.getBytes(offset, payload);
                    datagrams.add(new Datagram(group, port, payload, receiveTimeNs));
                }, 64);
            }
        }
        return datagrams;
    }
}
