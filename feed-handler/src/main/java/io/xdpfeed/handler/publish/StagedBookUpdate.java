package io.xdpfeed.handler.publish;

import io.xdpfeed.codecs.md.BookUpdateEncoder;
import io.xdpfeed.codecs.md.GroupSizeEncodingEncoder;
import io.xdpfeed.codecs.md.MessageHeaderEncoder;
import io.xdpfeed.handler.channel.BookChanges;
import io.xdpfeed.handler.channel.BookUpdateStage;
import io.xdpfeed.handler.channel.Instrument;
import io.xdpfeed.handler.channel.PacketInfo;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;

/**
 * The fused BookUpdate: a record opened in the datagram's staged records ({@link RecordClaim#beginStaged}) when a
 * book message changes its first instrument, each level written at the schema's offsets as the book applies it (the
 * same bytes as {@code MarketDataProxy}'s BookUpdate), the header completed when the message ends. Before any other
 * record is begun while it is open, or when a level would take it past one frame, {@link #spill} hands its levels
 * back to the book path's list and withdraws it: the message then ends as without a stage. Little-endian hosts only
 * (elsewhere it never opens). One thread; no allocation.
 */
final class StagedBookUpdate extends BookUpdateStage
{
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int GROUP = HEADER + BookUpdateEncoder.BLOCK_LENGTH;
    private static final int FIRST_LEVEL = GROUP + GroupSizeEncodingEncoder.ENCODED_LENGTH;
    private static final int LEVEL_LENGTH = BookUpdateEncoder.LevelsEncoder.sbeBlockLength();

    private final RecordClaim claim;
    private final int limit;
    private boolean open;
    private Instrument instrument;
    private BookChanges spillTo;
    private byte[] array;
    private long start;
    private int offset;
    private int levels;

    StagedBookUpdate(final RecordClaim claim)
    {
        this.claim = claim;
        this.limit = claim.maxPayloadLength();
    }

    /**
     * {@inheritDoc}
     */
    public boolean open(final Instrument instrument, final PacketInfo packet, final BookChanges spillTo)
    {
        if (!NATIVE_LITTLE_ENDIAN || !claim.beginStaged(FIRST_LEVEL + LEVEL_LENGTH))
        {
            return false;
        }
        final MutableDirectBuffer buffer = claim.buffer();
        offset = claim.offset();
        array = buffer.byteArray();
        final long start = buffer.addressOffset() + offset;
        this.start = start;
        this.instrument = instrument;
        this.spillTo = spillTo;
        levels = 0;
        open = true;
        final byte[] array = this.array;
        RecordHead.put(buffer, offset, BookUpdateEncoder.BLOCK_LENGTH, BookUpdateEncoder.TEMPLATE_ID, instrument,
            claim.recordSeq(), packet);
        UnsafeApi.putShort(array, start + GROUP, (short)LEVEL_LENGTH);
        // publishTimeNs (at 32 in the body) is written when the batch goes out
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public boolean isOpen()
    {
        return open;
    }

    /**
     * {@inheritDoc}
     */
    public boolean level(
        final int side,
        final int levelType,
        final int action,
        final int level,
        final long price,
        final long size,
        final int orderCount)
    {
        final int at = FIRST_LEVEL + levels * LEVEL_LENGTH;
        if (offset + at + LEVEL_LENGTH > limit)
        {
            spill();
            return false;
        }
        final long address = start + at;
        final byte[] array = this.array;
        // side, level type, action and level are the level's first 4 bytes
        UnsafeApi.putInt(array, address, (side & 0xFF) | (levelType & 0xFF) << 8 | (action & 0xFF) << 16 |
            (level & 0xFF) << 24);
        UnsafeApi.putLong(array, address + 4, price);
        UnsafeApi.putLong(array, address + 12, size);
        UnsafeApi.putInt(array, address + 20, orderCount);
        levels++;
        return true;
    }

    /**
     * {@inheritDoc}
     */
    public void close(final long rptSeq, final boolean endOfEvent, final short matchEventIndicator)
    {
        final long body = start + HEADER;
        final byte[] array = this.array;
        UnsafeApi.putByte(array, body + 48, (byte)(endOfEvent ? 1 : 0));
        UnsafeApi.putByte(array, body + 49, (byte)matchEventIndicator);
        UnsafeApi.putLong(array, body + 50, rptSeq);
        UnsafeApi.putShort(array, start + GROUP + 2, (short)levels);
        open = false;
        instrument = null;
        spillTo = null;
        claim.commit(FIRST_LEVEL + levels * LEVEL_LENGTH);
    }

    /**
     * {@inheritDoc}
     */
    public void spill()
    {
        if (!open)
        {
            return;
        }
        open = false;
        final int ownerIndex = instrument.index();
        final byte[] array = this.array;
        for (int i = 0; i < levels; i++)
        {
            final long address = start + FIRST_LEVEL + (long)i * LEVEL_LENGTH;
            final int kinds = UnsafeApi.getInt(array, address);
            spillTo.add(ownerIndex, kinds & 0xFF, (kinds >>> 8) & 0xFF, (kinds >>> 16) & 0xFF, kinds >>> 24,
                UnsafeApi.getLong(array, address + 4), UnsafeApi.getLong(array, address + 12),
                UnsafeApi.getInt(array, address + 20));
        }
        instrument = null;
        spillTo = null;
        claim.withdraw();
    }
}
