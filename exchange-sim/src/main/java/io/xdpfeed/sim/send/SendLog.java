package io.xdpfeed.sim.send;

import io.xdpfeed.common.config.ConfigurationException;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * When each incremental packet was actually handed to the kernel, beside when it was meant to go (its SendingTime):
 * the side log of {@code exchange-sim --send-log FILE}, keyed by MsgSeqNum, so that a receiver can tell the pacer's
 * lateness apart from its own latency. Written on the sending thread without allocation: the first copy of a
 * MsgSeqNum (line A, or B when A's was lost) is stamped when the senders have taken it ({@link #onIncremental}):
 * written into the AF_XDP TX ring ({@code --tx xdp}), into the {@code sendmmsg} batch ({@code --tx mmsg}, which goes
 * to the kernel at the end of the tick or when full) or written to the socket ({@code --tx udp}). Stamping at the
 * batch's hand-over instead was tried and is wrong when the pacer is behind: ticks then batch together until the
 * sender catches up, so the stamp came after the receiver's callback.
 * <p>
 * File: for MsgSeqNum 1..n in order, two little-endian i64: intended (SendingTime) and actual hand-over time, both ns
 * since the epoch (the actual time is the monotonic clock put on the epoch with the simulator's start pair); 0 for a
 * packet never sent.
 */
public final class SendLog
{
    private final long[] intendedNs;
    private final long[] actualNs;
    private EpochAnchor start = new EpochAnchor(0, 0);

    /**
     * @param packets highest MsgSeqNum logged.
     * @throws ConfigurationException when that many cannot be held.
     */
    public SendLog(final long packets)
    {
        if (packets < 0 || packets >= Integer.MAX_VALUE)
        {
            throw new ConfigurationException("--send-log: " + packets + " packets cannot be logged");
        }
        intendedNs = new long[(int)packets + 1];
        actualNs = new long[(int)packets + 1];
    }

    private SendLog(final long[] intendedNs, final long[] actualNs)
    {
        this.intendedNs = intendedNs;
        this.actualNs = actualNs;
    }

    /**
     * The start of the run: System.nanoTime() and the epoch ns of the same instant.
     *
     * @param start of the run.
     */
    public void start(final EpochAnchor start)
    {
        this.start = start;
    }

    /**
     * The senders have taken an incremental datagram.
     *
     * @param buffer holding the MDP 3.0 packet (MsgSeqNum u32 at 0, SendingTime u64 at 4, little-endian).
     * @param offset of the packet.
     * @param length of the packet.
     */
    public void onIncremental(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 12)
        {
            return;
        }
        final long msgSeqNum = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
        if (msgSeqNum < 1 || msgSeqNum >= intendedNs.length || intendedNs[(int)msgSeqNum] != 0)
        {
            return;
        }
        intendedNs[(int)msgSeqNum] = buffer.getLong(offset + 4, ByteOrder.LITTLE_ENDIAN);
        actualNs[(int)msgSeqNum] = start.epochNowNs();
    }

    /**
     * @return the highest MsgSeqNum the log holds.
     */
    public int packets()
    {
        return intendedNs.length - 1;
    }

    /**
     * @param msgSeqNum 1..{@link #packets()}.
     * @return its SendingTime, ns since the epoch, 0 when not sent.
     */
    public long intendedNs(final int msgSeqNum)
    {
        return intendedNs[msgSeqNum];
    }

    /**
     * @param msgSeqNum 1..{@link #packets()}.
     * @return when it was handed to the kernel, ns since the epoch, 0 when not sent.
     */
    public long actualNs(final int msgSeqNum)
    {
        return actualNs[msgSeqNum];
    }

    /**
     * Write the log.
     *
     * @param file to write.
     * @throws IOException when it cannot be written.
     */
    public void write(final Path file) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(16 * packets()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 1; i < intendedNs.length; i++)
        {
            bytes.putLong(intendedNs[i]).putLong(actualNs[i]);
        }
        bytes.flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
        }
    }

    /**
     * Read a log {@link #write(Path)} wrote.
     *
     * @param file to read.
     * @return the log.
     * @throws IOException when it cannot be read.
     */
    public static SendLog read(final Path file) throws IOException
    {
        final ByteBuffer bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            bytes = ByteBuffer.allocate((int)channel.size()).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0)
            {
                // read it whole
            }
        }
        bytes.flip();
        final int packets = bytes.remaining() / 16;
        final long[] intended = new long[packets + 1];
        final long[] actual = new long[packets + 1];
        for (int i = 1; i <= packets; i++)
        {
            intended[i] = bytes.getLong();
            actual[i] = bytes.getLong();
        }
        return new SendLog(intended, actual);
    }
}
