package io.xdpfeed.handler.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes frames as pcap or pcapng in any byte order and timestamp resolution, and reads the raw frames of a
 * little-endian microsecond pcap, independently of the production readers.
 */
final class CaptureWriter
{
    /** One captured frame. */
    record Frame(long timestampNs, byte[] data, int originalLength)
    {
        Frame(final long timestampNs, final byte[] data)
        {
            this(timestampNs, data, data.length);
        }
    }

    private CaptureWriter()
    {
    }

    static List<Frame> readLittleEndianMicrosPcap(final Path path) throws Exception
    {
        final ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        if (file.getInt(0) != 0xA1B2C3D4)
        {
            throw new IllegalArgumentException("not a little-endian microsecond pcap");
        }
        final List<Frame> frames = new ArrayList<>();
        int position = 24;
        while (position < file.capacity())
        {
            final long seconds = file.getInt(position) & 0xFFFF_FFFFL;
            final long micros = file.getInt(position + 4) & 0xFFFF_FFFFL;
            final int length = file.getInt(position + 8);
            final int original = file.getInt(position + 12);
            final byte[] data = new byte[length];
            file.get(position + 16, data);
            frames.add(new Frame(seconds * 1_000_000_000L + micros * 1000, data, original));
            position += 16 + length;
        }
        return frames;
    }

    static byte[] pcap(final List<Frame> frames, final ByteOrder order, final boolean nanos, final int linkType)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteBuffer header = ByteBuffer.allocate(24).order(order);
        header.putInt(nanos ? 0xA1B23C4D : 0xA1B2C3D4).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(65535).putInt(linkType);
        out.writeBytes(header.array());
        for (final Frame frame : frames)
        {
            final ByteBuffer record = ByteBuffer.allocate(16).order(order);
            final long seconds = frame.timestampNs() / 1_000_000_000L;
            final long fraction = frame.timestampNs() % 1_000_000_000L;
            record.putInt((int)seconds).putInt((int)(nanos ? fraction : fraction / 1000))
                .putInt(frame.data().length).putInt(frame.originalLength());
            out.writeBytes(record.array());
            out.writeBytes(frame.data());
        }
        return out.toByteArray();
    }

    /**
     * @param resolution if_tsresol byte, or -1 for none (microseconds).
     * @param simple     write Simple Packet Blocks instead of Enhanced Packet Blocks.
     */
    static byte[] pcapng(final List<Frame> frames, final ByteOrder order, final int resolution, final boolean simple)
    {
        return pcapng(frames, order, resolution, simple, 1);
    }

    /**
     * @param resolution if_tsresol byte, or -1 for none (microseconds).
     * @param simple     write Simple Packet Blocks instead of Enhanced Packet Blocks.
     * @param linkType   of the one interface.
     */
    static byte[] pcapng(
        final List<Frame> frames, final ByteOrder order, final int resolution, final boolean simple, final int linkType)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(block(order, 0x0A0D0D0A, ByteBuffer.allocate(16).order(order)
            .putInt(0x1A2B3C4D).putShort((short)1).putShort((short)0).putLong(-1).array()));
        // a name resolution block, to be passed by
        out.writeBytes(block(order, 4, ByteBuffer.allocate(4).order(order).putInt(0).array()));
        final ByteBuffer idb = ByteBuffer.allocate(resolution >= 0 ? 20 : 8).order(order);
        idb.putShort((short)linkType).putShort((short)0).putInt(65535);
        if (resolution >= 0)
        {
            idb.putShort((short)9).putShort((short)1).put((byte)resolution).put(new byte[3]).putInt(0);
        }
        out.writeBytes(block(order, 1, idb.array()));
        for (final Frame frame : frames)
        {
            final int padded = (frame.data().length + 3) & ~3;
            if (simple)
            {
                final ByteBuffer body = ByteBuffer.allocate(4 + padded).order(order);
                body.putInt(frame.originalLength()).put(frame.data());
                out.writeBytes(block(order, 3, body.array()));
            }
            else
            {
                final long units = toUnits(frame.timestampNs(), resolution);
                final ByteBuffer body = ByteBuffer.allocate(20 + padded).order(order);
                body.putInt(0).putInt((int)(units >>> 32)).putInt((int)units).putInt(frame.data().length)
                    .putInt(frame.originalLength()).put(frame.data());
                out.writeBytes(block(order, 6, body.array()));
            }
        }
        return out.toByteArray();
    }

    static long toUnits(final long timestampNs, final int resolution)
    {
        if (resolution < 0)
        {
            return timestampNs / 1000;
        }
        if ((resolution & 0x80) == 0)
        {
            long units = timestampNs;
            for (int i = resolution; i < 9; i++)
            {
                units /= 10;
            }
            return units;
        }
        final int exponent = resolution & 0x7F;
        final long seconds = timestampNs / 1_000_000_000L;
        final long ns = timestampNs % 1_000_000_000L;
        return (seconds << exponent) + (ns << exponent) / 1_000_000_000L;
    }

    private static byte[] block(final ByteOrder order, final int type, final byte[] body)
    {
        final ByteBuffer block = ByteBuffer.allocate(12 + body.length).order(order);
        block.putInt(type).putInt(12 + body.length).put(body).putInt(12 + body.length);
        return block.array();
    }
}
