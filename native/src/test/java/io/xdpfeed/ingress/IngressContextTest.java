package io.xdpfeed.ingress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class IngressContextTest
{
    @Test
    void fillsDefaults()
    {
        final IngressContext context = new IngressContext()
            .interfaceName("xfh0")
            .subscribe(Subscription.of("224.0.31.1", 14310))
            .conclude();

        assertEquals(Transport.AUTO, context.transport());
        assertArrayEquals(new int[]{ 0 }, context.queues());
        assertEquals(XdpAttachMode.AUTO, context.xdpAttachMode());
        assertEquals(XdpBindMode.AUTO, context.xdpBindMode());
        assertEquals(IngressConfiguration.XDP_RING_SIZE_DEFAULT, context.xdpRingSize());
        assertEquals(IngressConfiguration.XDP_FRAME_SIZE_DEFAULT, context.xdpFrameSize());
        assertTrue(context.udpChecksum(), "UDP checksums verified by default");
    }

    @Test
    void udpChecksumSwitchFromThePropertyOrTheContext()
    {
        final String previous = System.getProperty(IngressConfiguration.UDP_CHECKSUM_PROP_NAME);
        try
        {
            System.setProperty(IngressConfiguration.UDP_CHECKSUM_PROP_NAME, "false");
            assertEquals(false, new IngressContext().interfaceName("xfh0")
                .subscribe(Subscription.of("224.0.31.1", 14310)).conclude().udpChecksum());
            assertEquals(true, new IngressContext().interfaceName("xfh0").udpChecksum(true)
                .subscribe(Subscription.of("224.0.31.1", 14310)).conclude().udpChecksum());

            System.setProperty(IngressConfiguration.UDP_CHECKSUM_PROP_NAME, "maybe");
            final IngressException bad = assertThrows(IngressException.class, () -> new IngressContext()
                .interfaceName("xfh0").subscribe(Subscription.of("224.0.31.1", 14310)).conclude());
            assertEquals("xdpfeed.udp.checksum=maybe is neither true nor false", bad.getMessage());
        }
        finally
        {
            if (previous == null)
            {
                System.clearProperty(IngressConfiguration.UDP_CHECKSUM_PROP_NAME);
            }
            else
            {
                System.setProperty(IngressConfiguration.UDP_CHECKSUM_PROP_NAME, previous);
            }
        }
    }

    @Test
    void namesWhatIsMissingOrWrong()
    {
        final IngressException noInterface = assertThrows(IngressException.class,
            () -> new IngressContext().subscribe(Subscription.of("224.0.31.1", 1)).conclude());
        assertTrue(noInterface.getMessage().startsWith("no interface configured"), noInterface.getMessage());

        final IngressException noSubscription = assertThrows(IngressException.class,
            () -> new IngressContext().interfaceName("xfh0").conclude());
        assertTrue(noSubscription.getMessage().startsWith("no subscription configured"), noSubscription.getMessage());

        final IngressException ring = assertThrows(IngressException.class, () -> new IngressContext()
            .interfaceName("xfh0").subscribe(Subscription.of("224.0.31.1", 1)).xdpRingSize(1000).conclude());
        assertTrue(ring.getMessage().contains("power of two"), ring.getMessage());

        assertThrows(IngressException.class, () -> Transport.parse("dpdk"));
        assertThrows(IngressException.class, () -> XdpAttachMode.parse("hw"));
        assertThrows(IngressException.class, () -> IngressConfiguration.parseQueues("0,a"));
    }
}
