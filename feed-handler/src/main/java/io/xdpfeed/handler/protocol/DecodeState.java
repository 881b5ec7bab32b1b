package io.xdpfeed.handler.protocol;

/**
 * Where the channel's decode stands, for a protocol's dispatcher to decide which messages to hand to the sinks: the
 * {@link DecodeMode} and the three tests the per-message checks use (kept as booleans by the channel, set when the
 * mode changes, so that a check is a field read).
 */
public interface DecodeState
{
    /**
     * @return what the packet being decoded is for.
     */
    DecodeMode mode();

    /**
     * @return true for a packet of the sequenced stream decoded once, in order ({@link DecodeMode#LIVE}).
     */
    boolean isLive();

    /**
     * @return true for a queued packet decoded again for one instrument ({@link DecodeMode#REPLAY}).
     */
    boolean isReplaying();

    /**
     * @return true for an incremental packet, live or replayed.
     */
    boolean isIncremental();
}
