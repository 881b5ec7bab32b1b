package io.xdpfeed.client;

import io.xdpfeed.codecs.md.BookAction;
import io.xdpfeed.codecs.md.LevelType;
import io.xdpfeed.codecs.md.Side;

import java.util.ArrayList;
import java.util.List;

/**
 * The test's truth: an instrument's book kept with lists, written independently of {@link BookSide}, with the CME
 * MDP3 MBP semantics (NEW shifts down and drops past the depth, DELETE shifts up, DELETE_FROM n drops the top n,
 * DELETE_THRU empties the side, CLEAR empties the book). Scripts keep levels contiguous.
 */
final class ReferenceBook
{
    final int channelId;
    final int securityId;
    final int depth;
    final int impliedDepth;
    String symbol = "";
    long rptSeq;
    private final List<List<Px>> sides = new ArrayList<>();

    ReferenceBook(final int channelId, final int securityId, final int depth, final int impliedDepth)
    {
        this.channelId = channelId;
        this.securityId = securityId;
        this.depth = depth;
        this.impliedDepth = impliedDepth;
        for (int i = 0; i < 4; i++)
        {
            sides.add(new ArrayList<>());
        }
    }

    List<Px> levels(final Side side, final LevelType type)
    {
        return sides.get(index(side, type));
    }

    int depth(final LevelType type)
    {
        return type == LevelType.IMPLIED ? impliedDepth : depth;
    }

    void apply(final LevelEntry entry)
    {
        if (entry.action() == BookAction.CLEAR)
        {
            sides.forEach(List::clear);
            return;
        }

        final List<Px> levels = levels(entry.side(), entry.type());
        final int maxDepth = depth(entry.type());
        final int level = entry.level();
        final Px px = new Px(entry.price(), entry.size(), entry.orders());
        switch (entry.action())
        {
            case NEW ->
            {
                if (level >= 1 && level <= maxDepth && level <= levels.size() + 1)
                {
                    levels.add(level - 1, px);
                    while (levels.size() > maxDepth)
                    {
                        levels.removeLast();
                    }
                }
            }
            case CHANGE, OVERLAY ->
            {
                if (level >= 1 && level <= levels.size())
                {
                    levels.set(level - 1, px);
                }
            }
            case DELETE ->
            {
                if (level >= 1 && level <= levels.size())
                {
                    levels.remove(level - 1);
                }
            }
            case DELETE_FROM ->
            {
                for (int i = 0; i < level && !levels.isEmpty(); i++)
                {
                    levels.removeFirst();
                }
            }
            case DELETE_THRU -> levels.clear();
            default -> throw new IllegalArgumentException("not scripted: " + entry);
        }
    }

    int levelCount()
    {
        return sides.stream().mapToInt(List::size).sum();
    }

    private static int index(final Side side, final LevelType type)
    {
        return (type == LevelType.IMPLIED ? 2 : 0) + (side == Side.ASK ? 1 : 0);
    }
}
