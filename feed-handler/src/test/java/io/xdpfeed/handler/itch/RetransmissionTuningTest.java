package io.xdpfeed.handler.itch;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.PropertiesLineMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The re-request tuning keys ({@code xdpfeed.itch.retransmission.requests}, {@code .messages}, {@code .timeout},
 * {@code .attempts}): the defaults when unset, the values given, and one line naming the key for a value out of its
 * range, not a number, or set without a re-request server.
 */
class RetransmissionTuningTest
{
    private static final String SERVER = "1@127.0.0.1:26430";

    @Test
    void unsetKeysGiveTheDefaultsAndSetOnesTheirValues()
    {
        assertEquals(RetransmissionTuning.DEFAULT, configure(SERVER).retransmissionTuning());
        assertEquals(new RetransmissionTuning(8, 256, 100_000_000L, 3), RetransmissionTuning.DEFAULT);
        assertEquals(RetransmissionTuning.DEFAULT, ItchProtocol.INSTANCE.retransmissionTuning());
        assertEquals(new RetransmissionTuning(2, 16, 250_000_000L, 5), configure(SERVER,
            PropertiesLineMap.ITCH_RETRANSMISSION_REQUESTS_PROP_NAME, "2",
            PropertiesLineMap.ITCH_RETRANSMISSION_MESSAGES_PROP_NAME, " 16 ",
            PropertiesLineMap.ITCH_RETRANSMISSION_TIMEOUT_PROP_NAME, "250ms",
            PropertiesLineMap.ITCH_RETRANSMISSION_ATTEMPTS_PROP_NAME, "5").retransmissionTuning());
        assertEquals(new RetransmissionTuning(64, 65_534, 60_000_000_000L, 100), configure(SERVER,
            PropertiesLineMap.ITCH_RETRANSMISSION_REQUESTS_PROP_NAME, "64",
            PropertiesLineMap.ITCH_RETRANSMISSION_MESSAGES_PROP_NAME, "65534",
            PropertiesLineMap.ITCH_RETRANSMISSION_TIMEOUT_PROP_NAME, "60s",
            PropertiesLineMap.ITCH_RETRANSMISSION_ATTEMPTS_PROP_NAME, "100").retransmissionTuning());
    }

    @Test
    void aBadValueOrATuningWithoutAServerStopsStartUpNamingTheKey()
    {
        final List<String> errors = new ArrayList<>();
        for (final String[] keyValue : List.of(
            new String[]{SERVER, PropertiesLineMap.ITCH_RETRANSMISSION_REQUESTS_PROP_NAME, "0"},
            new String[]{SERVER, PropertiesLineMap.ITCH_RETRANSMISSION_REQUESTS_PROP_NAME, "65"},
            new String[]{SERVER, PropertiesLineMap.ITCH_RETRANSMISSION_MESSAGES_PROP_NAME, "65535"},
            new String[]{SERVER, PropertiesLineMap.ITCH_RETRANSMISSION_MESSAGES_PROP_NAME, "many"},
            new String[]{SERVER, PropertiesLineMap.ITCH_RETRANSMISSION_TIMEOUT_PROP_NAME, "500us"},
            new String[]{SERVER, PropertiesLineMap.ITCH_RETRANSMISSION_TIMEOUT_PROP_NAME, "61s"},
            new String[]{SERVER, PropertiesLineMap.ITCH_RETRANSMISSION_TIMEOUT_PROP_NAME, "soon"},
            new String[]{SERVER, PropertiesLineMap.ITCH_RETRANSMISSION_ATTEMPTS_PROP_NAME, "101"},
            new String[]{null, PropertiesLineMap.ITCH_RETRANSMISSION_TIMEOUT_PROP_NAME, "1s"}))
        {
            errors.add(assertThrows(ConfigurationException.class,
                () -> configure(keyValue[0], keyValue[1], keyValue[2])).getMessage());
        }
        assertEquals(List.of(
            "xdpfeed.itch.retransmission.requests=0: must be 1..64",
            "xdpfeed.itch.retransmission.requests=65: must be 1..64",
            "xdpfeed.itch.retransmission.messages=65535: must be 1..65534",
            "xdpfeed.itch.retransmission.messages=many is not an integer",
            "xdpfeed.itch.retransmission.timeout=500us: must be 1ms..60s",
            "xdpfeed.itch.retransmission.timeout=61s: must be 1ms..60s",
            "xdpfeed.itch.retransmission.timeout=soon is not a duration: use e.g. 500us, 2ms, 1s",
            "xdpfeed.itch.retransmission.attempts=101: must be 1..100",
            "xdpfeed.itch.retransmission.timeout is set but xdpfeed.itch.retransmission names no re-request server"),
            errors);
    }

    private static ItchProtocol configure(final String server, final String... keyValues)
    {
        final Properties properties = new Properties();
        properties.setProperty(PropertiesLineMap.ITCH_LINES_A_PROP_NAME, "1@239.77.18.1:26400");
        if (server != null)
        {
            properties.setProperty(PropertiesLineMap.ITCH_RETRANSMISSION_PROP_NAME, server);
        }
        for (int i = 0; i < keyValues.length; i += 2)
        {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return (ItchProtocol)ItchProtocol.INSTANCE.configure(properties);
    }
}
