package io.xdpfeed.common.book;

/**
 * The book actions of the normalized market-data schema ({@code BookAction} of the handler's SBE schema), in the
 * order of their raw values, so that {@link #ofRaw(int)} turns the raw field into an action without the generated
 * enum's lookup, which throws on a value it does not know where a reader of untrusted records must count it instead.
 * The client's tests check every value against the generated enum.
 */
public enum MbpAction
{
    /** 0: insert a level, shifting deeper ones down. */
    NEW,
    /** 1: replace a level. */
    CHANGE,
    /** 2: remove a level, shifting deeper ones up. */
    DELETE,
    /** 3: empty the side. */
    DELETE_THRU,
    /** 4: remove the top n levels. */
    DELETE_FROM,
    /** 5: replace a level whose price moved within its gap. */
    OVERLAY,
    /** 6: empty the whole book (every side). */
    CLEAR;

    private static final MbpAction[] BY_RAW = values();

    /**
     * @param raw the record's raw BookAction.
     * @return the action, null for a value the schema does not have. Allocation-free.
     */
    public static MbpAction ofRaw(final int raw)
    {
        return raw >= 0 && raw < BY_RAW.length ? BY_RAW[raw] : null;
    }
}
