package io.xdpfeed.handler.config;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class CmeConfigParserTest
{
    private static LineMap parse(final String xml)
    {
        return CmeConfigParser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
    }

    private static String connection(final String id, final String feedType, final String ip, final String port,
        final String feed)
    {
        return "<connection id=\"" + id + "\"><type feed-type=\"" + feedType + "\">x</type><protocol>UDP/IP</protocol>" +
            "<ip>" + ip + "</ip><port>" + port + "</port><feed>" + feed + "</feed></connection>";
    }

    private static String config(final String channelId, final String... connections)
    {
        return "<configuration><channel id=\"" + channelId + "\" label=\"t\"><connections>" +
            String.join("", connections) + "</connections></channel></configuration>";
    }

    @Test
    void certificationConfigHasEveryUdpConnection()
    {
        final LineMap lineMap = CmeConfigParser.parse(TestCaptures.resource("config/cme-config-certification-2018.xml"));
        assertTrue(lineMap.isConfigured());
        assertEquals(310, lineMap.lineCount());
        assertEquals(66, lineMap.channelCount());

        final int a = lineMap.lineId(LineMap.parseAddress("224.0.25.1"), 17901);
        final int b = lineMap.lineId(LineMap.parseAddress("224.0.25.9"), 18901);
        final int n = lineMap.lineId(LineMap.parseAddress("224.0.25.126"), 16901);
        final int s = lineMap.lineId(LineMap.parseAddress("224.0.25.126"), 19901);
        final int mbo = lineMap.lineId(LineMap.parseAddress("224.0.25.227"), 21901);
        assertEquals(new Line(a, lineMap.channelIndex(a), 901, FeedType.INCREMENTAL, Feed.A,
            LineMap.parseAddress("224.0.25.1"), 17901, "901IA"), lineMap.line(a));
        assertEquals(Feed.B, lineMap.line(b).feed());
        assertEquals(lineMap.channelIndex(a), lineMap.channelIndex(b));
        assertEquals(901, lineMap.channelId(lineMap.channelIndex(b)));
        assertEquals(FeedType.INSTRUMENT_REPLAY, lineMap.line(n).feedType());
        assertEquals(FeedType.SNAPSHOT, lineMap.line(s).feedType());
        assertEquals(FeedType.SNAPSHOT_MBO, lineMap.line(mbo).feedType());
        assertTrue(lineMap.line(a).isArbitrated());
        assertFalse(lineMap.line(s).isArbitrated());
        assertEquals("224.0.25.1:17901", lineMap.line(a).endpoint());

        assertEquals(LineMap.NO_LINE, lineMap.lineId(LineMap.parseAddress("224.0.25.1"), 17902));
        assertEquals(LineMap.NO_LINE, lineMap.lineId(LineMap.parseAddress("224.0.25.2"), 17901));
        assertEquals(310, lineMap.lineCount(), "a configured map never grows");
    }

    @Test
    void aPrivateChannelIsChannelOneWithItsIncrementalFeedOnTwoLines()
    {
        final LineMap lineMap = CmeConfigParser.privateChannel("warm-up", "239.77.250.1", "239.77.250.2");
        assertEquals(
            List.of("1IA 239.77.250.1:19001 INCREMENTAL A channel 1", "1IB 239.77.250.2:19002 INCREMENTAL B channel 1"),
            lineMap.lines().stream().map(line -> line.connectionId() + " " + line.endpoint() + " " + line.feedType() +
                " " + line.feed() + " channel " + line.channelId()).toList());
    }

    @Test
    void lookupAllocatesNothing()
    {
        final LineMap lineMap = CmeConfigParser.parse(TestCaptures.resource("config/cme-config-certification-2018.xml"));
        final int[] groups = lineMap.lines().stream().mapToInt(Line::groupAddress).toArray();
        final int[] ports = lineMap.lines().stream().mapToInt(Line::port).toArray();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        long sum = 0;
        long allocated = -1;
        for (int window = 0; window < 20 && allocated != 0; window++)
        {
            final long before = threads.getThreadAllocatedBytes(Thread.currentThread().threadId());
            for (int pass = 0; pass < 2000; pass++)
            {
                for (int i = 0; i < groups.length; i++)
                {
                    sum += lineMap.lineId(groups[i], ports[i]) + lineMap.lineId(groups[i], ports[i] + 1);
                }
            }
            allocated = threads.getThreadAllocatedBytes(Thread.currentThread().threadId()) - before;
        }
        assertEquals(0, allocated);
        assertTrue(sum != 0);
    }

    @Test
    void unconfiguredMapMakesEachEndpointItsOwnChannelUpToItsLimit()
    {
        final LineMap lineMap = LineMap.unconfigured(2);
        assertFalse(lineMap.isConfigured());
        final int first = lineMap.lineId(LineMap.parseAddress("224.0.28.5"), 14314);
        final int second = lineMap.lineId(LineMap.parseAddress("224.0.28.132"), 15314);
        assertEquals(0, first);
        assertEquals(1, second);
        assertEquals(first, lineMap.lineId(LineMap.parseAddress("224.0.28.5"), 14314));
        assertEquals(LineMap.NO_LINE, lineMap.lineId(LineMap.parseAddress("224.0.28.6"), 14315));
        assertEquals(2, lineMap.channelCount());
        assertEquals(FeedType.UNCONFIGURED, lineMap.line(first).feedType());
        assertFalse(lineMap.line(first).isArbitrated());
        assertEquals(-1, lineMap.line(first).channelId());
        assertEquals(-2, lineMap.line(second).channelId());
        assertEquals("224.0.28.132:15314", lineMap.line(second).connectionId());
    }

    @Test
    void tcpConnectionsAreLeftOut()
    {
        final LineMap lineMap = parse(config("7",
            connection("7IA", "I", "224.0.31.1", "14310", "A"),
            "<connection id=\"7H\"><type feed-type=\"H\">Historical</type><protocol>TCP/IP</protocol>" +
                "<host-ip>1.2.3.4</host-ip><port>10000</port></connection>"));
        assertEquals(1, lineMap.lineCount());
    }

    @Test
    void badValuesNameTheConnectionAndTheValue()
    {
        assertMessage("connection 7IA: <port>70000</port> is not in 1..65535",
            config("7", connection("7IA", "I", "224.0.31.1", "70000", "A")));
        assertMessage("connection 7IA: <port>x</port> is not a number",
            config("7", connection("7IA", "I", "224.0.31.1", "x", "A")));
        assertMessage("connection 7IA: <feed>C</feed> is neither A nor B",
            config("7", connection("7IA", "I", "224.0.31.1", "14310", "C")));
        assertMessage("connection 7IA: <type feed-type=\"Q\"> is not one of I, N, S, SMBO, H",
            config("7", connection("7IA", "Q", "224.0.31.1", "14310", "A")));
        assertMessage("connection 7IA: not an IPv4 address: '224.0.31'",
            config("7", connection("7IA", "I", "224.0.31", "14310", "A")));
        assertMessage("<channel id=\"x\"> is not a number",
            config("x", connection("7IA", "I", "224.0.31.1", "14310", "A")));
        assertMessage("is already used by channel 7 connection 7IA",
            config("7", connection("7IA", "I", "224.0.31.1", "14310", "A"),
                connection("7IB", "I", "224.0.31.1", "14310", "B")));
        assertMessage("root element is <pcap>, expected <configuration>", "<pcap/>");
        assertMessage("not well-formed XML", "<configuration>");
        assertMessage("has no UDP connection", "<configuration/>");
        assertMessage("DOCTYPE", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><configuration>&e;" +
            "</configuration>");

        final ConfigurationException missing = assertThrows(ConfigurationException.class,
            () -> CmeConfigParser.parse(Path.of("no/such/config.xml")));
        assertEquals("config file not found: no/such/config.xml", missing.getMessage());
    }

    @Test
    void duplicateChannelIdIsAnErrorNamingFileChannelAndValue()
    {
        final String xml = "<configuration>" +
            "<channel id=\"7\" label=\"a\"><connections>" + connection("7IA", "I", "224.0.31.1", "14310", "A") +
            "</connections></channel>" +
            "<channel id=\"7\" label=\"b\"><connections>" + connection("8IA", "I", "224.0.31.2", "14311", "A") +
            "</connections></channel></configuration>";
        assertExactMessage("test.xml: channel 7: <channel id=\"7\"> appears twice: each channel id must be one " +
            "<channel>", xml);
    }

    @Test
    void duplicateGroupAndPortAcrossChannelsIsAnErrorNamingFileChannelAndValue()
    {
        final String xml = "<configuration>" +
            "<channel id=\"7\" label=\"a\"><connections>" + connection("7IA", "I", "224.0.31.1", "14310", "A") +
            "</connections></channel>" +
            "<channel id=\"8\" label=\"b\"><connections>" + connection("8IA", "I", "224.0.31.1", "14310", "A") +
            "</connections></channel></configuration>";
        assertExactMessage("test.xml: channel 8 connection 8IA: 224.0.31.1:14310 is already used by channel 7 " +
            "connection 7IA: each (ip, port) must be one connection", xml);
    }

    @Test
    void nonMulticastAddressIsAnErrorNamingFileChannelAndValue()
    {
        assertExactMessage("test.xml: channel 7 connection 7IA: <ip>10.77.0.1</ip> is not a multicast group " +
            "(224.0.0.0 to 239.255.255.255)", config("7", connection("7IA", "I", "10.77.0.1", "14310", "A")));
        assertExactMessage("test.xml: channel 7 connection 7IA: <ip>240.0.0.1</ip> is not a multicast group " +
            "(224.0.0.0 to 239.255.255.255)", config("7", connection("7IA", "I", "240.0.0.1", "14310", "A")));
    }

    @Test
    void configsOfTheRealCapturesPassTheChecks()
    {
        for (final String capture : new String[]{ TestCaptures.V9, TestCaptures.V8, TestCaptures.V6 })
        {
            final LineMap lineMap = TestCaptures.config(capture);
            assertTrue(lineMap.lineCount() >= lineMap.channelCount(), capture);
        }
    }

    private static void assertExactMessage(final String expected, final String xml)
    {
        final ConfigurationException ex = assertThrows(ConfigurationException.class, () -> parse(xml));
        assertEquals(expected, ex.getMessage());
    }

    private static void assertMessage(final String expected, final String xml)
    {
        final ConfigurationException ex = assertThrows(ConfigurationException.class, () -> parse(xml));
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
