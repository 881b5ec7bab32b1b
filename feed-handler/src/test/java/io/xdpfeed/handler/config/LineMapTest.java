package io.xdpfeed.handler.config;

import io.xdpfeed.handler.TestCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link LineMap#lineId}: the recent endpoints it remembers never give another endpoint's line, whatever the order of
 * the lookups (A and B alternating, one channel after another, endpoints that are no line in between).
 */
@Timeout(30)
class LineMapTest
{
    @Test
    void everyLookupGivesTheEndpointsOwnLineInAnyOrder()
    {
        final LineMap lineMap = CmeConfigParser.parse(TestCaptures.resource("config/cme-config-certification-2018.xml"));
        final List<Line> lines = lineMap.lines();
        final SplittableRandom random = new SplittableRandom(14);
        final List<Integer> expected = new ArrayList<>();
        final List<Integer> found = new ArrayList<>();
        for (int i = 0; i < 20_000; i++)
        {
            // mostly the last few endpoints again (the remembered ones), now and then any line or no line at all
            final int pick = random.nextInt(10);
            final Line line = lines.get(pick < 6 ? i % 3 : random.nextInt(lines.size()));
            if (pick == 9)
            {
                // no configured connection uses UDP port 1
                expected.add(LineMap.NO_LINE);
                found.add(lineMap.lineId(line.groupAddress(), 1));
            }
            else
            {
                expected.add(line.lineId());
                found.add(lineMap.lineId(line.groupAddress(), line.port()));
            }
        }
        assertEquals(expected, found);
    }

    @Test
    void anUnconfiguredMapRemembersOnlyLinesItHas()
    {
        final LineMap lineMap = LineMap.unconfigured(2);
        final int group = LineMap.parseAddress("239.77.1.1");
        final List<Integer> ids = new ArrayList<>();
        ids.add(lineMap.lineId(group, 1));
        ids.add(lineMap.lineId(group, 2));
        ids.add(lineMap.lineId(group, 3));
        ids.add(lineMap.lineId(group, 1));
        ids.add(lineMap.lineId(group, 3));
        ids.add(lineMap.lineId(group, 2));
        ids.add(lineMap.lineId(group, 3));
        assertEquals(List.of(0, 1, LineMap.NO_LINE, 0, LineMap.NO_LINE, 1, LineMap.NO_LINE), ids);
    }
}
