package io.xdpfeed.sim.send;

import io.xdpfeed.nativeio.LibSocket;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.wire.Mdp3Packet;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.nativeio.LibSocket.IOVEC_SIZE;
import static io.xdpfeed.nativeio.LibSocket.MMSGHDR_SIZE;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The other side of {@code --send} for tests and sender benchmarks: kernel UDP sockets (one per group, one thread
 * each, {@code recvmmsg} batches, a large {@code SO_RCVBUFFORCE} buffer) that check the MsgSeqNum of every MDP 3.0
 * packet of a line and how long after its SendingTime it arrived. Runs in the receiving namespace of the lab.
 * <pre>
 * MulticastReceiver --interface-address 10.77.0.2 --group 224.0.31.1:14310 [--group G:P ...] [--count N]
 *                   [--idle-ms 2000] [--seconds 600] [--rcvbuf-mb 64]
 * </pre>
 * Prints {@code READY} once joined, then one line per group when its count is reached, or when nothing arrived for
 * the idle time after the first packet:
 * <pre>
 * RECEIVED group=224.0.31.1:14310 received=N first=S last=S in_order=N gaps=N missing=N duplicates_or_late=N
 *          delay_avg_us=D delay_max_us=D
 * </pre>
 * {@code missing} counts MsgSeqNums skipped between first and last; {@code delay} is receive wall-clock time minus
 * SendingTime (the intended send time when paced), per {@code recvmmsg} batch.
 */
public final class MulticastReceiver
{
    private static final int BATCH = 64;
    private static final int SLOT_SIZE = 2048;

    private MulticastReceiver()
    {
    }

    /**
     * Receive until done, printing one {@code RECEIVED} line per group.
     *
     * @param args see the class comment.
     * @throws InterruptedException when interrupted while waiting for the receiving threads.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        int interfaceAddress = 0;
        final List<String> groups = new ArrayList<>();
        long count = Long.MAX_VALUE;
        long idleMs = 2_000;
        long seconds = 600;
        int receiveBufferMb = 64;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            final String value = args[i + 1];
            switch (args[i])
            {
                case "--interface-address" -> interfaceAddress = ChannelConfig.parseAddress(value);
                case "--group" -> groups.add(value);
                case "--count" -> count = Long.parseLong(value);
                case "--idle-ms" -> idleMs = Long.parseLong(value);
                case "--seconds" -> seconds = Long.parseLong(value);
                case "--rcvbuf-mb" -> receiveBufferMb = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        final List<Line> lines = new ArrayList<>();
        for (final String group : groups)
        {
            lines.add(new Line(group, interfaceAddress, receiveBufferMb << 20, Math.min(idleMs, 200)));
        }
        System.out.println("READY groups=" + String.join(",", groups));
        System.out.flush();
        final long deadlineNs = System.nanoTime() + seconds * 1_000_000_000L;
        final List<Thread> threads = new ArrayList<>();
        for (final Line line : lines)
        {
            final long limit = count;
            final long idleLimitMs = idleMs;
            final Thread thread = new Thread(() -> line.run(limit, idleLimitMs, deadlineNs), "receive-" + line.group);
            thread.start();
            threads.add(thread);
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        for (final Line line : lines)
        {
            System.out.println(line.result());
            line.close();
        }
        System.out.flush();
    }

    private static final class Line
    {
        private final String group;
        private final KernelUdpSocket socket;
        private final Arena arena = Arena.ofShared();
        private final MemorySegment messages = arena.allocate((long)BATCH * MMSGHDR_SIZE, 8);
        private final MemorySegment iovecs = arena.allocate((long)BATCH * IOVEC_SIZE, 8);
        private final MemorySegment slots = arena.allocate((long)BATCH * SLOT_SIZE, 64);
        private final UnsafeBuffer slotBuffer = new UnsafeBuffer(slots.address(), (int)slots.byteSize());
        private long received;
        private long first = -1;
        private long last = -1;
        private long inOrder;
        private long gaps;
        private long missing;
        private long duplicatesOrLate;
        private long delaySumNs;
        private long delayMaxNs;

        Line(final String groupPort, final int interfaceAddress, final int receiveBuffer, final long pollMs)
        {
            group = groupPort;
            final int colon = groupPort.lastIndexOf(':');
            final int groupAddress = ChannelConfig.parseAddress(groupPort.substring(0, colon));
            final int port = Integer.parseInt(groupPort.substring(colon + 1));
            socket = new KernelUdpSocket("receiver " + groupPort);
            socket.setInt(LibSocket.SOL_SOCKET, LibSocket.SO_REUSEADDR, 1, "SO_REUSEADDR");
            socket.setInt(LibSocket.SOL_SOCKET, LibSocket.SO_RCVBUFFORCE, receiveBuffer, "SO_RCVBUFFORCE");
            socket.receiveTimeout(pollMs);
            socket.bind(groupAddress, port);
            socket.join(groupAddress, interfaceAddress);
            for (int i = 0; i < BATCH; i++)
            {
                final long iovec = (long)i * IOVEC_SIZE;
                iovecs.set(ADDRESS, iovec, slots.asSlice((long)i * SLOT_SIZE, SLOT_SIZE));
                iovecs.set(JAVA_LONG, iovec + 8, SLOT_SIZE);
                final long message = (long)i * MMSGHDR_SIZE;
                messages.set(ADDRESS, message + 16, iovecs.asSlice(iovec, IOVEC_SIZE));
                messages.set(JAVA_LONG, message + 24, 1L);
            }
        }

        void run(final long count, final long idleMs, final long deadlineNs)
        {
            long lastReceiveNs = 0;
            while (received < count && System.nanoTime() < deadlineNs)
            {
                final int n = socket.recvmmsg(messages, BATCH, LibSocket.MSG_WAITFORONE);
                final long nowNs = System.nanoTime();
                if (n <= 0)
                {
                    if (received > 0 && (nowNs - lastReceiveNs) / 1_000_000 >= idleMs)
                    {
                        return;
                    }
                    continue;
                }
                lastReceiveNs = nowNs;
                final Instant now = Instant.now();
                final long epochNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
                for (int i = 0; i < n; i++)
                {
                    final int length = messages.get(JAVA_INT, (long)i * MMSGHDR_SIZE + LibSocket.MSG_LEN_OFFSET);
                    if (length < Mdp3Packet.HEADER_LENGTH)
                    {
                        continue;
                    }
                    final int offset = i * SLOT_SIZE;
                    onPacket(slotBuffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL,
                        slotBuffer.getLong(offset + 4, ByteOrder.LITTLE_ENDIAN), epochNs);
                }
            }
        }

        private void onPacket(final long seq, final long sendingTimeNs, final long epochNs)
        {
            received++;
            final long delayNs = epochNs - sendingTimeNs;
            delaySumNs += delayNs;
            delayMaxNs = Math.max(delayMaxNs, delayNs);
            if (first < 0)
            {
                first = seq;
                last = seq;
                inOrder++;
                return;
            }
            if (seq == last + 1)
            {
                inOrder++;
            }
            else if (seq > last + 1)
            {
                gaps++;
                missing += seq - last - 1;
            }
            else
            {
                duplicatesOrLate++;
                return;
            }
            last = seq;
        }

        String result()
        {
            return "RECEIVED group=" + group + " received=" + received + " first=" + first + " last=" + last +
                " in_order=" + inOrder + " gaps=" + gaps + " missing=" + missing + " duplicates_or_late=" +
                duplicatesOrLate + " delay_avg_us=" + (received > 0 ? delaySumNs / received / 1000 : 0) +
                " delay_max_us=" + delayMaxNs / 1000;
        }

        void close()
        {
            socket.close();
            arena.close();
        }
    }
}
