package io.xdpfeed.handler.archive;

/**
 * The recording's counters in the media driver's CnC file (docs/counters.md): type id {@link #TYPE_ID_BASE} + id.
 */
public enum ArchiveCounter
{
    /** Recordings of the stream that stopped while the handler ran: a full disk, an archive error. */
    RECORDING_STOPS(0, "xdpfeed archive recording stops"),
    /** Segment files of the stream's recordings purged for their age. */
    SEGMENTS_PURGED(1, "xdpfeed archive segments purged"),
    /** Whole recordings of earlier runs purged for their age. */
    RECORDINGS_PURGED(2, "xdpfeed archive recordings purged");

    /** Type id of the first counter. */
    public static final int TYPE_ID_BASE = 7350;

    private final int id;
    private final String label;

    ArchiveCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    /**
     * @return the Aeron counter type id.
     */
    public int typeId()
    {
        return TYPE_ID_BASE + id;
    }

    /**
     * @return the counter's label.
     */
    public String label()
    {
        return label;
    }
}
