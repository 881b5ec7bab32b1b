package io.xdpfeed.xdp;

import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.nativeio.LibC;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Sends sequenced UDP multicast frames through an AF_XDP socket's TX ring (copy mode), for the integration test of
 * {@link TxRing} and {@link CompletionRing} against the kernel. Prints {@code TX sent=<n> completed=<n>}.
 * <pre>
 * TxProbe &lt;interface&gt; &lt;source address&gt; &lt;group:port&gt; &lt;count&gt; [&lt;damage every&gt;]
 * </pre>
 * With {@code damage every} N, every frame carries its UDP checksum, and in every Nth (sequence % N == 0) one
 * bit of the payload's time field is flipped after it was computed, as a link would damage it.
 */
public final class TxProbe
{
    private static final int FRAMES = 1024;
    private static final int FRAME_SIZE = 2048;
    private static final int PAYLOAD = 16;
    private static final int FRAME_LENGTH = 14 + 20 + 8 + PAYLOAD;

    private TxProbe()
    {
    }

    /**
     * Send.
     *
     * @param args interface, source address, group:port, count.
     */
    public static void main(final String[] args)
    {
        final String interfaceName = args[0];
        final int source = Subscription.parseAddress(args[1]);
        final Subscription destination = Subscription.parse(args[2]);
        final long count = Long.parseLong(args[3]);
        final long damageEvery = args.length > 4 ? Long.parseLong(args[4]) : 0;

        try (Umem umem = new Umem(FRAMES, FRAME_SIZE, FRAMES, FRAMES);
            XskSocket socket = new XskSocket(interfaceName, 0, umem, 0, FRAMES, false))
        {
            final TxRing tx = socket.txRing();
            final CompletionRing completion = umem.completionRing();
            final UnsafeBuffer buffer = umem.buffer();
            int nextFrame = 0;
            int freeFrames = FRAMES;
            long sent = 0;
            long completed = 0;
            while (completed < count)
            {
                final int done = completion.peek(FRAMES);
                if (done > 0)
                {
                    completion.release(done);
                    completed += done;
                    freeFrames += done;
                }
                final int wanted = (int)Math.min(Math.min(32, freeFrames), count - sent);
                if (wanted > 0 && tx.reserve(wanted) == wanted)
                {
                    final int index = tx.reserveIndex();
                    for (int i = 0; i < wanted; i++)
                    {
                        final long address = umem.frameAddress(nextFrame);
                        nextFrame = (nextFrame + 1) % FRAMES;
                        writeFrame(buffer, (int)address, source, destination, sent + i, damageEvery);
                        tx.descriptor(index + i, address, FRAME_LENGTH);
                    }
                    tx.submit(wanted);
                    sent += wanted;
                    freeFrames -= wanted;
                }
                socket.kickTx();
            }
            System.out.println("TX sent=" + sent + " completed=" + completed + " pid=" + LibC.getpid());
        }
    }

    private static void writeFrame(
        final UnsafeBuffer buffer, final int offset, final int source, final Subscription destination,
        final long sequence, final long damageEvery)
    {
        final int group = destination.groupAddress();
        // Ethernet: the group's multicast MAC 01:00:5e + low 23 bits of the group
        buffer.putByte(offset, (byte)0x01);
        buffer.putByte(offset + 1, (byte)0x00);
        buffer.putByte(offset + 2, (byte)0x5e);
        buffer.putByte(offset + 3, (byte)((group >>> 16) & 0x7F));
        buffer.putByte(offset + 4, (byte)(group >>> 8));
        buffer.putByte(offset + 5, (byte)group);
        for (int i = 6; i < 12; i++)
        {
            buffer.putByte(offset + i, (byte)(i == 6 ? 0x02 : i));
        }
        buffer.putShort(offset + 12, (short)0x0800, ByteOrder.BIG_ENDIAN);

        final int ip = offset + 14;
        buffer.putByte(ip, (byte)0x45);
        buffer.putByte(ip + 1, (byte)0);
        buffer.putShort(ip + 2, (short)(20 + 8 + PAYLOAD), ByteOrder.BIG_ENDIAN);
        buffer.putShort(ip + 4, (short)sequence, ByteOrder.BIG_ENDIAN);
        buffer.putShort(ip + 6, (short)0x4000, ByteOrder.BIG_ENDIAN);
        buffer.putByte(ip + 8, (byte)1);
        buffer.putByte(ip + 9, (byte)17);
        buffer.putShort(ip + 10, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putInt(ip + 12, source, ByteOrder.BIG_ENDIAN);
        buffer.putInt(ip + 16, group, ByteOrder.BIG_ENDIAN);
        int sum = 0;
        for (int i = 0; i < 20; i += 2)
        {
            sum += buffer.getShort(ip + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        }
        sum = (sum & 0xFFFF) + (sum >>> 16);
        sum = (sum & 0xFFFF) + (sum >>> 16);
        buffer.putShort(ip + 10, (short)~sum, ByteOrder.BIG_ENDIAN);

        final int udp = ip + 20;
        buffer.putShort(udp, (short)40000, ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + 2, (short)destination.port(), ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + 4, (short)(8 + PAYLOAD), ByteOrder.BIG_ENDIAN);
        buffer.putShort(udp + 6, (short)0, ByteOrder.BIG_ENDIAN);
        buffer.putLong(udp + 8, sequence, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(udp + 16, System.nanoTime(), ByteOrder.LITTLE_ENDIAN);
        if (damageEvery > 0)
        {
            long udpSum = (source >>> 16) + (source & 0xFFFF) + (group >>> 16) + (group & 0xFFFF) + 17 + 8 + PAYLOAD;
            for (int i = 0; i < 8 + PAYLOAD; i += 2)
            {
                udpSum += buffer.getShort(udp + i, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            }
            while ((udpSum >>> 16) != 0)
            {
                udpSum = (udpSum & 0xFFFF) + (udpSum >>> 16);
            }
            final int checksum = (int)~udpSum & 0xFFFF;
            buffer.putShort(udp + 6, (short)(checksum == 0 ? 0xFFFF : checksum), ByteOrder.BIG_ENDIAN);
            if (sequence % damageEvery == 0)
            {
                buffer.putByte(udp + 20, (byte)(buffer.getByte(udp + 20) ^ 0x04));
            }
        }
    }
}
