package io.xdpfeed.handler.engine;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.PropertiesLineMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code xdpfeed.protocol} and the ITCH channel/line map in the properties style: a good map gives the lines A/B of
 * each channel and the recovery servers; every bad value stops start-up with one line naming the key and the value.
 */
@Timeout(10)
class ItchConfigurationTest
{
    private static Properties properties(final String... keyValues)
    {
        final Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static String error(final Properties properties)
    {
        return assertThrows(ConfigurationException.class, () -> Configuration.itchLines(properties)).getMessage();
    }

    @Test
    void aGoodMapGivesTheLinesOfEachChannelAndTheServers()
    {
        final PropertiesLineMap.Result result = Configuration.itchLines(properties(
            PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400, 2@239.77.18.3:26402",
            PropertiesLineMap.ITCH_LINES_B_PROP_NAME, "1@239.77.18.2:26401",
            PropertiesLineMap.ITCH_RETRANSMISSION_PROP_NAME, "1@10.77.18.1:26410",
            PropertiesLineMap.ITCH_SNAPSHOT_PROP_NAME, "2@10.77.18.1:26420"));
        assertEquals(List.of("1 A 239.77.18.1:26400 1IA", "1 B 239.77.18.2:26401 1IB", "2 A 239.77.18.3:26402 2IA"),
            result.lineMap().lines().stream().map(line -> line.channelId() + " " + line.feed() + " " +
                line.endpoint() + " " + line.connectionId()).toList());
        assertEquals(2, result.lineMap().channelCount());
        assertEquals(Feed.B, result.lineMap().line(1).feed());
        assertEquals(Map.of(1, "10.77.18.1:26410"), result.retransmission());
        assertEquals(Map.of(2, "10.77.18.1:26420"), result.snapshot());
    }

    @Test
    void everyBadValueIsOneLineNamingTheKeyAndTheValue()
    {
        assertEquals(List.of(
            "xdpfeed.itch.lines.a is not set: give CHANNEL@GROUP:PORT for every channel's line A, comma separated",
            "xdpfeed.itch.lines.a=1-239.77.18.1:26400: '1-239.77.18.1:26400' is not CHANNEL@ADDRESS:PORT",
            "xdpfeed.itch.lines.a=1@239.77.18.1:99999: '1@239.77.18.1:99999': channel >= 0 and port 1..65535",
            "xdpfeed.itch.lines.a=1@10.77.18.1:26400: 10.77.18.1 is not a multicast group",
            "xdpfeed.itch.lines.a=1@239.77.18.1:1,1@239.77.18.2:2: channel 1 given twice",
            "xdpfeed.itch.lines.b=2@239.77.18.2:26401: channel 2 has no line A in xdpfeed.itch.lines.a",
            "xdpfeed.itch.lines.b=1@239.77.18.1:26400: connection 1IB uses 239.77.18.1:26400 already used by " +
                "connection 1IA: fix the config so each (ip, port) is one connection",
            "xdpfeed.itch.retransmission=1@239.1.1.1:5: 239.1.1.1 is a multicast group, the server is a unicast " +
                "address",
            "xdpfeed.itch.snapshot=3@10.77.18.1:26420: channel 3 has no lines",
            "xdpfeed.itch.lines.a=1@239.77.x.1:26400: not an IPv4 address: '239.77.x.1'"),
            List.of(
                error(properties()),
                error(properties(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1-239.77.18.1:26400")),
                error(properties(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:99999")),
                error(properties(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@10.77.18.1:26400")),
                error(properties(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:1,1@239.77.18.2:2")),
                error(properties(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400",
                    PropertiesLineMap.ITCH_LINES_B_PROP_NAME, "2@239.77.18.2:26401")),
                error(properties(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400",
                    PropertiesLineMap.ITCH_LINES_B_PROP_NAME, "1@239.77.18.1:26400")),
                error(properties(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400",
                    PropertiesLineMap.ITCH_RETRANSMISSION_PROP_NAME, "1@239.1.1.1:5")),
                error(properties(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400",
                    PropertiesLineMap.ITCH_SNAPSHOT_PROP_NAME, "3@10.77.18.1:26420")),
                error(properties(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.x.1:26400"))));
    }

    @Test
    void anUnknownProtocolStopsStartUpWithOneLine()
    {
        assertEquals("xdpfeed.protocol=fix must be one of mdp3, itch", assertThrows(ConfigurationException.class,
            () -> new FeedHandler.Context().protocol("fix").lineMap(FeedEngineTest.lineMap()).conclude())
            .getMessage());
        assertEquals("xdpfeed.itch.lines.a is not set: give CHANNEL@GROUP:PORT for every channel's line A, comma " +
            "separated", assertThrows(ConfigurationException.class,
            () -> new FeedHandler.Context().protocol("itch").conclude()).getMessage());
    }
}
