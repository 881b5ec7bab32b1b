package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.itch.ItchSession;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input is counted, never thrown: a simulated session's packets with random damage (a byte flipped, a length
 * field changed, the datagram cut short or lengthened) fed to an {@link ItchBookBuilder} with bounds checks on (the
 * build's JVM flags), every call returns; the damage shows in the counters. Seeded, so a failure replays.
 */
@Timeout(60)
class ItchMutationTest
{
    @Test
    void damagedPacketsAreCountedNotThrown()
    {
        final List<byte[]> packets = new ArrayList<>();
        new ItchSession(new ItchSession.Settings(4, 3_000, 5, 0, 0, ItchSession.DEFAULT_START_EPOCH_NS,
            ItchSession.Settings.defaultChannel())).run((line, buffer, offset, length, timeNs) ->
        {
            if (line == SimLine.INCREMENTAL_A)
            {
                final byte[] copy = new byte[length];
                buffer.getBytes(offset, copy);
                packets.add(copy);
            }
        });

        final SplittableRandom random = new SplittableRandom(18);
        final ItchBookBuilder builder = new ItchBookBuilder(new ItchListener()
        {
        }, 4096, 8, 5);
        long applied = 0;
        for (int round = 0; round < 20; round++)
        {
            for (final byte[] original : packets)
            {
                final byte[] bytes = new byte[original.length + 8];
                System.arraycopy(original, 0, bytes, 0, original.length);
                int length = original.length;
                switch (random.nextInt(4))
                {
                    case 0 -> bytes[random.nextInt(length)] ^= (byte)(1 + random.nextInt(255));
                    case 1 ->
                    {
                        // a length or count field: the packet's count (18) or the first block's length (20)
                        final int field = random.nextBoolean() ? 18 : Math.min(20, length - 2);
                        bytes[field + random.nextInt(2)] = (byte)random.nextInt(256);
                    }
                    case 2 -> length = random.nextInt(length);
                    default -> length += 1 + random.nextInt(8);
                }
                applied += builder.onPacket(new UnsafeBuffer(bytes, 0, length), 0, length);
            }
        }
        assertTrue(builder.malformedTotal() > 10_000, "malformed " + builder.malformedTotal());
        assertTrue(applied > 0 && builder.count(Count.MESSAGES) == applied);
    }
}
