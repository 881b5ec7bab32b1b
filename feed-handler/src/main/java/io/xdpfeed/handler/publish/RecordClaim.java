package io.xdpfeed.handler.publish;

import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.xdpfeed.codecs.md.BookUpdateEncoder;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.codecs.md.RecordBatchEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteOrder;

/**
 * Where each normalized record goes, and what happens when it cannot: the claim/commit half of the
 * {@link MarketDataProxy}.
 * <p>
 * Outside a packet a record is claimed with {@link Publication#tryClaim} and encoded in place, or, when longer than
 * the publication's max payload, encoded into a scratch buffer and offered (Aeron fragments it). Between
 * {@link #beginPacket()} and {@link #endPacket()} (one datagram) records are encoded into a staging buffer instead,
 * each behind a 2-byte length, and published at the end as one RecordBatch message: one offer, one frame, for all
 * the records of the datagram (a lone record goes without the batch header). A record that would take the batch
 * past one frame (the publication's max payload) sends the batch so far first; one that does not fit in a batch
 * at all goes alone as above. A control record ({@link #beginControl}) sends the batch so far first, so the stream
 * keeps the order of the calls.
 * <p>
 * publishTimeNs is written here, at commit: the claim's time for a record alone, one clock read for a whole batch
 * just before its offer, or the time the caller read just before it ({@link #endPacket(long)}: the latency timer's).
 * <p>
 * Back-pressure, no subscriber or a closed publication never block the caller: the record, or the whole batch, is
 * dropped and counted per record, and each keeps its record sequence number so that subscribers see the gap. Only a
 * snapshot answer ({@link #beginAnswer()}) waits, for a bounded time. ADMIN_ACTION is retried a few times.
 * <p>
 * The counters AeronStat shows (records published, back-pressure and not-connected drops) are handed in and written
 * in place, single writer: this one thread. One thread; no allocation.
 */
final class RecordClaim
{
    private static final int SCRATCH_LENGTH = 64 * 1024;
    private static final int MAX_ADMIN_RETRIES = 3;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    /** Offset of publishTimeNs in a data record, from its message header: the same in every data record. */
    private static final int PUBLISH_TIME_OFFSET = HEADER + BookUpdateEncoder.publishTimeNsEncodingOffset();
    /** RecordBatch message header and group header, before the first record. */
    static final int BATCH_HEADER = HEADER + RecordBatchEncoder.BLOCK_LENGTH +
        RecordBatchEncoder.RecordsEncoder.sbeHeaderSize();
    /** The length in front of each record of a batch. */
    static final int RECORD_PREFIX = RecordBatchEncoder.RecordsEncoder.recordHeaderLength();
    private static final int BATCH_COUNT_OFFSET = BATCH_HEADER - 2;

    private static final byte ALONE_CLAIMED = 0;
    private static final byte ALONE_SCRATCH = 1;
    private static final byte STAGED = 2;

    private final Publication publication;
    private final EpochNanoClock clock;
    private final BufferClaim bufferClaim = new BufferClaim();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[SCRATCH_LENGTH]);
    private final UnsafeBuffer batch;
    private final int maxPayloadLength;
    private final AtomicCounter published;
    private final AtomicCounter backPressured;
    private final AtomicCounter notConnected;

    private StagedBookUpdate stage;
    private MutableDirectBuffer buffer;
    private int offset;
    private byte mode;
    private boolean inPacket;
    private int batchLength = BATCH_HEADER;
    private int batchRecords;
    private long batches;
    private long answerTimeoutNs = MarketDataProxy.DEFAULT_ANSWER_TIMEOUT_NS;
    private boolean answering;
    private long answerDeadlineNs;

    private long recordSeq;
    private long adminActions;
    private long closed;
    private long maxPositionExceeded;

    RecordClaim(
        final Publication publication,
        final EpochNanoClock clock,
        final AtomicCounter published,
        final AtomicCounter backPressured,
        final AtomicCounter notConnected)
    {
        this.publication = publication;
        this.clock = clock;
        this.maxPayloadLength = publication.maxPayloadLength();
        this.published = published;
        this.backPressured = backPressured;
        this.notConnected = notConnected;
        this.batch = new UnsafeBuffer(new byte[Math.max(maxPayloadLength, BATCH_HEADER)]);
        new RecordBatchEncoder().wrapAndApplyHeader(batch, 0, new MessageHeaderEncoder()).recordsCount(0);
    }

    /**
     * @param stage the BookUpdate written level by level into the staged records: taken back (spilled) before any
     *              other record is begun while it is open, so that records keep the order of their calls.
     */
    void stage(final StagedBookUpdate stage)
    {
        this.stage = stage;
    }

    /**
     * A datagram starts: until {@link #endPacket()}, data records are staged and published together.
     */
    void beginPacket()
    {
        inPacket = true;
    }

    /**
     * The datagram is done: publish what it staged, one message.
     */
    void endPacket()
    {
        spillOpenStage();
        inPacket = false;
        if (batchRecords > 0)
        {
            sendBatch(clock.nanoTime());
        }
    }

    /**
     * The datagram is done: publish what it staged, one message, stamped with a time the caller read.
     *
     * @param publishTimeNs ns since the epoch, on this publisher's clock.
     */
    void endPacket(final long publishTimeNs)
    {
        spillOpenStage();
        inPacket = false;
        if (batchRecords > 0)
        {
            sendBatch(publishTimeNs);
        }
    }

    /**
     * Take the next record sequence number and a place for a data record of this length.
     *
     * @return true to encode at {@link #buffer()}, {@link #offset()} and then {@link #commit(int)}; false when the
     * record is dropped (counted).
     */
    boolean begin(final int length)
    {
        spillOpenStage();
        recordSeq++;
        if (inPacket)
        {
            final int staged = RECORD_PREFIX + length;
            if (BATCH_HEADER + staged <= maxPayloadLength)
            {
                stage(staged);
                return true;
            }
            if (batchRecords > 0)
            {
                sendBatch(clock.nanoTime());
            }
        }
        if (length > maxPayloadLength)
        {
            buffer = scratch;
            offset = 0;
            mode = ALONE_SCRATCH;
            return true;
        }
        final long result = claim(length);
        if (result > 0)
        {
            buffer = bufferClaim.buffer();
            offset = bufferClaim.offset();
            mode = ALONE_CLAIMED;
            return true;
        }
        failed(result, 1);
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
        spillOpenStage();
        if (batchRecords > 0)
        {
            sendBatch(clock.nanoTime());
        }
        final long result = claim(length);
        if (result > 0)
        {
            return true;
        }
        failed(result, 1);
        return false;
    }

    private void spillOpenStage()
    {
        final StagedBookUpdate stage = this.stage;
        if (stage != null && stage.isOpen())
        {
            stage.spill();
        }
    }

    /**
     * Take the next record sequence number and a place in the datagram's staged records for a record of at least
     * this length, which may grow up to {@link #maxPayloadLength()} in {@link #buffer()} before its
     * {@link #commit(int)} (the fused BookUpdate). Only inside a datagram.
     *
     * @return false (nothing taken) outside a datagram, or when such a record cannot be staged at all.
     */
    boolean beginStaged(final int length)
    {
        final int staged = RECORD_PREFIX + length;
        if (!inPacket || BATCH_HEADER + staged > maxPayloadLength)
        {
            return false;
        }
        recordSeq++;
        stage(staged);
        return true;
    }

    /**
     * The next record goes into the datagram's batch: the batch goes out first when {@code staged} bytes would take it
     * past one frame.
     */
    private void stage(final int staged)
    {
        if (batchLength + staged > maxPayloadLength)
        {
            sendBatch(clock.nanoTime());
        }
        buffer = batch;
        offset = batchLength + RECORD_PREFIX;
        mode = STAGED;
    }

    /**
     * Give back the record sequence number of a record begun with {@link #beginStaged} and not committed: nothing
     * else was begun since.
     */
    void withdraw()
    {
        recordSeq--;
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

    /**
     * The record begun last is encoded: stamp and publish it, or stage it in the packet's batch.
     *
     * @param length of the record, as given to {@link #begin(int)}.
     */
    void commit(final int length)
    {
        if (mode == STAGED)
        {
            batch.putShort(offset - RECORD_PREFIX, (short)length, ByteOrder.LITTLE_ENDIAN);
            batchLength = offset + length;
            batchRecords++;
        }
        else if (mode == ALONE_CLAIMED)
        {
            buffer.putLong(offset + PUBLISH_TIME_OFFSET, clock.nanoTime(), ByteOrder.LITTLE_ENDIAN);
            bufferClaim.commit();
            published.incrementRelease();
        }
        else
        {
            scratch.putLong(PUBLISH_TIME_OFFSET, clock.nanoTime(), ByteOrder.LITTLE_ENDIAN);
            offer(scratch, 0, length, 1);
        }
    }

    /**
     * Publish the staged records: one record alone, two or more as a RecordBatch; all stamped with one time.
     */
    private void sendBatch(final long nowNs)
    {
        final UnsafeBuffer batch = this.batch;
        final int records = batchRecords;
        int position = BATCH_HEADER;
        for (int i = 0; i < records; i++)
        {
            final int length = batch.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            batch.putLong(position + RECORD_PREFIX + PUBLISH_TIME_OFFSET, nowNs, ByteOrder.LITTLE_ENDIAN);
            position += RECORD_PREFIX + length;
        }
        if (records == 1)
        {
            offer(batch, BATCH_HEADER + RECORD_PREFIX, batchLength - BATCH_HEADER - RECORD_PREFIX, 1);
        }
        else
        {
            batch.putShort(BATCH_COUNT_OFFSET, (short)records, ByteOrder.LITTLE_ENDIAN);
            offer(batch, 0, batchLength, records);
            batches++;
        }
        batchLength = BATCH_HEADER;
        batchRecords = 0;
    }

    private void offer(final DirectBuffer source, final int sourceOffset, final int length, final int records)
    {
        int adminRetries = 0;
        long result;
        while (true)
        {
            result = publication.offer(source, sourceOffset, length);
            if (result > 0)
            {
                break;
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
            break;
        }
        if (result > 0)
        {
            published.getAndAddRelease(records);
        }
        else
        {
            failed(result, records);
        }
    }

    private void failed(final long result, final int records)
    {
        if (result == Publication.BACK_PRESSURED)
        {
            backPressured.getAndAddRelease(records);
        }
        else if (result == Publication.NOT_CONNECTED)
        {
            notConnected.getAndAddRelease(records);
        }
        else if (result == Publication.ADMIN_ACTION)
        {
            adminActions += records;
        }
        else if (result == Publication.MAX_POSITION_EXCEEDED)
        {
            maxPositionExceeded += records;
        }
        else
        {
            closed += records;
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

    long batches()
    {
        return batches;
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
