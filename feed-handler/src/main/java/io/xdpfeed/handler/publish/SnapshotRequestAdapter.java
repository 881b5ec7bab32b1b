package io.xdpfeed.handler.publish;

import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.xdpfeed.codecs.md.MessageHeaderDecoder;
import io.xdpfeed.codecs.md.SnapshotRequestDecoder;
import org.agrona.DirectBuffer;

/**
 * Polls the control stream and decodes {@code SnapshotRequest} records for a {@link SnapshotRequestListener}.
 * Anything else on the stream (other schema, other template, too short) is counted and skipped.
 */
public final class SnapshotRequestAdapter implements FragmentHandler
{
    /** SecurityId meaning every instrument of the channel (the schema's null). */
    public static final int ALL_INSTRUMENTS = SnapshotRequestDecoder.securityIdNullValue();

    private final Subscription subscription;
    private final SnapshotRequestListener listener;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SnapshotRequestDecoder request = new SnapshotRequestDecoder();
    private long requests;
    private long invalid;

    /**
     * @param subscription the control stream, may be null (no late join).
     * @param listener     receives the requests.
     */
    public SnapshotRequestAdapter(final Subscription subscription, final SnapshotRequestListener listener)
    {
        this.subscription = subscription;
        this.listener = listener;
    }

    /**
     * @param fragmentLimit most fragments to read.
     * @return fragments read.
     */
    public int poll(final int fragmentLimit)
    {
        return subscription == null ? 0 : subscription.poll(this, fragmentLimit);
    }

    /**
     * {@inheritDoc}
     */
    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            invalid++;
            return;
        }
        this.header.wrap(buffer, offset);
        if (this.header.schemaId() != SnapshotRequestDecoder.SCHEMA_ID ||
            this.header.templateId() != SnapshotRequestDecoder.TEMPLATE_ID ||
            length < MessageHeaderDecoder.ENCODED_LENGTH + this.header.blockLength() ||
            this.header.blockLength() < SnapshotRequestDecoder.BLOCK_LENGTH)
        {
            invalid++;
            return;
        }
        request.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, this.header.blockLength(),
            this.header.version());
        requests++;
        listener.onSnapshotRequest(request.requestId(), request.subscriberStreamId(), request.channelId(),
            request.securityId());
    }

    /**
     * @return requests decoded.
     */
    public long requests()
    {
        return requests;
    }

    /**
     * @return fragments that were not SnapshotRequests.
     */
    public long invalid()
    {
        return invalid;
    }
}
