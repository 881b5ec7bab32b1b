package io.xdpfeed.handler.book;

import io.xdpfeed.common.book.MbpSide;

/**
 * One side of the handler's market-by-price book: the shared {@link MbpSide} (fixed arrays, level 1 best, the CME
 * MBP actions New, Change/Overlay, Delete, DeleteThru and DeleteFrom), under the name the handler's code uses.
 * No method allocates; {@link #depth(int)} reallocates and is for instrument (re)definition only.
 */
public final class PriceLevels extends MbpSide
{
    /**
     * @param depth number of levels the side keeps, at least 0.
     */
    public PriceLevels(final int depth)
    {
        super(depth);
    }
}
