package io.xdpfeed.client;

/**
 * Where a {@link BookMirror} sends its snapshot requests: the handler's control stream in production
 * ({@link SnapshotRequestProxy}), a recording stub in unit tests.
 */
@FunctionalInterface
public interface SnapshotRequester
{
    /**
     * Ask the handler for the books of a channel; the answer comes in-line on the market-data stream.
     *
     * @param requestId  unique id echoed in every BookSnapshot and in the SnapshotComplete of the answer.
     * @param channelId  CME channel id.
     * @param securityId one instrument, or {@link SnapshotRequestProxy#ALL_INSTRUMENTS}.
     * @return true when the request was sent; false when it could not be (not connected, back-pressured): retry.
     */
    boolean requestSnapshot(long requestId, int channelId, int securityId);
}
