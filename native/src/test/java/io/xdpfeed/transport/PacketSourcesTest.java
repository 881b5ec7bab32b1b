package io.xdpfeed.transport;

import io.xdpfeed.ingress.IngressContext;
import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.ingress.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Setup failures stop with one line saying what to do, whatever the transport.
 */
@Timeout(10)
class PacketSourcesTest
{
    private static IngressContext missingInterface(final Transport transport)
    {
        return new IngressContext()
            .transport(transport)
            .interfaceName("nosuchif0")
            .subscribe(Subscription.of("239.77.0.1", 5000));
    }

    @Test
    void xdpOnAMissingInterfaceSaysWhatToDo()
    {
        final IngressException ex = assertThrows(
            IngressException.class, () -> PacketSources.open(missingInterface(Transport.XDP)));
        final String message = ex.getMessage();
        assertTrue(message.contains("no interface nosuchif0") || message.contains("needs root") ||
            message.contains("apt-get install"), message);
        assertTrue(!message.contains("\n"), message);
    }

    @Test
    void udpOnAMissingInterfaceSaysWhatToDo()
    {
        final IngressException ex = assertThrows(
            IngressException.class, () -> PacketSources.open(missingInterface(Transport.UDP)));
        assertTrue(ex.getMessage().startsWith("no interface nosuchif0 in this network namespace"), ex.getMessage());
    }

    @Test
    void autoFallsBackAndStillNamesTheMissingInterface()
    {
        final IngressException ex = assertThrows(
            IngressException.class, () -> PacketSources.open(missingInterface(Transport.AUTO)));
        assertTrue(ex.getMessage().startsWith("no interface nosuchif0"), ex.getMessage());
    }
}
