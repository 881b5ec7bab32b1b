package io.xdpfeed.handler.channel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class InstrumentDirectoryTest
{
    private final InstrumentDirectory directory = new InstrumentDirectory(310, ChannelOptions.defaults());

    @Test
    void findsEveryInstrumentOfAnyIdAfterTheTableHasGrownAndKeepsTheOrderOfFirstSight()
    {
        // CME-like ids (large, close together), ids that differ only in high bits, negative ones, small ones
        final List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++)
        {
            ids.add(42_000_000 + i);
            ids.add(i << 20);
        }
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 500; i++)
        {
            ids.add(random.nextInt());
        }
        ids.add(-1);
        ids.add(Integer.MIN_VALUE);
        ids.add(Integer.MAX_VALUE);
        final List<Integer> distinct = ids.stream().distinct().toList();
        final List<Instrument> created = new ArrayList<>();
        for (final int id : distinct)
        {
            created.add(directory.instrumentFor(id));
        }

        assertEquals(distinct.size(), directory.count());
        for (int i = 0; i < distinct.size(); i++)
        {
            final int id = distinct.get(i);
            final Instrument instrument = created.get(i);
            assertEquals(id, instrument.securityId());
            assertEquals(i, instrument.index);
            assertSame(instrument, directory.instrument(i));
            assertSame(instrument, directory.instrumentFor(id));
            assertSame(instrument, directory.existing(id));
        }
        assertNull(directory.existing(42_000_000 + 1_000));
        assertNull(directory.existing(7));
        assertEquals(distinct.size(), directory.count());
    }
}
