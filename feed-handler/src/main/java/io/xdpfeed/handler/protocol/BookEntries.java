package io.xdpfeed.handler.protocol;

/**
 * The book entries of one message, read in place by the protocol: a cursor the channel's {@link BookSink} walks
 * with {@link #next()}, reading each field of the current entry from the packet as it applies it. The values are
 * those of {@link BookSink#entry}: side and level type as the sink's constants, sizes and order counts 0 when the
 * protocol sends none, prices in the published scale.
 * <p>
 * It lets the sink keep the whole per-entry work (sequence check, book, change) in its own loop, one method the JIT
 * compiles as one piece, instead of a call per entry out of the protocol's loop. An abstract class, not an interface:
 * each protocol has one, so the calls are bound directly. Reused; valid during the sink call.
 */
public abstract class BookEntries
{
    /**
     * For a protocol's reader.
     */
    protected BookEntries()
    {
    }

    /**
     * Move to the next entry.
     *
     * @return false when the message has no more.
     */
    public abstract boolean next();

    /**
     * @return the instrument of the current entry.
     */
    public abstract int securityId();

    /**
     * @return the instrument's sequence number of the entry, negative when the protocol has none.
     */
    public abstract long rptSeq();

    /**
     * @return {@link BookSink#NEW} .. {@link BookSink#OVERLAY}, or another value (counted as ignored).
     */
    public abstract int action();

    /**
     * @return {@link BookSink#BID}, {@link BookSink#ASK}, {@link BookSink#CLEAR_BOOK} or {@link BookSink#NOT_KEPT}.
     */
    public abstract int side();

    /**
     * @return {@link BookSink#OUTRIGHT} or {@link BookSink#IMPLIED}.
     */
    public abstract int levelType();

    /**
     * @return 1-based price level.
     */
    public abstract int level();

    /**
     * @return level price.
     */
    public abstract long price();

    /**
     * @return level quantity.
     */
    public abstract long quantity();

    /**
     * @return orders at the level.
     */
    public abstract int orders();
}
