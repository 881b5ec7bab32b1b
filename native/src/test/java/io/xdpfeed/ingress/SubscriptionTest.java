package io.xdpfeed.ingress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class SubscriptionTest
{
    @Test
    void parsesGroupAndPortAsTheHandlerSeesThem()
    {
        final Subscription subscription = Subscription.parse("224.0.31.1:14310");
        assertEquals(0xE0001F01, subscription.groupAddress());
        assertEquals(14310, subscription.port());
        assertEquals("224.0.31.1:14310", subscription.toString());
        assertEquals("224.0.31.1", subscription.group().getHostAddress());
    }

    @Test
    void refusesWhatIsNotAMulticastGroupOrPort()
    {
        final IngressException unicast = assertThrows(IngressException.class, () -> Subscription.of("10.77.0.1", 1));
        assertTrue(unicast.getMessage().contains("not an IPv4 multicast group: 10.77.0.1"), unicast.getMessage());
        assertThrows(IngressException.class, () -> Subscription.of("224.0.31.1", 0));
        assertThrows(IngressException.class, () -> Subscription.of("224.0.31", 1));
        assertThrows(IngressException.class, () -> Subscription.of("224.0.31.256", 1));
        assertThrows(IngressException.class, () -> Subscription.parse("224.0.31.1"));
        assertThrows(IngressException.class, () -> Subscription.parse("224.0.31.1:x"));
    }
}
