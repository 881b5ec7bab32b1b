package io.xdpfeed.client;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.xdpfeed.codecs.md.MessageHeaderDecoder;
import io.xdpfeed.codecs.md.SnapshotRequestDecoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for the feed handler until the engine lands: publishes a {@link ScriptedFeed} on the market-data stream
 * (dropping records on back-pressure, as the handler does) and answers SnapshotRequests from the control stream with
 * the late-join contract, from the truth books the test holds.
 */
final class ScriptedHandler implements AutoCloseable
{
    record Request(long requestId, int subscriberStreamId, int channelId, int securityId)
    {
    }

    final ScriptedFeed feed;
    final List<Request> requests = new ArrayList<>();
    private final ExclusivePublication publication;
    private final Subscription control;
    private final FragmentAssembler controlAssembler;
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final SnapshotRequestDecoder request = new SnapshotRequestDecoder();
    private Runnable pump = () -> {};
    boolean dropOnBackPressure;
    long backPressured;

    ScriptedHandler(
        final Aeron aeron,
        final String channel,
        final int streamId,
        final String controlChannel,
        final int controlStreamId)
    {
        publication = aeron.addExclusivePublication(channel, streamId);
        control = aeron.addSubscription(controlChannel, controlStreamId);
        feed = new ScriptedFeed(this::publish);
        controlAssembler = new FragmentAssembler(this::onControl);
    }

    /**
     * @param pump what to run while an offer is back-pressured (the subscribers' polls).
     */
    void pump(final Runnable pump)
    {
        this.pump = pump;
    }

    /**
     * Answer the snapshot requests received so far; while an answer is back-pressured, run the pump and retry: the
     * handler never drops its answers.
     */
    int pollControl()
    {
        return control.poll(controlAssembler, 10);
    }

    ExclusivePublication publication()
    {
        return publication;
    }

    public void close()
    {
        CloseHelper.closeAll(publication, control);
    }

    private boolean publish(final DirectBuffer buffer, final int length)
    {
        return dropOnBackPressure ? offerOrDrop(buffer, length) : offerOrRetry(buffer, length);
    }

    private boolean offerOrDrop(final DirectBuffer buffer, final int length)
    {
        final long result = publication.offer(buffer, 0, length);
        if (result == Publication.BACK_PRESSURED)
        {
            backPressured++;
        }

        return result > 0;
    }

    private boolean offerOrRetry(final DirectBuffer buffer, final int length)
    {
        while (true)
        {
            final long result = publication.offer(buffer, 0, length);
            if (result > 0)
            {
                return true;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED)
            {
                return false;
            }
            pump.run();
        }
    }

    private void onControl(
        final DirectBuffer buffer, final int offset, final int length, final io.aeron.logbuffer.Header frame)
    {
        header.wrap(buffer, offset);
        if (header.templateId() != SnapshotRequestDecoder.TEMPLATE_ID)
        {
            return;
        }
        request.wrapAndApplyHeader(buffer, offset, header);
        final Request received = new Request(
            request.requestId(), request.subscriberStreamId(), request.channelId(), request.securityId());
        requests.add(received);
        feed.answer(received.requestId(), received.channelId(), received.securityId(), this::offerOrRetry);
    }
}
