package io.xdpfeed.handler.engine;

import io.xdpfeed.common.config.ConfigurationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code xdpfeed.udp.checksum}: on by default, {@code false} turns it off, anything else stops start-up naming it.
 */
@Timeout(10)
class UdpChecksumConfigurationTest
{
    @AfterEach
    void clearProperty()
    {
        System.clearProperty(Configuration.UDP_CHECKSUM_PROP_NAME);
    }

    @Test
    void onByDefaultOffWhenAskedABadValueNamed()
    {
        assertEquals("xdpfeed.udp.checksum", Configuration.UDP_CHECKSUM_PROP_NAME);
        final boolean byDefault = Configuration.udpChecksum();
        System.setProperty(Configuration.UDP_CHECKSUM_PROP_NAME, " FALSE ");
        final boolean off = Configuration.udpChecksum();
        System.setProperty(Configuration.UDP_CHECKSUM_PROP_NAME, "true");
        final boolean on = Configuration.udpChecksum();
        assertEquals(List.of(true, false, true), List.of(byDefault, off, on));

        System.setProperty(Configuration.UDP_CHECKSUM_PROP_NAME, "no");
        final ConfigurationException bad = assertThrows(ConfigurationException.class, Configuration::udpChecksum);
        assertEquals("xdpfeed.udp.checksum=no is neither true nor false", bad.getMessage());
    }
}
