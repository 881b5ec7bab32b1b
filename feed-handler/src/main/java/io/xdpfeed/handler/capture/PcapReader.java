package io.xdpfeed.handler.capture;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Classic pcap: a 24-byte global header then records of a 16-byte header and the frame.
 * <pre>
 *   global: magic u32 (a1b2c3d4 us, a1b23c4d ns, either byte order), version u16 u16, thiszone i32,
 *           sigfigs u32, snaplen u32 @16, linktype u32 @20 (low 16 bits; FCS flags above)
 *   record: ts_sec u32, ts_usec_or_nsec u32, incl_len u32 @8, orig_len u32 @12, frame
 * </pre>
 */
final class PcapReader extends CaptureReader
{
    static final int MAGIC_MICROS = 0xA1B2C3D4;
    static final int MAGIC_NANOS = 0xA1B23C4D;
    static final int GLOBAL_HEADER_LENGTH = 24;
    static final int RECORD_HEADER_LENGTH = 16;
    /** Larger than any frame a capture tool writes (tcpdump's maximum snap length is 262144). */
    static final int MAX_RECORD_LENGTH = 262144 * 4;

    private final ByteOrder order;
    private final long nanosPerFraction;

    PcapReader(final UnsafeBuffer buffer)
    {
        super(buffer);
        if (capacity < GLOBAL_HEADER_LENGTH)
        {
            throw new CaptureFormatException(
                "pcap file cut short: " + capacity + " bytes, the global header needs " + GLOBAL_HEADER_LENGTH,
                capacity);
        }
        final int magicLe = buffer.getInt(0, ByteOrder.LITTLE_ENDIAN);
        final int magicBe = buffer.getInt(0, ByteOrder.BIG_ENDIAN);
        if (magicLe == MAGIC_MICROS || magicLe == MAGIC_NANOS)
        {
            order = ByteOrder.LITTLE_ENDIAN;
            nanosPerFraction = magicLe == MAGIC_NANOS ? 1 : 1000;
        }
        else if (magicBe == MAGIC_MICROS || magicBe == MAGIC_NANOS)
        {
            order = ByteOrder.BIG_ENDIAN;
            nanosPerFraction = magicBe == MAGIC_NANOS ? 1 : 1000;
        }
        else
        {
            throw new CaptureFormatException(String.format("not a pcap file: magic 0x%08x", magicBe), 0);
        }
        final int linkTypeCode = buffer.getInt(20, order) & 0xFFFF;
        linkType = LinkType.of(linkTypeCode);
        if (linkType == null)
        {
            throw new CaptureFormatException(LinkType.unsupported("pcap", linkTypeCode), 20);
        }
        position = GLOBAL_HEADER_LENGTH;
    }

    String format()
    {
        return "pcap";
    }

    void rewind()
    {
        position = GLOBAL_HEADER_LENGTH;
        damage = null;
        damageOffset = -1;
    }

    Step next()
    {
        final int recordOffset = position;
        if (recordOffset >= capacity)
        {
            return Step.END;
        }
        if (capacity - recordOffset < RECORD_HEADER_LENGTH)
        {
            return damaged("capture cut short: record header of " + RECORD_HEADER_LENGTH + " bytes has only " +
                (capacity - recordOffset), recordOffset);
        }
        final long seconds = buffer.getInt(recordOffset, order) & 0xFFFF_FFFFL;
        final long fraction = buffer.getInt(recordOffset + 4, order) & 0xFFFF_FFFFL;
        final long includedLength = buffer.getInt(recordOffset + 8, order) & 0xFFFF_FFFFL;
        final long wireLength = buffer.getInt(recordOffset + 12, order) & 0xFFFF_FFFFL;
        if (includedLength > MAX_RECORD_LENGTH)
        {
            return damaged("corrupt pcap record: captured length " + includedLength + " is not plausible",
                recordOffset);
        }
        final int dataOffset = recordOffset + RECORD_HEADER_LENGTH;
        if (includedLength > capacity - dataOffset)
        {
            return damaged("capture cut short: record of " + includedLength + " bytes has only " +
                (capacity - dataOffset), recordOffset);
        }

        frameOffset = dataOffset;
        frameLength = (int)includedLength;
        originalLength = (int)Math.min(Integer.MAX_VALUE, wireLength);
        timestampNs = seconds * 1_000_000_000L + fraction * nanosPerFraction;
        position = dataOffset + frameLength;
        return Step.RECORD;
    }
}
