package io.xdpfeed.xdp;

import io.xdpfeed.ingress.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

@Timeout(10)
class SubscriptionMapTest
{
    @Test
    void keyIsGroupAndPortInNetworkOrderThenZero()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final byte[] key = SubscriptionMap.key(arena, Subscription.of("224.0.31.1", 14310)).toArray(JAVA_BYTE);
            assertArrayEquals(new byte[]{ (byte)0xE0, 0, 0x1F, 0x01, 0x37, (byte)0xE6, 0, 0 }, key);
        }
    }
}
