package io.xdpfeed.sim;

import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.truth.BookComparison;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.sim.wire.CmeConfigWriter;
import io.xdpfeed.common.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * config.xml in CME's format and the books JSON.
 */
@Timeout(30)
class OutputFormatsTest
{
    @Test
    void configXmlHasTheChannelsLinesInCmeFormat() throws Exception
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(10).build();
        final Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(
            new ByteArrayInputStream(CmeConfigWriter.toXml(config).getBytes(StandardCharsets.UTF_8)));
        final Element root = document.getDocumentElement();
        assertEquals("configuration", root.getTagName());
        final NodeList channels = root.getElementsByTagName("channel");
        assertEquals(1, channels.getLength());
        final Element channel = (Element)channels.item(0);
        assertEquals("1", channel.getAttribute("id"));
        assertEquals(3, channel.getElementsByTagName("product").getLength(), "10 instruments, 4 per product");

        final Map<String, String> lines = new HashMap<>();
        final NodeList connections = channel.getElementsByTagName("connection");
        for (int i = 0; i < connections.getLength(); i++)
        {
            final Element connection = (Element)connections.item(i);
            final Element type = (Element)connection.getElementsByTagName("type").item(0);
            assertEquals("UDP/IP", text(connection, "protocol"));
            assertEquals("10.77.0.1", text(connection, "host-ip"));
            lines.put(connection.getAttribute("id"), type.getAttribute("feed-type") + " " + text(connection, "ip") +
                ":" + text(connection, "port") + " " + text(connection, "feed"));
        }
        assertEquals(Map.of(
            "1IA", "I 224.0.31.1:14310 A",
            "1IB", "I 224.0.32.1:15310 B",
            "1SA", "S 224.0.25.1:6310 A",
            "1NA", "N 224.0.26.1:7310 A"), lines);
    }

    @Test
    void linesCanMove()
    {
        final ChannelConfig channel = ChannelConfig.defaults().withChannelId(310)
            .withLine(SimLine.INCREMENTAL_A, "239.1.1.1:20000");
        assertEquals(ChannelConfig.parseAddress("239.1.1.1"), channel.groupAddress(SimLine.INCREMENTAL_A));
        assertEquals(SimLine.INCREMENTAL_A, channel.lineOf(ChannelConfig.parseAddress("239.1.1.1"), 20000));
        assertTrue(CmeConfigWriter.toXml(SimulatorConfig.builder().channel(channel).build())
            .contains("<connection id=\"310IA\">"));
        assertThrows(ConfigurationException.class, () -> channel.withLine(SimLine.SNAPSHOT_A, "10.0.0.1:1"));
        assertThrows(ConfigurationException.class, () -> channel.withLine(SimLine.SNAPSHOT_A, "224.0.0.1"));
        assertThrows(ConfigurationException.class, () -> channel.withChannelId(0));
    }

    @Test
    void booksJsonRoundTrips()
    {
        final SortedMap<Integer, TruthBook> books = new TreeMap<>();
        books.put(1002, new TruthBook(List.of(), List.of()));
        books.put(1001, new TruthBook(
            List.of(new TruthBook.Level(2_499_750_000_000L, 120, 7), new TruthBook.Level(2_499_500_000_000L, 1, 1)),
            List.of(new TruthBook.Level(2_500_000_000_000L, 35, 2))));
        final String json = TruthJson.toJson(books);
        assertEquals("""
            {
              "1001": {"bids": [[2499750000000, 120, 7], [2499500000000, 1, 1]], "asks": [[2500000000000, 35, 2]]},
              "1002": {"bids": [], "asks": []}
            }
            """, json);
        assertEquals(books, TruthJson.parse(json));
        assertEquals(books, TruthJson.parse(json.replace("\n", "").replace(" ", "")));
        assertThrows(IllegalArgumentException.class, () -> TruthJson.parse("{\"1\": {\"bids\": [[1, 2]]}}"));
    }

    @Test
    void bookComparisonNamesTheFirstDifference()
    {
        final TruthBook book = new TruthBook(List.of(new TruthBook.Level(100, 1, 1)),
            List.of(new TruthBook.Level(200, 5, 2), new TruthBook.Level(300, 7, 3)));
        final TruthBook other = new TruthBook(List.of(new TruthBook.Level(100, 1, 1)),
            List.of(new TruthBook.Level(200, 5, 2), new TruthBook.Level(301, 7, 3)));
        assertEquals(null, BookComparison.firstDifference(Map.of(1, book), Map.of(1, book)));
        assertEquals("1 asks level 2: expected [300, 7, 3] but was [301, 7, 3]",
            BookComparison.firstDifference(Map.of(1, book), Map.of(1, other)));
        assertEquals("1 bids level 1: expected [100, 1, 1] but was no level",
            BookComparison.firstDifference(Map.of(1, book), Map.of(1, new TruthBook(List.of(), book.asks()))));
        assertEquals("2: missing (expected 1 bids, 2 asks but was no book)",
            BookComparison.firstDifference(Map.of(1, book, 2, book), Map.of(1, book)));
    }

    private static String text(final Element parent, final String tag)
    {
        return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}
