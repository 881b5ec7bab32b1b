package io.xdpfeed.handler.mdp3;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshBook32Decoder;
import io.xdpfeed.handler.protocol.BookEntries;
import io.xdpfeed.handler.protocol.BookSink;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Reads the MD entries of MDIncrementalRefreshBook 46 (and the legacy 32) and hands each to the channel's
 * {@link BookSink}: entry type to side and level type by table ('J' clears the book, types the book does not keep
 * are {@link BookSink#NOT_KEPT}), null size and order count to 0, legacy prices to the 46 scale.
 * <p>
 * Template 46 is the hot path, so its entries are read at the fixed offsets of the schema straight from the buffer
 * by a cursor the sink walks in its own loop ({@link BookSink#entries}), one bounds check per message instead of one
 * per field: the packet was validated by {@link Mdp3Framing#validate}
 * (every entry lies inside the message and is at least 27 bytes), and the check here repeats the part that makes the
 * reads safe, falling back to the SBE decoder when it fails. One thread; no allocation.
 */
final class Mdp3BookReader
{
    private static final boolean NATIVE_LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final int GROUP_HEADER_46 = MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder.HEADER_SIZE;
    private static final int MIN_ENTRY_46 = 27;
    private static final int INT32_NULL = Integer.MAX_VALUE;
    private static final long NULL_PRICE = Long.MAX_VALUE;
    private static final int LEGACY_PRICE_FACTOR = 100;
    /** Entry type (MDEntryType, one byte) to the sink's side: bid, ask, clear the book, or not kept. */
    private static final byte[] SIDE = sides();
    /** Entry type to the sink's level type: outright, or implied for 'E' and 'F'. */
    private static final byte[] LEVEL_TYPE = levelTypes();

    private final BookSink books;
    private final Entries46 entries46 = new Entries46();

    /**
     * @param books the channel's market-by-price sink.
     */
    Mdp3BookReader(final BookSink books)
    {
        this.books = books;
    }

    /**
     * Apply the entries of a template 46 message.
     *
     * @param decoder wrapped on the message, no group read yet (its limit is the NoMDEntries group header); on return
     *                its limit is past the NoMDEntries group, as after iterating it.
     */
    void book46(final MDIncrementalRefreshBook46Decoder decoder)
    {
        final DirectBuffer buffer = decoder.buffer();
        final int groupStart = decoder.limit();
        // the group header lies inside the validated message
        final int entryLength = Mdp3Framing.u16(buffer, groupStart);
        final int count = Mdp3Framing.u8(buffer, groupStart + 2);
        final int first = groupStart + GROUP_HEADER_46;
        if (NATIVE_LITTLE_ENDIAN && entryLength >= MIN_ENTRY_46 &&
            (long)first + (long)entryLength * count <= buffer.capacity())
        {
            // one call for the message: the sink walks the entries itself, reading each in place
            entries46.wrap(buffer.byteArray(), buffer.addressOffset() + first, entryLength, count);
            books.entries(entries46);
            // leave the decoder where its group iterator would have: the OrderID group is read after this one
            decoder.limit(first + entryLength * count);
        }
        else
        {
            for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
            {
                entry(entry.securityID(), entry.rptSeq(), entry.mDUpdateActionRaw(), entry.mDEntryTypeRaw(),
                    entry.mDPriceLevel(), entry.mDEntryPx().mantissa(), entry.mDEntrySize(), entry.numberOfOrders(),
                    1);
            }
        }
    }

    /**
     * Apply the entries of a legacy template 32 message (prices with 7 decimals, scaled to 9).
     *
     * @param decoder wrapped on the message.
     */
    void book32(final MDIncrementalRefreshBook32Decoder decoder)
    {
        for (final MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
        {
            entry(entry.securityID(), entry.rptSeq(), entry.mDUpdateActionRaw(), entry.mDEntryTypeRaw(),
                entry.mDPriceLevel(), entry.mDEntryPx().mantissa(), entry.mDEntrySize(), entry.numberOfOrders(),
                LEGACY_PRICE_FACTOR);
        }
    }

    private void entry(
        final int securityId,
        final long rptSeq,
        final int action,
        final byte entryType,
        final int level,
        final long price,
        final int size,
        final int orderCount,
        final int priceFactor)
    {
        final int type = entryType & 0xFF;
        books.entry(securityId, rptSeq, action, SIDE[type], LEVEL_TYPE[type], level,
            price == NULL_PRICE ? NULL_PRICE : price * priceFactor, size == INT32_NULL ? 0 : size,
            orderCount == INT32_NULL ? 0 : orderCount);
    }

    /**
     * The entries of a template 46 message read in place at the schema's offsets (MDEntryPx 0, MDEntrySize 8,
     * SecurityID 12, RptSeq 16, NumberOfOrders 20, MDPriceLevel 24, MDUpdateAction 25, MDEntryType 26), no bounds check
     * per field: {@link #book46} checked the whole group against the buffer first.
     */
    private static final class Entries46 extends BookEntries
    {
        private byte[] array;
        private long entry;
        private long end;
        private int entryLength;

        void wrap(final byte[] array, final long first, final int entryLength, final int count)
        {
            this.array = array;
            this.entryLength = entryLength;
            this.entry = first - entryLength;
            this.end = first + (long)entryLength * count;
        }

        /**
         * {@inheritDoc}
         */
        public boolean next()
        {
            final long next = entry + entryLength;
            entry = next;
            return next < end;
        }

        /**
         * {@inheritDoc}
         */
        public int securityId()
        {
            return UnsafeApi.getInt(array, entry + 12);
        }

        /**
         * {@inheritDoc}
         */
        public long rptSeq()
        {
            return UnsafeApi.getInt(array, entry + 16) & 0xFFFF_FFFFL;
        }

        /**
         * {@inheritDoc}
         */
        public int action()
        {
            return UnsafeApi.getByte(array, entry + 25) & 0xFF;
        }

        /**
         * {@inheritDoc}
         */
        public int side()
        {
            return SIDE[UnsafeApi.getByte(array, entry + 26) & 0xFF];
        }

        /**
         * {@inheritDoc}
         */
        public int levelType()
        {
            return LEVEL_TYPE[UnsafeApi.getByte(array, entry + 26) & 0xFF];
        }

        /**
         * {@inheritDoc}
         */
        public int level()
        {
            return UnsafeApi.getByte(array, entry + 24) & 0xFF;
        }

        /**
         * {@inheritDoc}
         */
        public long price()
        {
            return UnsafeApi.getLong(array, entry);
        }

        /**
         * {@inheritDoc}
         */
        public long quantity()
        {
            final int size = UnsafeApi.getInt(array, entry + 8);
            return size == INT32_NULL ? 0 : size;
        }

        /**
         * {@inheritDoc}
         */
        public int orders()
        {
            final int orders = UnsafeApi.getInt(array, entry + 20);
            return orders == INT32_NULL ? 0 : orders;
        }
    }

    private static byte[] sides()
    {
        final byte[] sides = new byte[256];
        Arrays.fill(sides, (byte)BookSink.NOT_KEPT);
        sides['0'] = BookSink.BID;
        sides['1'] = BookSink.ASK;
        sides['E'] = BookSink.BID;
        sides['F'] = BookSink.ASK;
        sides['J'] = BookSink.CLEAR_BOOK;
        return sides;
    }

    private static byte[] levelTypes()
    {
        final byte[] levelTypes = new byte[256];
        levelTypes['E'] = BookSink.IMPLIED;
        levelTypes['F'] = BookSink.IMPLIED;
        return levelTypes;
    }
}
