package io.xdpfeed.sim.wire;

import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.market.Instrument;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.common.config.OutputPaths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Writes the simulated channel as a CME {@code config.xml}, in the format CME publishes (see
 * {@code reference/cme-config-certification-2018.xml}): one {@code <channel>} with its products and the connections
 * of its incremental A and B, snapshot (S) and instrument replay (N) lines.
 */
public final class CmeConfigWriter
{
    private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("yyyy/MM/dd-HH:mm:ss")
        .withZone(ZoneOffset.UTC);

    private CmeConfigWriter()
    {
    }

    /**
     * The config.xml text of a simulation's channel.
     *
     * @param config of the simulation.
     * @return the XML.
     */
    public static String toXml(final SimulatorConfig config)
    {
        final ChannelConfig channel = config.channel();
        final Set<String> assets = new LinkedHashSet<>();
        for (int i = 0; i < config.instruments(); i++)
        {
            assets.add(Instrument.assetCode(i / 4));
        }

        final StringBuilder xml = new StringBuilder(2048);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\n");
        xml.append("<configuration environment=\"xdpfeed simulator\" updated=\"")
            .append(UPDATED.format(Instant.ofEpochSecond(config.startTimeNs() / 1_000_000_000L))).append("\">\n");
        xml.append("  <channel id=\"").append(channel.channelId()).append("\" label=\"")
            .append(escape(channel.label())).append("\">\n");
        xml.append("    <products>\n");
        for (final String asset : assets)
        {
            xml.append("      <product code=\"").append(asset).append("\">\n");
            xml.append("        <group code=\"").append(asset).append("\"/>\n");
            xml.append("      </product>\n");
        }
        xml.append("    </products>\n");
        xml.append("   <connections>\n");
        final String hostIp = ChannelConfig.formatAddress(channel.sourceAddress());
        for (final SimLine line : SimLine.values())
        {
            xml.append("    <connection id=\"").append(channel.channelId()).append(line.connectionSuffix())
                .append("\">\n");
            xml.append("      <type feed-type=\"").append(line.feedType()).append("\">").append(line.typeName())
                .append("</type>\n");
            xml.append("      <protocol>UDP/IP</protocol>\n");
            xml.append("      <ip>").append(ChannelConfig.formatAddress(channel.groupAddress(line))).append("</ip>\n");
            xml.append("      <host-ip>").append(hostIp).append("</host-ip>\n");
            xml.append("      <port>").append(channel.port(line)).append("</port>\n");
            xml.append("      <feed>").append(line.feed()).append("</feed>\n");
            xml.append("    </connection>\n");
        }
        xml.append("   </connections>\n");
        xml.append("  </channel>\n");
        xml.append("</configuration>\n");
        return xml.toString();
    }

    /**
     * Write the config.xml of a simulation's channel.
     *
     * @param path   to write.
     * @param config of the simulation.
     */
    public static void write(final Path path, final SimulatorConfig config)
    {
        try
        {
            Files.writeString(path, toXml(config), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("cannot write config " + path + ": " + OutputPaths.reason(ex), ex);
        }
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
