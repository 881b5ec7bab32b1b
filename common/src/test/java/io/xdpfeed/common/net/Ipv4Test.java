package io.xdpfeed.common.net;

import io.xdpfeed.common.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class Ipv4Test
{
    @Test
    void parsesDottedQuadsAndRefusesTheRest()
    {
        final List<Long> parsed = new ArrayList<>();
        for (final String text : List.of("224.0.31.1", " 10.77.0.1 ", "255.255.255.255", "0.0.0.0", "1.2.3", "1.2.3.4.",
            "1.2.3.4.5", "1.2.3.256", "1.2.3.-1", "a.b.c.d", "1..3.4", ""))
        {
            parsed.add(Ipv4.parse(text));
        }
        assertEquals(List.of(0xE0001F01L, 0x0A4D0001L, 0xFFFFFFFFL, 0L, -1L, -1L, -1L, -1L, -1L, -1L, -1L, -1L), parsed);
    }

    @Test
    void formatsWhatItParsesAndTellsMulticast()
    {
        final List<String> formatted = new ArrayList<>();
        for (final String text : List.of("224.0.31.1", "239.255.0.7", "10.77.0.1", "255.255.255.255", "0.0.0.0"))
        {
            final int address = (int)Ipv4.parse(text);
            formatted.add(Ipv4.format(address, 14310) + (Ipv4.isMulticast(address) ? " multicast" : ""));
        }
        assertEquals(List.of("224.0.31.1:14310 multicast", "239.255.0.7:14310 multicast", "10.77.0.1:14310",
            "255.255.255.255:14310", "0.0.0.0:14310"), formatted);
    }

    @Test
    void aConfiguredAddressIsParsedOrRefusedInOneLineNamingTheText()
    {
        final List<String> seen = new ArrayList<>();
        seen.add(Integer.toHexString(Ipv4.configured(" 224.0.31.1 ")));
        seen.add(assertThrows(ConfigurationException.class, () -> Ipv4.configured("224.0.31")).getMessage());
        assertEquals(List.of("e0001f01", "not an IPv4 address: '224.0.31'"), seen);
    }
}
