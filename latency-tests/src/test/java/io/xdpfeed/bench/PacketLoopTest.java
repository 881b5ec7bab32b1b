package io.xdpfeed.bench;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(120)
class PacketLoopTest
{
    @ParameterizedTest
    @ValueSource(strings = { "synthetic", "sim", "v9.1", "v8.1", "v6.1" })
    void everyPassStaysOnTheSteadyPath(final String name)
    {
        final Dataset dataset = Dataset.load(name);
        for (final boolean bothCopies : new boolean[]{ false, true })
        {
            final PacketLoop loop = PacketLoop.of(dataset, bothCopies, 2_000);
            final HandlerPath path = new HandlerPath(dataset.lineMap(), "book", null);
            path.engine().start();
            final int passes = 3;
            for (long i = 0, n = (long)passes * loop.datagrams(); i < n; i++)
            {
                loop.deliver(path.handler(), i);
            }
            path.checkSteady();
            assertEquals(passes, loop.passes());
            assertTrue(loop.packets() >= 2_000, name);
            assertEquals((long)passes * loop.datagrams(), path.engine().packets(), path.counters());
            assertEquals((long)passes * (loop.datagrams() - loop.packets() - loop.resets()), path.engine().duplicates(),
                name + " " + path.counters());
            System.out.println(name + (bothCopies ? " all copies" : " first copies") + ": " + loop.packets() +
                " packets, " + loop.datagrams() + " datagrams, " + loop.entries() + " entries, " + loop.resets() +
                " resets per pass; " +
                path.counters());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "synthetic" })
    void syntheticPacketsHoldTwelveBookEntriesOfOneInstrument(final String name)
    {
        final PacketLoop loop = PacketLoop.of(Dataset.load(name), false, 1);
        assertEquals(Dataset.GENERATED_PACKETS, loop.packets());
        assertEquals(12L * Dataset.GENERATED_PACKETS, loop.entries());
        assertEquals(1, loop.resets());
    }
}
