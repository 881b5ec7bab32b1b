package io.xdpfeed.handler.publish;

import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Where each normalized record goes, and what happens when it cannot: the claim/commit half of the
 * {@link MarketDataProxy}. A record is claimed with {@link Publication#tryClaim} and encoded in place, or, when
 * longer than the publication's max payload, encoded into a scratch buffer and offered (Aeron fragments it).
 * Back-pressure, no subscriber or a closed publication never block the caller: the record is dropped and counted,
 * and it keeps its record sequence number so that subscribers see the gap. Only a snapshot answer
 * ({@link #beginAnswer()}) waits, for a bounded time. ADMIN_ACTION is retried a few times.
 * <p>
 * The counters AeronStat shows (records published, back-pressure and not-connected drops) are handed in and written
 * in place, single writer: this one thread. One thread; no allocation.
 */
final class RecordClaim
{
    private static final int SCRATCH_LENGTH = 64 * 1024;
    private static final int MAX_ADMIN_RETRIES = 3;

    private final Publication publication;
    private final BufferClaim bufferClaim = new BufferClaim();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[SCRATCH_LENGTH]);
    private final int maxPayloadLength;
    private final AtomicCounter published;
    private final AtomicCounter backPressured;
    private final AtomicCounter notConnected;

    private MutableDirectBuffer buffer;
    private int offset;
    private boolean claimed;
    private long answerTimeoutNs = MarketDataProxy.DEFAULT_ANSWER_TIMEOUT_NS;
    private boolean answering;
    private long answerDeadlineNs;

    private long recordSeq;
    private long adminActions;
    private long closed;
    private long maxPositionExceeded;

    RecordClaim(
        final Publication publication,
        final AtomicCounter published,
        final AtomicCounter backPressured,
        final AtomicCounter notConnected)
    {
        this.publication = publication;
        this.maxPayloadLength = publication.maxPayloadLength();
        this.published = published;
        this.backPressured = backPressured;
        this.notConnected = notConnected;
    }

    /**
     * Take the next record sequence number and a place for a data record of this length.
     *
     * @return true to encode at {@link #buffer()}, {@link #offset()} and then {@link #commit(int)}; false when the
     * record is dropped (counted).
     */
    boolean begin(final int length)
    {
        recordSeq++;
        if (length > maxPayloadLength)
        {
            buffer = scratch;
            offset = 0;
            claimed = false;
            return true;
        }
        final long result = claim(length);
        if (result > 0)
        {
            buffer = bufferClaim.buffer();
            offset = bufferClaim.offset();
            claimed = true;
            return true;
        }
        failed(result);
        return false;
    }

    /**
     * Claim a control record (no record sequence number): on success encode into {@link #controlBuffer()} at
     * {@link #controlOffset()} and call {@link #commitControl()}; on failure it is counted here.
     *
     * @return true when claimed.
     */
    boolean beginControl(final int length)
    {
        final long result = claim(length);
        if (result > 0)
        {
            return true;
        }
        failed(result);
        return false;
    }

    MutableDirectBuffer controlBuffer()
    {
        return bufferClaim.buffer();
    }

    int controlOffset()
    {
        return bufferClaim.offset();
    }

    void commitControl()
    {
        bufferClaim.commit();
        published.incrementRelease();
    }

    private long claim(final int length)
    {
        int adminRetries = 0;
        while (true)
        {
            final long result = publication.tryClaim(length, bufferClaim);
            if (result > 0)
            {
                return result;
            }
            if (result == Publication.ADMIN_ACTION && ++adminRetries < MAX_ADMIN_RETRIES)
            {
                continue;
            }
            if ((result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION) && answering &&
                System.nanoTime() - answerDeadlineNs < 0)
            {
                Thread.onSpinWait();
                continue;
            }
            return result;
        }
    }

    void commit(final int length)
    {
        if (claimed)
        {
            bufferClaim.commit();
            published.incrementRelease();
        }
        else
        {
            long result;
            while ((result = publication.offer(scratch, 0, length)) < 0 && answering &&
                (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION) &&
                System.nanoTime() - answerDeadlineNs < 0)
            {
                Thread.onSpinWait();
            }
            if (result > 0)
            {
                published.incrementRelease();
            }
            else
            {
                failed(result);
            }
        }
    }

    private void failed(final long result)
    {
        if (result == Publication.BACK_PRESSURED)
        {
            backPressured.incrementRelease();
        }
        else if (result == Publication.NOT_CONNECTED)
        {
            notConnected.incrementRelease();
        }
        else if (result == Publication.ADMIN_ACTION)
        {
            adminActions++;
        }
        else if (result == Publication.MAX_POSITION_EXCEEDED)
        {
            maxPositionExceeded++;
        }
        else
        {
            closed++;
        }
    }

    void beginAnswer()
    {
        answering = true;
        answerDeadlineNs = System.nanoTime() + answerTimeoutNs;
    }

    void endAnswer()
    {
        answering = false;
    }

    void answerTimeoutNs(final long timeoutNs)
    {
        this.answerTimeoutNs = timeoutNs;
    }

    MutableDirectBuffer buffer()
    {
        return buffer;
    }

    int offset()
    {
        return offset;
    }

    long recordSeq()
    {
        return recordSeq;
    }

    int maxPayloadLength()
    {
        return maxPayloadLength;
    }

    long published()
    {
        return published.get();
    }

    long backPressured()
    {
        return backPressured.get();
    }

    long notConnected()
    {
        return notConnected.get();
    }

    long adminActions()
    {
        return adminActions;
    }

    long closed()
    {
        return closed;
    }

    long maxPositionExceeded()
    {
        return maxPositionExceeded;
    }

    Publication publication()
    {
        return publication;
    }
}
