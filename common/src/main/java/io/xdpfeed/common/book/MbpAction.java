package io.xdpfeed.common.book;

/**
 * The book actions of the normalized market-data schema ({@code BookAction} of the handler's SBE schema), as int
 * values a switch on the raw field can use: the generated enum's lookup throws on a value it does not know, which a
 * reader of untrusted records must count instead. The client's tests check them against the generated enum.
 */
public final class MbpAction
{
    /** Insert a level, shifting deeper ones down. */
    public static final int NEW = 0;
    /** Replace a level. */
    public static final int CHANGE = 1;
    /** Remove a level, shifting deeper ones up. */
    public static final int DELETE = 2;
    /** Empty the side. */
    public static final int DELETE_THRU = 3;
    /** Remove the top n levels. */
    public static final int DELETE_FROM = 4;
    /** Replace a level whose price moved within its gap. */
    public static final int OVERLAY = 5;
    /** Empty the whole book (every side). */
    public static final int CLEAR = 6;

    private MbpAction()
    {
    }
}
