package io.xdpfeed.handler.config;

import io.xdpfeed.common.config.ConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads CME's channel configuration file ({@code config.xml}) into a {@link LineMap}.
 * <p>
 * The format, as CME publishes it:
 * <pre>
 * &lt;configuration&gt;
 *   &lt;channel id="310" label="CME Globex Equity Futures"&gt;
 *     &lt;products&gt;...&lt;/products&gt;
 *     &lt;connections&gt;
 *       &lt;connection id="310IA"&gt;
 *         &lt;type feed-type="I"&gt;Incremental&lt;/type&gt;
 *         &lt;protocol&gt;UDP/IP&lt;/protocol&gt;
 *         &lt;ip&gt;224.0.31.1&lt;/ip&gt;
 *         &lt;port&gt;14310&lt;/port&gt;
 *         &lt;feed&gt;A&lt;/feed&gt;
 *       &lt;/connection&gt;
 * </pre>
 * Every UDP connection becomes a line. TCP connections (historical replay) carry no multicast and are left out.
 * Errors say which file, channel and connection hold the bad value. A channel id given twice, an (ip, port) used by
 * two connections and an {@code <ip>} that is not a multicast group are errors: merging them would silently treat
 * two channels' sequence numbers as one (a copy of one taken as the other's duplicate).
 */
public final class CmeConfigParser
{
    private CmeConfigParser()
    {
    }

    /**
     * Parse a config file.
     *
     * @param path of CME's config.xml.
     * @return the line map of its UDP connections.
     * @throws ConfigurationException when the file cannot be read or is not a CME config.
     */
    public static LineMap parse(final Path path)
    {
        try (InputStream in = Files.newInputStream(path))
        {
            return parse(in, path.toString());
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigurationException("config file not found: " + path);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("cannot read config file " + path + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * The line map of a private channel of the handler's (the warm-up's) or of a benchmark: channel 1, its
     * incremental feed on two lines, A on {@code groupA:19001} and B on {@code groupB:19002}, written as the
     * config.xml a user would give and parsed as one.
     *
     * @param name   of the channel, for error messages (its label).
     * @param groupA multicast group of line A, e.g. {@code 239.77.250.1}.
     * @param groupB multicast group of line B.
     * @return the line map.
     */
    public static LineMap privateChannel(final String name, final String groupA, final String groupB)
    {
        final String xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <configuration environment="Private">
              <channel id="1" label="%s">
                <connections>
                  <connection id="1IA"><type feed-type="I">Incremental</type><protocol>UDP/IP</protocol>
                    <ip>%s</ip><port>19001</port><feed>A</feed></connection>
                  <connection id="1IB"><type feed-type="I">Incremental</type><protocol>UDP/IP</protocol>
                    <ip>%s</ip><port>19002</port><feed>B</feed></connection>
                </connections>
              </channel>
            </configuration>
            """.formatted(name, groupA, groupB);
        return parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), name + " config");
    }

    /**
     * Parse a config from a stream.
     *
     * @param in   the XML.
     * @param name for error messages, e.g. the file name.
     * @return the line map of its UDP connections.
     * @throws ConfigurationException when it is not a CME config.
     */
    public static LineMap parse(final InputStream in, final String name)
    {
        final Document document;
        try
        {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            final DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            document = builder.parse(in);
        }
        catch (final SAXException ex)
        {
            throw new ConfigurationException(name + " is not well-formed XML: " + ex.getMessage(), ex);
        }
        catch (final ParserConfigurationException | IOException ex)
        {
            throw new ConfigurationException("cannot read " + name + ": " + ex.getMessage(), ex);
        }

        final Element root = document.getDocumentElement();
        if (!"configuration".equals(root.getTagName()))
        {
            throw new ConfigurationException(
                name + " is not a CME config.xml: root element is <" + root.getTagName() + ">, expected <configuration>");
        }

        final LineMap lineMap = LineMap.configured();
        final NodeList channels = root.getElementsByTagName("channel");
        final Set<Integer> channelIds = new HashSet<>();
        for (int i = 0; i < channels.getLength(); i++)
        {
            parseChannel(name, (Element)channels.item(i), lineMap, channelIds);
        }
        if (lineMap.lineCount() == 0)
        {
            throw new ConfigurationException(name + " has no UDP connection in any <channel>: nothing to receive");
        }
        return lineMap;
    }

    private static void parseChannel(
        final String name, final Element channel, final LineMap lineMap, final Set<Integer> channelIds)
    {
        final String channelIdText = channel.getAttribute("id");
        final int channelId;
        try
        {
            channelId = Integer.parseInt(channelIdText.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigurationException(name + ": <channel id=\"" + channelIdText + "\"> is not a number");
        }
        if (!channelIds.add(channelId))
        {
            throw new ConfigurationException(name + ": channel " + channelId + ": <channel id=\"" + channelIdText +
                "\"> appears twice: each channel id must be one <channel>");
        }

        final NodeList connections = channel.getElementsByTagName("connection");
        for (int i = 0; i < connections.getLength(); i++)
        {
            final Element connection = (Element)connections.item(i);
            final String connectionId = connection.getAttribute("id");
            final String where = name + ": channel " + channelId + " connection " + connectionId;
            final String protocol = childText(connection, "protocol");
            if (protocol != null && protocol.toUpperCase().startsWith("TCP"))
            {
                continue;
            }

            final Element type = child(connection, "type");
            final String feedTypeCode = type == null ? null : type.getAttribute("feed-type");
            final FeedType feedType = feedTypeCode == null ? null : FeedType.fromCode(feedTypeCode.trim());
            if (feedType == null)
            {
                throw new ConfigurationException(
                    where + ": <type feed-type=\"" + feedTypeCode + "\"> is not one of I, N, S, SMBO, H");
            }

            final String ip = childText(connection, "ip");
            final String portText = childText(connection, "port");
            final String feedCode = childText(connection, "feed");
            if (ip == null || portText == null || feedCode == null)
            {
                throw new ConfigurationException(where + ": needs <ip>, <port> and <feed>");
            }

            final int groupAddress;
            try
            {
                groupAddress = LineMap.parseAddress(ip);
            }
            catch (final ConfigurationException ex)
            {
                throw new ConfigurationException(where + ": " + ex.getMessage());
            }
            if (!LineMap.isMulticast(groupAddress))
            {
                throw new ConfigurationException(where + ": <ip>" + ip + "</ip> is not a multicast group " +
                    "(224.0.0.0 to 239.255.255.255)");
            }

            final int port;
            try
            {
                port = Integer.parseInt(portText.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new ConfigurationException(where + ": <port>" + portText + "</port> is not a number");
            }
            if (port < 1 || port > 65535)
            {
                throw new ConfigurationException(where + ": <port>" + portText + "</port> is not in 1..65535");
            }

            final Feed feed = Feed.fromCode(feedCode.trim());
            if (feed == null)
            {
                throw new ConfigurationException(where + ": <feed>" + feedCode + "</feed> is neither A nor B");
            }

            final int existing = lineMap.lineId(groupAddress, port);
            if (existing != LineMap.NO_LINE)
            {
                final Line used = lineMap.line(existing);
                throw new ConfigurationException(where + ": " + LineMap.formatAddress(groupAddress) + ":" + port +
                    " is already used by channel " + used.channelId() + " connection " + used.connectionId() +
                    ": each (ip, port) must be one connection");
            }
            lineMap.addLine(channelId, feedType, feed, groupAddress, port, connectionId);
        }
    }

    private static Element child(final Element parent, final String tag)
    {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling())
        {
            if (node instanceof final Element element && tag.equals(element.getTagName()))
            {
                return element;
            }
        }
        return null;
    }

    private static String childText(final Element parent, final String tag)
    {
        final Element element = child(parent, tag);
        if (element == null)
        {
            return null;
        }
        final String text = element.getTextContent().trim();
        return text.isEmpty() ? null : text;
    }
}
