package io.xdpfeed.common.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A configuration error is one line whatever value it quotes (found by the config-xml fuzz target: the XML parser
 * quotes the file, line breaks included).
 */
@Timeout(10)
class ConfigurationExceptionTest
{
    @Test
    void quotedControlCharactersAreEscaped()
    {
        final List<String> messages = List.of(
            new ConfigurationException("xdpfeed.transport=a\nb is not one of xdp, udp, auto").getMessage(),
            new ConfigurationException("tab\there, cr\r, esc\u001b[31m, nel\u0085", new IllegalStateException())
                .getMessage(),
            new ConfigurationException("plain").getMessage());
        assertEquals(List.of(
            "xdpfeed.transport=a\\nb is not one of xdp, udp, auto",
            "tab\\there, cr\\r, esc\\u001b[31m, nel\\u0085",
            "plain"), messages);
    }

    @Test
    void aMessageWithoutControlCharactersIsKeptAsItIs()
    {
        final String message = "config.xml: <port>0</port> is not in 1..65535";
        assertSame(message, ConfigurationException.oneLine(message));
        assertNull(ConfigurationException.oneLine(null));
    }
}
