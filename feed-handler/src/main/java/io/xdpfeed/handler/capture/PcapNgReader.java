package io.xdpfeed.handler.capture;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * pcapng: a sequence of blocks {@code type u32, totalLength u32, body, totalLength u32}, in sections that each
 * start with a Section Header Block giving the byte order.
 * <pre>
 *   SHB 0x0A0D0D0A: byteOrderMagic 0x1A2B3C4D @8, major u16 @12, minor u16 @14, sectionLength i64 @16, options
 *   IDB 1: linkType u16 @8, snapLen u32 @12, options @16 (if_tsresol code 9, if_tsoffset code 14)
 *   EPB 6: interfaceId u32 @8, tsHigh u32 @12, tsLow u32 @16, capturedLength u32 @20, originalLength u32 @24, data @28
 *   SPB 3: originalLength u32 @8, data @12 (captured = min(originalLength, snapLen of interface 0, what fits))
 *   OPB 2: interfaceId u16 @8, drops u16 @10, tsHigh @12, tsLow @16, capturedLength @20, originalLength @24, data @28
 * </pre>
 * Other blocks (name resolution, statistics, custom, ...) are passed by. An interface of a link type that is not
 * read (not a {@link LinkType}) ends the file with {@link Step#REFUSED}.
 */
final class PcapNgReader extends CaptureReader
{
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int OPB = 2;
    static final int SPB = 3;
    static final int EPB = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int MIN_BLOCK_LENGTH = 12;

    private static final int OPTION_END = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;

    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private int interfaceCount;
    private LinkType[] linkTypes = new LinkType[4];
    private int[] snapLengths = new int[4];
    private int[] resolutions = new int[4];
    private long[] offsetsNs = new long[4];

    PcapNgReader(final UnsafeBuffer buffer)
    {
        super(buffer);
        if (capacity < 28)
        {
            throw new CaptureFormatException(
                "pcapng file cut short: " + capacity + " bytes, a section header block needs at least 28", capacity);
        }
        if (buffer.getInt(0, ByteOrder.LITTLE_ENDIAN) != SHB)
        {
            throw new CaptureFormatException("not a pcapng file: no section header block", 0);
        }
        if (readSectionHeader(0) != Step.RECORD)
        {
            throw new CaptureFormatException("not a pcapng file: " + damage, damageOffset);
        }
    }

    String format()
    {
        return "pcapng";
    }

    void rewind()
    {
        damage = null;
        damageOffset = -1;
        readSectionHeader(0);
    }

    Step next()
    {
        while (true)
        {
            final int blockOffset = position;
            if (blockOffset >= capacity)
            {
                return Step.END;
            }
            if (capacity - blockOffset < MIN_BLOCK_LENGTH)
            {
                return damaged("capture cut short: block header of 8 bytes has only " + (capacity - blockOffset),
                    blockOffset);
            }
            final int type = buffer.getInt(blockOffset, order);
            if (type == SHB)
            {
                if (readSectionHeader(blockOffset) != Step.RECORD)
                {
                    return Step.DAMAGED;
                }
                continue;
            }

            final long blockLength = buffer.getInt(blockOffset + 4, order) & 0xFFFF_FFFFL;
            if (blockLength < MIN_BLOCK_LENGTH || (blockLength & 3) != 0)
            {
                return damaged("corrupt pcapng block: total length " + blockLength, blockOffset);
            }
            if (blockLength > capacity - blockOffset)
            {
                return damaged("capture cut short: block of " + blockLength + " bytes has only " +
                    (capacity - blockOffset), blockOffset);
            }
            final int blockEnd = blockOffset + (int)blockLength;
            if ((buffer.getInt(blockEnd - 4, order) & 0xFFFF_FFFFL) != blockLength)
            {
                return damaged("corrupt pcapng block: trailing total length differs from " + blockLength,
                    blockOffset);
            }
            position = blockEnd;

            switch (type)
            {
                case IDB ->
                {
                    final Step status = readInterface(blockOffset, blockEnd);
                    if (status != Step.RECORD)
                    {
                        return status;
                    }
                }
                case EPB, OPB ->
                {
                    return readPacket(type, blockOffset, blockEnd);
                }
                case SPB ->
                {
                    return readSimplePacket(blockOffset, blockEnd);
                }
                default ->
                {
                }
            }
        }
    }

    private Step readSectionHeader(final int blockOffset)
    {
        if (capacity - blockOffset < 28)
        {
            return damaged("capture cut short: section header block has only " + (capacity - blockOffset) +
                " bytes", blockOffset);
        }
        final int magicLe = buffer.getInt(blockOffset + 8, ByteOrder.LITTLE_ENDIAN);
        if (magicLe == BYTE_ORDER_MAGIC)
        {
            order = ByteOrder.LITTLE_ENDIAN;
        }
        else if (Integer.reverseBytes(magicLe) == BYTE_ORDER_MAGIC)
        {
            order = ByteOrder.BIG_ENDIAN;
        }
        else
        {
            return damaged(String.format("corrupt section header block: byte-order magic 0x%08x", magicLe),
                blockOffset + 8);
        }
        final long blockLength = buffer.getInt(blockOffset + 4, order) & 0xFFFF_FFFFL;
        if (blockLength < 28 || (blockLength & 3) != 0)
        {
            return damaged("corrupt section header block: total length " + blockLength, blockOffset);
        }
        if (blockLength > capacity - blockOffset)
        {
            return damaged("capture cut short: section header block of " + blockLength + " bytes has only " +
                (capacity - blockOffset), blockOffset);
        }
        final int major = buffer.getShort(blockOffset + 12, order) & 0xFFFF;
        if (major != 1)
        {
            return damaged("pcapng major version " + major + " is not 1", blockOffset + 12);
        }
        interfaceCount = 0;
        position = blockOffset + (int)blockLength;
        return Step.RECORD;
    }

    private Step readInterface(final int blockOffset, final int blockEnd)
    {
        if (blockEnd - blockOffset < 20)
        {
            return damaged("corrupt interface description block: too short", blockOffset);
        }
        if (interfaceCount == linkTypes.length)
        {
            final int length = interfaceCount * 2;
            linkTypes = Arrays.copyOf(linkTypes, length);
            snapLengths = Arrays.copyOf(snapLengths, length);
            resolutions = Arrays.copyOf(resolutions, length);
            offsetsNs = Arrays.copyOf(offsetsNs, length);
        }
        final int linkTypeCode = buffer.getShort(blockOffset + 8, order) & 0xFFFF;
        final LinkType linkType = LinkType.of(linkTypeCode);
        if (linkType == null)
        {
            // refused rather than its packets skipped: a replay that silently drops a whole interface is wrong
            return refused(LinkType.unsupported("pcapng interface " + interfaceCount, linkTypeCode), blockOffset + 8);
        }
        final int index = interfaceCount++;
        linkTypes[index] = linkType;
        snapLengths[index] = buffer.getInt(blockOffset + 12, order);
        resolutions[index] = 6;
        offsetsNs[index] = 0;

        int option = blockOffset + 16;
        final int optionsEnd = blockEnd - 4;
        while (option + 4 <= optionsEnd)
        {
            final int code = buffer.getShort(option, order) & 0xFFFF;
            final int length = buffer.getShort(option + 2, order) & 0xFFFF;
            if (code == OPTION_END)
            {
                break;
            }
            final int value = option + 4;
            if (length > optionsEnd - value)
            {
                return damaged("corrupt interface description block: option " + code + " of " + length +
                    " bytes runs past the block", option);
            }
            if (code == IF_TSRESOL && length >= 1)
            {
                resolutions[index] = buffer.getByte(value) & 0xFF;
            }
            else if (code == IF_TSOFFSET && length >= 8)
            {
                offsetsNs[index] = buffer.getLong(value, order) * 1_000_000_000L;
            }
            option = value + ((length + 3) & ~3);
        }
        return Step.RECORD;
    }

    private Step readPacket(final int type, final int blockOffset, final int blockEnd)
    {
        if (blockEnd - blockOffset < 32)
        {
            return damaged("corrupt packet block: too short", blockOffset);
        }
        final int interfaceId = type == EPB ?
            buffer.getInt(blockOffset + 8, order) : buffer.getShort(blockOffset + 8, order) & 0xFFFF;
        final long timestamp = ((buffer.getInt(blockOffset + 12, order) & 0xFFFF_FFFFL) << 32) |
            (buffer.getInt(blockOffset + 16, order) & 0xFFFF_FFFFL);
        final long capturedLength = buffer.getInt(blockOffset + 20, order) & 0xFFFF_FFFFL;
        final long wireLength = buffer.getInt(blockOffset + 24, order) & 0xFFFF_FFFFL;
        final int dataOffset = blockOffset + 28;
        if (capturedLength > blockEnd - 4 - dataOffset)
        {
            return damaged("corrupt packet block: captured length " + capturedLength + " runs past the block",
                blockOffset);
        }
        frameOffset = dataOffset;
        frameLength = (int)capturedLength;
        originalLength = (int)Math.min(Integer.MAX_VALUE, wireLength);
        if (interfaceId < 0 || interfaceId >= interfaceCount)
        {
            linkType = null;
            timestampNs = 0;
        }
        else
        {
            linkType = linkTypes[interfaceId];
            timestampNs = toNanos(timestamp, resolutions[interfaceId]) + offsetsNs[interfaceId];
        }
        return Step.RECORD;
    }

    private Step readSimplePacket(final int blockOffset, final int blockEnd)
    {
        if (blockEnd - blockOffset < 16)
        {
            return damaged("corrupt simple packet block: too short", blockOffset);
        }
        final long wireLength = buffer.getInt(blockOffset + 8, order) & 0xFFFF_FFFFL;
        final int dataOffset = blockOffset + 12;
        long capturedLength = Math.min(wireLength, blockEnd - 4 - dataOffset);
        if (interfaceCount > 0 && snapLengths[0] > 0)
        {
            capturedLength = Math.min(capturedLength, snapLengths[0] & 0xFFFF_FFFFL);
        }
        frameOffset = dataOffset;
        frameLength = (int)capturedLength;
        originalLength = (int)Math.min(Integer.MAX_VALUE, wireLength);
        linkType = interfaceCount > 0 ? linkTypes[0] : null;
        timestampNs = 0;
        return Step.RECORD;
    }

    /**
     * @param timestamp  in units of the interface's resolution.
     * @param resolution if_tsresol: bit 7 clear, 10^-n s; set, 2^-n s.
     * @return ns.
     */
    static long toNanos(final long timestamp, final int resolution)
    {
        final int exponent = resolution & 0x7F;
        if ((resolution & 0x80) == 0)
        {
            if (exponent <= 9)
            {
                long factor = 1;
                for (int i = exponent; i < 9; i++)
                {
                    factor *= 10;
                }
                return timestamp * factor;
            }
            long divisor = 1;
            for (int i = 9; i < exponent && i < 27; i++)
            {
                divisor *= 10;
            }
            return Long.divideUnsigned(timestamp, divisor);
        }
        if (exponent == 0)
        {
            return timestamp * 1_000_000_000L;
        }
        if (exponent >= 63)
        {
            return 0;
        }
        final long seconds = timestamp >>> exponent;
        final long fraction = timestamp & ((1L << exponent) - 1);
        final long fractionNs = exponent <= 32 ?
            (fraction * 1_000_000_000L) >>> exponent :
            Math.multiplyHigh(fraction << (63 - exponent), 1_000_000_000L) << 1;
        return seconds * 1_000_000_000L + fractionNs;
    }
}
