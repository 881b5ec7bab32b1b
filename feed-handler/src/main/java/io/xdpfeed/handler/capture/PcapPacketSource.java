package io.xdpfeed.handler.capture;

import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.IngressStatistics;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.ingress.UdpFrameParser;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A capture file (pcap or pcapng) as a {@link PacketSource}: the file is memory-mapped and every frame is parsed
 * in place by {@link UdpFrameParser}; the datagram handed on points into the mapping (zero copy). The receive time
 * is the capture timestamp in ns since the epoch. Link types read: Ethernet, Linux cooked (SLL, SLL2: captures on
 * {@code any}) and raw IPv4; any other is refused with a {@link CaptureFormatException} naming it, at
 * {@link #open(Path)} for pcap, at the interface description block for pcapng (from {@link #poll}), never skipped.
 * <p>
 * Counts {@link #frames()} (packet records), {@link #skippedFrames()} (records that are not a whole IPv4/UDP
 * datagram: ARP, PIM, IPv6, TCP, fragments, runts, frames cut by the snap length) and {@link #badChecksums()}
 * (whole datagrams whose UDP checksum failed, dropped as the kernel would: the other line's copy is then used).
 * A file that is not a capture fails at {@link #open(Path)} with a {@link CaptureFormatException} naming the byte
 * offset; a file cut short or corrupt further on ends the replay there and reports it in {@link #damage()}.
 */
public final class PcapPacketSource implements PacketSource
{
    private final Path path;
    private final MappedByteBuffer mapping;
    private final CaptureReader reader;
    private final boolean verifyChecksum;
    private long frames;
    private long skippedFrames;
    private long badChecksums;
    private long datagrams;
    private boolean ended;
    private boolean closed;

    private PcapPacketSource(
        final Path path, final MappedByteBuffer mapping, final CaptureReader reader, final boolean verifyChecksum)
    {
        this.path = path;
        this.mapping = mapping;
        this.reader = reader;
        this.verifyChecksum = verifyChecksum;
    }

    /**
     * Map and check a capture file; UDP checksums are verified.
     *
     * @param path of a pcap or pcapng file.
     * @return the source, positioned at the first record.
     * @throws CaptureFormatException when the file is missing, unreadable, not a capture or of a link type not read.
     */
    public static PcapPacketSource open(final Path path)
    {
        return open(path, true);
    }

    /**
     * Map and check a capture file.
     *
     * @param path           of a pcap or pcapng file.
     * @param verifyChecksum verify non-zero UDP checksums; false for a capture taken on a sending host whose NIC
     *                       fills them in (checksum offload: the capture holds only a partial sum).
     * @return the source, positioned at the first record.
     * @throws CaptureFormatException when the file is missing, unreadable, not a capture or of a link type not read.
     */
    public static PcapPacketSource open(final Path path, final boolean verifyChecksum)
    {
        if (Files.exists(path) && !Files.isRegularFile(path))
        {
            // a FIFO would block the open until a writer came, and cannot be mapped anyway
            throw new CaptureFormatException(path + " is not a regular file (a FIFO, device or directory): save " +
                "the capture to a file first", 0);
        }
        final MappedByteBuffer mapping;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size > Integer.MAX_VALUE)
            {
                throw new CaptureFormatException(
                    path + " is larger than 2 GiB: split it first, e.g. editcap -c 1000000", Integer.MAX_VALUE);
            }
            if (size == 0)
            {
                throw new CaptureFormatException(path + " is empty: not a capture", 0);
            }
            mapping = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        }
        catch (final NoSuchFileException ex)
        {
            throw new CaptureFormatException("capture file not found: " + path, 0);
        }
        catch (final IOException ex)
        {
            throw new CaptureFormatException("cannot read capture file " + path + ": " + ex.getMessage(), 0);
        }

        try
        {
            return new PcapPacketSource(path, mapping, reader(new UnsafeBuffer(mapping), path), verifyChecksum);
        }
        catch (final CaptureFormatException ex)
        {
            IoUtil.unmap(mapping);
            throw ex;
        }
    }

    private static CaptureReader reader(final UnsafeBuffer buffer, final Path path)
    {
        if (buffer.capacity() < 4)
        {
            throw new CaptureFormatException(path + " is " + buffer.capacity() + " bytes: not a capture",
                buffer.capacity());
        }
        final int magic = buffer.getInt(0, ByteOrder.LITTLE_ENDIAN);
        if (magic == PcapNgReader.SHB)
        {
            return new PcapNgReader(buffer);
        }
        if (magic == PcapReader.MAGIC_MICROS || magic == PcapReader.MAGIC_NANOS ||
            Integer.reverseBytes(magic) == PcapReader.MAGIC_MICROS ||
            Integer.reverseBytes(magic) == PcapReader.MAGIC_NANOS)
        {
            return new PcapReader(buffer);
        }
        throw new CaptureFormatException(String.format(
            "%s is not a pcap or pcapng file: magic 0x%08x", path, Integer.reverseBytes(magic)), 0);
    }

    /**
     * Deliver up to {@code limit} datagrams, skipping (and counting) frames that are not IPv4/UDP and datagrams whose
     * UDP checksum fails.
     *
     * @param handler receiving each datagram in place.
     * @param limit   the most datagrams to deliver in this call.
     * @return datagrams delivered; 0 once the capture has ended (see {@link #isEnd()}).
     * @throws CaptureFormatException at a pcapng interface of a link type not read (the capture is refused, not
     *                                replayed without that interface's packets); the source has then ended.
     */
    public int poll(final DatagramHandler handler, final int limit)
    {
        final CaptureReader reader = this.reader;
        int delivered = 0;
        while (delivered < limit && !ended)
        {
            final CaptureReader.Step status = reader.next();
            if (status != CaptureReader.Step.RECORD)
            {
                ended = true;
                if (status == CaptureReader.Step.REFUSED)
                {
                    datagrams += delivered;
                    throw new CaptureFormatException(path + ": " + reader.damage(), reader.damageOffset());
                }
                break;
            }
            frames++;
            final int parsed = parse(reader, handler);
            if (parsed == UdpFrameParser.DELIVERED)
            {
                delivered++;
            }
            else if (parsed == UdpFrameParser.BAD_CHECKSUM)
            {
                badChecksums++;
            }
            else
            {
                skippedFrames++;
            }
        }
        datagrams += delivered;
        return delivered;
    }

    private int parse(final CaptureReader reader, final DatagramHandler handler)
    {
        final UnsafeBuffer buffer = reader.buffer;
        final int offset = reader.frameOffset;
        final int length = reader.frameLength;
        final long timeNs = reader.timestampNs;
        final LinkType linkType = reader.linkType;
        if (linkType == null)
        {
            return UdpFrameParser.SKIPPED; // a packet of an interface the file did not describe
        }
        return switch (linkType)
        {
            case ETHERNET -> UdpFrameParser.parseEthernet(buffer, offset, length, timeNs, handler, verifyChecksum);
            case LINUX_SLL -> UdpFrameParser.parseLinuxCooked(buffer, offset, length, timeNs, handler, verifyChecksum);
            case LINUX_SLL2 ->
                UdpFrameParser.parseLinuxCooked2(buffer, offset, length, timeNs, handler, verifyChecksum);
            case RAW, IPV4 -> UdpFrameParser.parseRawIp(buffer, offset, length, timeNs, handler, verifyChecksum);
        };
    }

    /**
     * Start again from the first record (counters keep counting), e.g. to replay a capture in a loop.
     */
    public void rewind()
    {
        if (!closed)
        {
            reader.rewind();
            ended = false;
        }
    }

    /**
     * {@inheritDoc}
     */
    public String transport()
    {
        return "pcap";
    }

    /**
     * @return {@code pcap} or {@code pcapng}.
     */
    public String format()
    {
        return reader.format();
    }

    /**
     * @return the file.
     */
    public Path path()
    {
        return path;
    }

    /**
     * @return true once every record has been read, or the rest of the file is damaged.
     */
    public boolean isEnd()
    {
        return ended;
    }

    /**
     * @return packet records read.
     */
    public long frames()
    {
        return frames;
    }

    /**
     * @return records that were not a whole IPv4/UDP datagram.
     */
    public long skippedFrames()
    {
        return skippedFrames;
    }

    /**
     * @return whole IPv4/UDP datagrams dropped because their UDP checksum failed (0 when not verified).
     */
    public long badChecksums()
    {
        return badChecksums;
    }

    /**
     * {@inheritDoc}
     * <p>
     * Received are the packet records read; skipped and bad checksums as {@link #skippedFrames()} and
     * {@link #badChecksums()}.
     */
    @Override
    public void statistics(final IngressStatistics statistics)
    {
        statistics.reset().add(IngressStatistics.Count.RECEIVED_PACKETS, frames)
            .add(IngressStatistics.Count.SKIPPED_FRAMES, skippedFrames)
            .add(IngressStatistics.Count.BAD_CHECKSUMS, badChecksums);
    }

    /**
     * @return true when UDP checksums are verified.
     */
    public boolean verifiesChecksums()
    {
        return verifyChecksum;
    }

    /**
     * @return UDP datagrams delivered.
     */
    public long datagrams()
    {
        return datagrams;
    }

    /**
     * @return why reading stopped before the end of the file, with the byte offset, or null.
     */
    public String damage()
    {
        return reader.damage();
    }

    /**
     * @return the byte offset where the damage was found, or -1.
     */
    public long damageOffset()
    {
        return reader.damageOffset();
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        if (!closed)
        {
            closed = true;
            ended = true;
            IoUtil.unmap(mapping);
        }
    }
}
