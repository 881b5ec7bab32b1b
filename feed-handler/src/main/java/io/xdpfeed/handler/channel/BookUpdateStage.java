package io.xdpfeed.handler.channel;

/**
 * A publisher's place for the BookUpdate of the message being applied, written level by level as the book changes:
 * the fused path, where each change goes straight into the datagram's staged records instead of into a
 * {@link BookChanges} list that {@link ChannelListener#onBookUpdate} would then copy.
 * <p>
 * The book path opens one record per message, for the first instrument it changes ({@link #open}), writes each of
 * that instrument's changes into it ({@link #level}) and completes its header at the end of the message
 * ({@link #close}). Anything that stands in the way hands the levels written so far back to the list ({@link #spill}:
 * the record is withdrawn, its record sequence number with it) and the message ends as without a stage: a record
 * that outgrows the frame, or another record the publisher is asked for in the middle of the message (a status
 * on an RptSeq gap), which so keeps its place before the BookUpdate as before. An abstract class: the publisher's
 * stage, or the latency timer's wrapper of it (one of the two per handler), calls bound directly. Receive thread
 * only; no allocation.
 */
public abstract class BookUpdateStage
{
    /**
     * For the publisher.
     */
    protected BookUpdateStage()
    {
    }

    /**
     * Open a BookUpdate of the instrument in the records the current datagram has staged.
     *
     * @param instrument the first instrument the message changes.
     * @param packet     the datagram's header fields.
     * @param spillTo    where {@link #spill} puts the levels back.
     * @return false when the publisher is not staging a datagram (the changes go to the list).
     */
    public abstract boolean open(Instrument instrument, PacketInfo packet, BookChanges spillTo);

    /**
     * @return true while a record is open (not closed, not spilled).
     */
    public abstract boolean isOpen();

    /**
     * One change of the open record's instrument, written in the normalized BookUpdate layout.
     *
     * @param side       normalized Side value.
     * @param levelType  normalized LevelType value.
     * @param action     normalized BookAction value.
     * @param level      1-based level.
     * @param price      mantissa, exponent -9.
     * @param size       quantity.
     * @param orderCount orders at the level.
     * @return false when the record is no longer open (spilled, here because the level would take it past one
     * frame): the change goes to the list.
     */
    public abstract boolean level(
        int side, int levelType, int action, int level, long price, long size, int orderCount);

    /**
     * Complete the open record's header and stage it.
     *
     * @param rptSeq              of the last entry applied to the instrument.
     * @param endOfEvent          true when the record ends the match event.
     * @param matchEventIndicator of the message.
     */
    public abstract void close(long rptSeq, boolean endOfEvent, short matchEventIndicator);

    /**
     * Withdraw the open record: its levels go back, in order, to the list given to {@link #open}, owned by its
     * instrument, and its record sequence number is given back. Nothing when no record is open.
     */
    public abstract void spill();
}
