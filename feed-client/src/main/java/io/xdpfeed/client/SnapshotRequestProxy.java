package io.xdpfeed.client;

import io.aeron.Publication;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.SnapshotRequestEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes SnapshotRequest records and offers them on the handler's control stream. Allocation-free; a failed offer
 * (not connected, back-pressured, admin action) is reported to the caller, never thrown. The {@link BookMirror} counts
 * both ({@link BookMirror.Count#SNAPSHOT_REQUESTS}, {@link BookMirror.Count#FAILED_REQUEST_OFFERS}).
 */
public final class SnapshotRequestProxy implements SnapshotRequester
{
    /**
     * SecurityID meaning every instrument of the channel (the SecurityId null value).
     */
    public static final int ALL_INSTRUMENTS = SnapshotRequestEncoder.securityIdNullValue();

    private Publication publication;
    private final int subscriberStreamId;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SnapshotRequestEncoder encoder = new SnapshotRequestEncoder();
    private final int length = MessageHeaderEncoder.ENCODED_LENGTH + SnapshotRequestEncoder.BLOCK_LENGTH;

    /**
     * @param publication        the control stream publication, null while there is none (requests then fail).
     * @param subscriberStreamId the market-data stream id the answer must go to.
     */
    public SnapshotRequestProxy(final Publication publication, final int subscriberStreamId)
    {
        this.publication = publication;
        this.subscriberStreamId = subscriberStreamId;
    }

    /**
     * @param publication the control stream publication after a reconnection, or null when it is gone.
     */
    public void publication(final Publication publication)
    {
        this.publication = publication;
    }

    /**
     * {@inheritDoc}
     */
    public boolean requestSnapshot(final long requestId, final int channelId, final int securityId)
    {
        encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .requestId(requestId)
            .subscriberStreamId(subscriberStreamId)
            .channelId(channelId)
            .securityId(securityId);

        return null != publication && publication.offer(buffer, 0, length) > 0;
    }
}
