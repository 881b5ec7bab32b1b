package io.xdpfeed.handler.channel;

/**
 * The open match event of a channel: the instrument of the last published record when that record left its event
 * open. Shared by the book path (46, 32, 47) and the {@link EventUpdater} (48, 42, 37): each published record says
 * whether it ended the event ({@link #published}); a message with EndOfEvent that published nothing closes the event
 * left open with an empty BookUpdate ({@link #closeIfOpen}), so that subscribers waiting for the end of the event get
 * it. Receive thread only; no allocation.
 */
final class MatchEvent
{
    private final RptSeqGate gate;
    private final ChannelListener listener;
    private final PacketInfo packetInfo;
    private final BookChanges noChanges = new BookChanges(1);
    private Instrument open;
    private long closedEmpty;

    /**
     * @param gate       the decode mode (only the sequenced stream publishes).
     * @param listener   receives the empty BookUpdate.
     * @param packetInfo of the packet being decoded.
     */
    MatchEvent(final RptSeqGate gate, final ChannelListener listener, final PacketInfo packetInfo)
    {
        this.gate = gate;
        this.listener = listener;
        this.packetInfo = packetInfo;
    }

    /**
     * A record was published for the instrument: the match event stays open unless the record ended it.
     *
     * @param instrument of the record.
     * @param endsEvent  true when the record carried EndOfEvent.
     */
    void published(final Instrument instrument, final boolean endsEvent)
    {
        open = endsEvent ? null : instrument;
    }

    /**
     * @return the instrument of the open event, or null.
     */
    Instrument open()
    {
        return open;
    }

    /**
     * @param instrument of the open event, or null when none is open.
     */
    void open(final Instrument instrument)
    {
        this.open = instrument;
    }

    /**
     * A message with EndOfEvent that published no record closes the open event with an empty BookUpdate.
     *
     * @param endOfEvent          true when the message carried EndOfEvent.
     * @param matchEventIndicator of the message, published with the empty BookUpdate.
     */
    void closeIfOpen(final boolean endOfEvent, final short matchEventIndicator)
    {
        final Instrument instrument = open;
        if (!endOfEvent || !gate.isLive() || instrument == null)
        {
            return;
        }
        open = null;
        closedEmpty++;
        noChanges.reset();
        noChanges.rptSeq(instrument.rptSeq);
        listener.onBookUpdate(instrument, noChanges, true, matchEventIndicator, packetInfo);
    }

    /**
     * @return events closed by an empty BookUpdate.
     */
    long closedEmpty()
    {
        return closedEmpty;
    }
}
