package io.xdpfeed.handler.engine;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.ingress.Arbitration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code xdpfeed.arbitration}: kernel by default, {@code user} when asked, anything else stops start-up naming it.
 */
@Timeout(10)
class ArbitrationConfigurationTest
{
    @AfterEach
    void clearProperty()
    {
        System.clearProperty(Configuration.ARBITRATION_PROP_NAME);
    }

    @Test
    void kernelByDefaultUserWhenAskedABadValueNamed()
    {
        assertEquals("xdpfeed.arbitration", Configuration.ARBITRATION_PROP_NAME);
        final Arbitration byDefault = Configuration.arbitration();
        System.setProperty(Configuration.ARBITRATION_PROP_NAME, " USER ");
        final Arbitration user = Configuration.arbitration();
        System.setProperty(Configuration.ARBITRATION_PROP_NAME, "kernel");
        final Arbitration kernel = Configuration.arbitration();
        assertEquals(List.of(Arbitration.KERNEL, Arbitration.USER, Arbitration.KERNEL),
            List.of(byDefault, user, kernel));

        System.setProperty(Configuration.ARBITRATION_PROP_NAME, "xdp");
        final ConfigurationException bad = assertThrows(ConfigurationException.class, Configuration::arbitration);
        assertEquals("xdpfeed.arbitration=xdp is neither kernel nor user", bad.getMessage());
    }
}
