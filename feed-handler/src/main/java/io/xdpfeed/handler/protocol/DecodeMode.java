package io.xdpfeed.handler.protocol;

/**
 * What the message being decoded is for, which decides what each sink does with it (and which messages a
 * protocol hands to the sinks at all: see {@link MessageSinks}).
 */
public enum DecodeMode
{
    /** A packet of the sequenced incremental stream, in order and once: apply and publish. */
    LIVE,
    /** A queued incremental packet decoded again after a snapshot, for one instrument only: apply, publish nothing. */
    REPLAY,
    /** A packet of the market recovery (snapshot) line while the channel has joined it. */
    SNAPSHOT,
    /** A packet of the instrument definition line while the channel has joined it. */
    DEFINITION
}
