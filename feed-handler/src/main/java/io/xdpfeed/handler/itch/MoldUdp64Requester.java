package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.MoldUdp64HeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Re-requests the messages of MoldUDP64 gaps from a retransmission server, with at most {@code maxInFlight}
 * requests outstanding.
 * <p>
 * A request is the 20-byte MoldUDP64 header: session, first sequence number wanted, message count (at most
 * {@code maxMessagesPerRequest}). Gaps {@code [from, to)} wait in a fixed ring ({@link #onGap}, O(1), a gap
 * contiguous with the last one queued extends it); {@link #poll} sends what the in-flight bound allows and re-sends
 * a request whose answer has not come within {@code timeoutNs} (time is the caller's {@code nanoTime} argument);
 * after {@code maxAttempts} sends a request is abandoned and {@link #needsSnapshot()} says so (a gap the server no
 * longer holds, or a server that does not answer: the snapshot path's job). {@link #onResponse} takes the sequence
 * range of each answer: a request answered in part (the server fits what one packet holds) asks for the rest at the
 * next poll. Nothing is allocated after construction; nothing is thrown. One thread.
 */
public final class MoldUdp64Requester
{
    /**
     * Puts one request on the wire.
     */
    @FunctionalInterface
    public interface RequestSender
    {
        /**
         * @param buffer holding the request.
         * @param offset of the request.
         * @param length 20.
         * @return true when sent.
         */
        boolean send(DirectBuffer buffer, int offset, int length);
    }

    private final RequestSender sender;
    private final int maxInFlight;
    private final int maxMessagesPerRequest;
    private final long timeoutNs;
    private final int maxAttempts;
    private final MoldUdp64HeaderEncoder encoder = new MoldUdp64HeaderEncoder();
    private final UnsafeBuffer request =
        new UnsafeBuffer(ByteBuffer.allocateDirect(MoldUdp64HeaderEncoder.BLOCK_LENGTH));

    private final long[] queuedFrom;
    private final long[] queuedTo;
    private final int queueMask;
    private long queueHead;
    private long queueTail;

    private final long[] flightFrom;
    private final long[] flightTo;
    private final long[] flightSentNs;
    private final int[] flightAttempts;
    private final boolean[] flightDue;
    private int inFlight;

    private long requests;
    private long timeouts;
    private long responses;
    private long messagesRecovered;
    private long unsolicited;
    private long abandonedMessages;
    private long refusedGaps;
    private long sendFailures;

    /**
     * @param session               MoldUDP64 session (10 characters, as the packets carry it).
     * @param maxInFlight           most requests outstanding at once (>= 1).
     * @param maxMessagesPerRequest most messages asked for in one request (1..65534).
     * @param timeoutNs             time an answer is waited for before the request is sent again.
     * @param maxAttempts           sends of one request before it is abandoned (>= 1).
     * @param queueCapacity         gaps waiting to be requested; a power of two.
     * @param sender                puts the requests on the wire.
     */
    public MoldUdp64Requester(
        final String session, final int maxInFlight, final int maxMessagesPerRequest, final long timeoutNs,
        final int maxAttempts, final int queueCapacity, final RequestSender sender)
    {
        if (session.length() != 10 || maxInFlight < 1 || maxMessagesPerRequest < 1 || maxMessagesPerRequest > 0xFFFE ||
            timeoutNs <= 0 || maxAttempts < 1 || Integer.bitCount(queueCapacity) != 1)
        {
            throw new IllegalArgumentException("session of 10 characters, maxInFlight >= 1, maxMessagesPerRequest " +
                "1..65534, timeout > 0, maxAttempts >= 1, queueCapacity a power of two: '" + session + "', " +
                maxInFlight + ", " + maxMessagesPerRequest + ", " + timeoutNs + ", " + maxAttempts + ", " +
                queueCapacity);
        }
        this.sender = sender;
        this.maxInFlight = maxInFlight;
        this.maxMessagesPerRequest = maxMessagesPerRequest;
        this.timeoutNs = timeoutNs;
        this.maxAttempts = maxAttempts;
        queuedFrom = new long[queueCapacity];
        queuedTo = new long[queueCapacity];
        queueMask = queueCapacity - 1;
        flightFrom = new long[maxInFlight];
        flightTo = new long[maxInFlight];
        flightSentNs = new long[maxInFlight];
        flightAttempts = new int[maxInFlight];
        flightDue = new boolean[maxInFlight];
        encoder.wrap(request, 0).session(session);
    }

    /**
     * Set the session the requests name (a feed's session is known from its packets, not at construction).
     *
     * @param session the 10 characters of the MoldUDP64 session, as the packets carry them.
     */
    public void session(final byte[] session)
    {
        encoder.wrap(request, 0).putSession(session, 0);
    }

    /**
     * Queue a gap to be requested.
     *
     * @param from first missing sequence number.
     * @param to   one past the last missing one.
     * @return false when the queue is full (counted: the gap needs the snapshot path).
     */
    public boolean onGap(final long from, final long to)
    {
        if (to <= from)
        {
            return true;
        }
        if (queueTail > queueHead && queuedTo[(int)((queueTail - 1) & queueMask)] == from)
        {
            queuedTo[(int)((queueTail - 1) & queueMask)] = to;
            return true;
        }
        if (queueTail - queueHead == queuedFrom.length)
        {
            refusedGaps++;
            abandonedMessages += to - from;
            return false;
        }
        queuedFrom[(int)(queueTail & queueMask)] = from;
        queuedTo[(int)(queueTail & queueMask)] = to;
        queueTail++;
        return true;
    }

    /**
     * Send what is due: requests answered in part, requests timed out (or abandon them), new requests for queued
     * gaps while fewer than {@code maxInFlight} are outstanding.
     *
     * @param nowNs the caller's {@code System.nanoTime()}.
     * @return requests sent.
     */
    public int poll(final long nowNs)
    {
        int sent = 0;
        for (int i = 0; i < inFlight; i++)
        {
            if (flightDue[i])
            {
                sent += send(i, nowNs) ? 1 : 0;
            }
            else if (nowNs - flightSentNs[i] >= timeoutNs)
            {
                timeouts++;
                if (flightAttempts[i] >= maxAttempts)
                {
                    abandonedMessages += flightTo[i] - flightFrom[i];
                    remove(i--);
                    continue;
                }
                sent += send(i, nowNs) ? 1 : 0;
            }
        }
        while (inFlight < maxInFlight && queueHead < queueTail)
        {
            final int q = (int)(queueHead & queueMask);
            final long from = queuedFrom[q];
            final long to = Math.min(queuedTo[q], from + maxMessagesPerRequest);
            if (to == queuedTo[q])
            {
                queueHead++;
            }
            else
            {
                queuedFrom[q] = to;
            }
            final int slot = inFlight++;
            flightFrom[slot] = from;
            flightTo[slot] = to;
            flightAttempts[slot] = 0;
            sent += send(slot, nowNs) ? 1 : 0;
        }
        return sent;
    }

    private boolean send(final int slot, final long nowNs)
    {
        flightDue[slot] = false;
        flightSentNs[slot] = nowNs;
        flightAttempts[slot]++;
        encoder.wrap(request, 0).sequenceNumber(flightFrom[slot])
            .messageCount((int)(flightTo[slot] - flightFrom[slot]));
        requests++;
        if (!sender.send(request, 0, MoldUdp64HeaderEncoder.BLOCK_LENGTH))
        {
            sendFailures++;
            return false;
        }
        return true;
    }

    private void remove(final int slot)
    {
        final int last = --inFlight;
        flightFrom[slot] = flightFrom[last];
        flightTo[slot] = flightTo[last];
        flightSentNs[slot] = flightSentNs[last];
        flightAttempts[slot] = flightAttempts[last];
        flightDue[slot] = flightDue[last];
    }

    /**
     * An answer from the retransmission server arrived (a valid downstream packet of the session).
     *
     * @param first sequence number of its first message.
     * @param count its messages.
     * @return messages of it that an outstanding request was waiting for.
     */
    public int onResponse(final long first, final int count)
    {
        responses++;
        final long end = first + count;
        int awaited = 0;
        for (int i = 0; i < inFlight; i++)
        {
            if (flightFrom[i] >= first && flightFrom[i] < end)
            {
                final long answered = Math.min(end, flightTo[i]);
                awaited += (int)(answered - flightFrom[i]);
                flightFrom[i] = answered;
                if (answered == flightTo[i])
                {
                    remove(i--);
                }
                else
                {
                    flightDue[i] = true;
                    flightAttempts[i] = 0;
                }
            }
        }
        if (awaited == 0)
        {
            unsolicited++;
        }
        messagesRecovered += awaited;
        return awaited;
    }

    /**
     * @return true when no gap is queued and no request outstanding.
     */
    public boolean isIdle()
    {
        return inFlight == 0 && queueHead == queueTail;
    }

    /**
     * @return true when messages were given up on (abandoned after {@code maxAttempts}, or the queue was full):
     * only a snapshot brings them back.
     */
    public boolean needsSnapshot()
    {
        return abandonedMessages > 0;
    }

    /**
     * Forget every gap and request and the abandonment (after a snapshot); the counters stay.
     */
    public void clear()
    {
        queueHead = queueTail;
        inFlight = 0;
        abandonedMessages = 0;
    }

    /**
     * @return requests outstanding.
     */
    public int inFlight()
    {
        return inFlight;
    }

    /**
     * @return requests sent (first sends, the rest of a partial answer and re-sends after a timeout).
     */
    public long requests()
    {
        return requests;
    }

    /**
     * @return requests whose answer did not come in time.
     */
    public long timeouts()
    {
        return timeouts;
    }

    /**
     * @return answers taken.
     */
    public long responses()
    {
        return responses;
    }

    /**
     * @return messages recovered: awaited by a request when they came.
     */
    public long messagesRecovered()
    {
        return messagesRecovered;
    }

    /**
     * @return answers that no outstanding request waited for (late duplicates after a re-send).
     */
    public long unsolicited()
    {
        return unsolicited;
    }

    /**
     * @return messages given up on since the last {@link #clear()}.
     */
    public long abandonedMessages()
    {
        return abandonedMessages;
    }

    /**
     * @return gaps refused because the queue was full.
     */
    public long refusedGaps()
    {
        return refusedGaps;
    }

    /**
     * @return requests the sender could not send.
     */
    public long sendFailures()
    {
        return sendFailures;
    }
}
