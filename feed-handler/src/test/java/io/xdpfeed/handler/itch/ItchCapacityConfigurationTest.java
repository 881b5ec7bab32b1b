package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.FeedStatus;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import io.xdpfeed.sim.itch.ItchSession;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ITCH capacities from the configuration ({@code xdpfeed.itch.max.orders}, {@code xdpfeed.itch.max.instruments}):
 * a bad value stops the configuration with one line naming the key and the value; the values given size every
 * channel's order store and books, and what does not fit is refused and counted, and leaves its instrument STALE
 * (its book lacks the order), as with the defaults.
 */
@Timeout(30)
class ItchCapacityConfigurationTest
{
    private static final ItchSession.Settings SESSION = new ItchSession.Settings(3, 2_000, 7, 0, 0,
        ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel());

    @Test
    void aBadValueNamesTheKey()
    {
        assertEquals("xdpfeed.itch.max.orders=lots is not an integer",
            message(PropertiesLineMap.ITCH_MAX_ORDERS_PROP_NAME, "lots"));
        assertEquals("xdpfeed.itch.max.orders=0: must be 1..16777216",
            message(PropertiesLineMap.ITCH_MAX_ORDERS_PROP_NAME, "0"));
        assertEquals("xdpfeed.itch.max.orders=16777217: must be 1..16777216",
            message(PropertiesLineMap.ITCH_MAX_ORDERS_PROP_NAME, "16777217"));
        assertEquals("xdpfeed.itch.max.instruments=65537: must be 1..65536",
            message(PropertiesLineMap.ITCH_MAX_INSTRUMENTS_PROP_NAME, "65537"));
    }

    @Test
    void theDefaultsWithoutTheKeys()
    {
        assertSame(ItchProtocol.INSTANCE, ItchProtocol.INSTANCE.configure(new Properties()));
        final Properties blank = new Properties();
        blank.setProperty(PropertiesLineMap.ITCH_MAX_ORDERS_PROP_NAME, " ");
        assertSame(ItchProtocol.INSTANCE, ItchProtocol.INSTANCE.configure(blank));
    }

    @Test
    void theConfiguredCapacitiesSizeTheChannel() throws Exception
    {
        final List<UnsafeBuffer> datagrams = new ArrayList<>();
        new ItchSession(SESSION).run((line, buffer, offset, length, timeNs) ->
            ItchLineA.copy(datagrams, line, buffer, offset, length, null));

        final FeedEngine defaults = run(new Properties(), datagrams);
        assertEquals(3, builder(defaults).instrumentCount());
        assertEquals(0, builder(defaults).count(Count.REFUSED_ORDERS));
        assertEquals(List.of(1, 2, 3), instruments(defaults, FeedStatus.LIVE));

        final Properties small = new Properties();
        small.setProperty(PropertiesLineMap.ITCH_MAX_INSTRUMENTS_PROP_NAME, "2");
        small.setProperty(PropertiesLineMap.ITCH_MAX_ORDERS_PROP_NAME, "10");
        final ItchProtocol configured = (ItchProtocol)ItchProtocol.INSTANCE.configure(small);
        assertEquals(List.of(10, 2), List.of(configured.maxOrders(), configured.maxInstruments()));
        final FeedEngine limited = run(small, datagrams);
        assertEquals(2, builder(limited).instrumentCount(), "a third instrument gets no book");
        assertEquals(10, builder(limited).orders().capacity());
        assertTrue(builder(limited).count(Count.REFUSED_ORDERS) > 0, "the adds that did not fit are counted");
        assertEquals(List.of(1, 2, 3), instruments(limited, FeedStatus.STALE),
            "an instrument whose book lacks an order is not LIVE");
        assertEquals(3, limited.staleInstruments());
    }

    private static ItchBookBuilder builder(final FeedEngine engine)
    {
        return ((ItchPacketDecoder)engine.channel(0).decoder()).builder();
    }

    private static List<Integer> instruments(final FeedEngine engine, final FeedStatus status)
    {
        final List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < engine.channel(0).instrumentCount(); i++)
        {
            final Instrument instrument = engine.channel(0).instrument(i);
            if (instrument.feedStatus() == status)
            {
                ids.add(instrument.securityId());
            }
        }
        ids.sort(null);
        return ids;
    }

    private static FeedEngine run(final Properties capacities, final List<UnsafeBuffer> datagrams)
        throws Exception
    {
        return ItchLineA.run(ItchProtocol.INSTANCE.configure(capacities), SESSION, datagrams);
    }

    private static String message(final String key, final String value)
    {
        final Properties properties = new Properties();
        properties.setProperty(key, value);
        return assertThrows(ConfigurationException.class, () -> ItchProtocol.INSTANCE.configure(properties))
            .getMessage();
    }
}
