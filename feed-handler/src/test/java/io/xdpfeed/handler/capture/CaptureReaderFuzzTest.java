package io.xdpfeed.handler.capture;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes the capture readers through their public door, {@link PcapPacketSource#open(Path)} and
 * {@link PcapPacketSource#poll}, with whole files: the seeds are the real pcap captures (pcap target) and the real
 * pcapng ones (pcapng target) in {@code CaptureReaderFuzzTestInputs/<method>/}. Whatever the bytes:
 * <ul>
 *   <li>opening fails, if at all, only with a {@link CaptureFormatException} carrying a message;</li>
 *   <li>{@code poll} throws only to refuse an interface of a link type it does not read, and the file ends after at
 *   most one record per 12 bytes (no loop);</li>
 *   <li>every datagram handed on lies inside the mapping, with a port in 0..65535;</li>
 *   <li>records = datagrams + skipped frames + datagrams dropped for a bad UDP checksum; damage, when reported,
 *   names an offset inside the file;</li>
 *   <li>a rewind reads the same again (same counts, same damage).</li>
 * </ul>
 * The file is written to a directory of this run (the reader maps files, it takes no byte array), in /dev/shm when
 * it exists, deleted after.
 * Regression mode (every build) runs the seeds and any kept crash input; {@code scripts/fuzz} fuzzes.
 */
@Timeout(60)
class CaptureReaderFuzzTest
{
    /** No record is shorter than 12 bytes (a pcapng block; a pcap record header is 16). */
    private static final int MIN_RECORD_BYTES = 12;

    private static Path dir;
    private static Path file;

    @BeforeAll
    static void createDirectory() throws IOException
    {
        // tmpfs when there is one: every input is written, mapped and unmapped, thousands of times a second
        final Path shm = Path.of("/dev/shm");
        final String prefix = "xdpfeed-fuzz-capture-";
        dir = Files.isDirectory(shm) && Files.isWritable(shm) ?
            Files.createTempDirectory(shm, prefix) : Files.createTempDirectory(prefix);
        file = dir.resolve("input.cap");
    }

    @AfterAll
    static void deleteDirectory()
    {
        IoUtil.delete(dir.toFile(), true);
    }

    /**
     * Classic pcap files, seeded with the real v9 capture and CME's per-message samples.
     *
     * @param bytes the whole file.
     */
    @FuzzTest(maxDuration = "10s")
    void pcap(final byte[] bytes) throws IOException
    {
        readWhole(bytes);
    }

    /**
     * pcapng files, seeded with the heads of the real v8 and v6 captures (cut to a few KB, so damaged at the end).
     *
     * @param bytes the whole file.
     */
    @FuzzTest(maxDuration = "10s")
    void pcapng(final byte[] bytes) throws IOException
    {
        readWhole(bytes);
    }

    private static void readWhole(final byte[] bytes) throws IOException
    {
        Files.write(file, bytes);
        final PcapPacketSource source;
        try
        {
            source = PcapPacketSource.open(file);
        }
        catch (final CaptureFormatException ex)
        {
            assertNotNull(ex.getMessage());
            assertTrue(ex.offset() >= 0, ex.getMessage());
            return;
        }

        try (source)
        {
            final Pass first;
            try
            {
                first = read(source, bytes.length);
            }
            catch (final CaptureFormatException ex)
            {
                // a pcapng interface of a link type the replay does not read, found where its block is (an interface
                // block may come late in the file): refused whole, never skipped in silence (replay: exit 1)
                assertTrue(ex.getMessage().contains("link type"), ex.getMessage());
                assertTrue(source.isEnd(), "a refused capture ends");
                return;
            }
            source.rewind();
            final Pass second = read(source, bytes.length);
            assertEquals(first.datagrams, second.datagrams - first.datagrams, "a rewind reads the same datagrams");
            assertEquals(first.payloadBytes, second.payloadBytes, "a rewind reads the same payloads");
            assertEquals(first.damage, second.damage, "a rewind finds the same damage");
            assertEquals(source.frames(), source.datagrams() + source.skippedFrames() + source.badChecksums());
        }
    }

    private static Pass read(final PcapPacketSource source, final int fileLength)
    {
        final Pass pass = new Pass();
        final long maxPolls = fileLength / MIN_RECORD_BYTES + 2;
        long polls = 0;
        while (!source.isEnd())
        {
            if (++polls > maxPolls)
            {
                fail("still not at the end after " + polls + " polls of one record in a " + fileLength +
                    "-byte file");
            }
            source.poll(pass, 1);
        }
        pass.datagrams = source.datagrams();
        pass.damage = source.damage();
        if (pass.damage == null)
        {
            assertEquals(-1, source.damageOffset());
        }
        else
        {
            assertTrue(source.damageOffset() >= 0 && source.damageOffset() <= fileLength,
                "damage offset " + source.damageOffset() + " of a " + fileLength + "-byte file");
        }
        assertNull(pass.error, pass.error);
        return pass;
    }

    /**
     * Checks each datagram where it is handed on and keeps a checksum of the payloads.
     */
    private static final class Pass implements io.xdpfeed.ingress.DatagramHandler
    {
        long datagrams;
        long payloadBytes;
        String damage;
        String error;

        public void onDatagram(
            final int groupAddress, final int port, final DirectBuffer buffer, final int offset, final int length,
            final long receiveTimeNs)
        {
            if (offset < 0 || length < 0 || (long)offset + length > buffer.capacity() || port < 0 || port > 65535)
            {
                error = "datagram out of bounds: offset " + offset + " length " + length + " capacity " +
                    buffer.capacity() + " port " + port;
                return;
            }
            long sum = payloadBytes * 31 + length;
            for (int i = 0; i < length; i++)
            {
                sum = sum * 31 + buffer.getByte(offset + i);
            }
            payloadBytes = sum;
        }
    }
}
