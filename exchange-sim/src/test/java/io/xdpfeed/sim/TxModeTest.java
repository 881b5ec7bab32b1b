package io.xdpfeed.sim;

import io.xdpfeed.sim.send.TxMode;
import io.xdpfeed.common.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --tx}: the values it takes, and that every sender refuses to send outside the lab with a message saying to
 * set it up (this JVM does not hold 10.77.0.1).
 */
@Timeout(30)
class TxModeTest
{
    @Test
    void parsesTheFourModes()
    {
        assertEquals(TxMode.AUTO, TxMode.parse("auto"));
        assertEquals(TxMode.XDP, TxMode.parse("XDP"));
        assertEquals(TxMode.MMSG, TxMode.parse(" mmsg"));
        assertEquals(TxMode.UDP, TxMode.parse("udp"));
        final ConfigurationException ex = assertThrows(ConfigurationException.class, () -> TxMode.parse("dpdk"));
        assertTrue(ex.getMessage().contains("auto, xdp, mmsg or udp"), ex.getMessage());
    }

    @Test
    void everySenderRefusesOutsideTheLabSayingWhatToDo()
    {
        for (final String tx : new String[]{"auto", "xdp", "mmsg", "udp"})
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final ByteArrayOutputStream err = new ByteArrayOutputStream();
            final int exit = ExchangeSimulatorMain.run(new String[]{"--send", "--tx", tx, "--packets", "10"},
                new PrintStream(out), new PrintStream(err));
            assertEquals(1, exit, tx);
            assertTrue(err.toString().contains("scripts/lab up"), tx + ": " + err);
        }
    }

    @Test
    void rejectsAnUnknownMode()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, ExchangeSimulatorMain.run(new String[]{"--send", "--tx", "raw"},
            new PrintStream(new ByteArrayOutputStream()), new PrintStream(err)));
        assertTrue(err.toString().contains("--tx raw"), err.toString());
    }
}
