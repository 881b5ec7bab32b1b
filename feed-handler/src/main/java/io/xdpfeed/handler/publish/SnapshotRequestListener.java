package io.xdpfeed.handler.publish;

/**
 * Receives the late-join requests decoded by a {@link SnapshotRequestAdapter}.
 */
@FunctionalInterface
public interface SnapshotRequestListener
{
    /**
     * A subscriber asks for the books of a channel (or of one instrument).
     *
     * @param requestId          chosen by the subscriber, echoed in the answer.
     * @param subscriberStreamId the stream the subscriber reads (the answer goes on the market-data stream).
     * @param channelId          CME channel id.
     * @param securityId         one instrument, or {@link SnapshotRequestAdapter#ALL_INSTRUMENTS}.
     */
    void onSnapshotRequest(long requestId, int subscriberStreamId, int channelId, int securityId);
}
