package io.xdpfeed.client;

import java.util.ArrayList;
import java.util.List;

/**
 * One occupied price level as a value, for whole-book comparisons.
 */
record Px(long price, long size, int orders)
{
    static List<Px> of(final BookSide side)
    {
        final List<Px> levels = new ArrayList<>();
        for (int level = 1; level <= side.depth(); level++)
        {
            if (side.hasLevel(level))
            {
                levels.add(new Px(side.price(level), side.size(level), side.orderCount(level)));
            }
        }

        return levels;
    }
}
