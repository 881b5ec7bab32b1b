package io.xdpfeed.xdp;

import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.transport.SequenceReceiver;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Constructor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The Java receive loop ({@link XskReceiver#poll}) on one core, with no kernel: this thread plays the kernel's part
 * on rings and a UMEM in plain memory laid out as libxdp describes them (takes frames from the fill ring, writes the
 * stamp and the sequence into a prepared Ethernet/IPv4/UDP frame, produces the descriptor), then polls. Everything
 * stays in this core's caches, so what is measured is the instructions of the loop, not the cross-core fetches that
 * dominate {@code scripts/bench-ingress}. {@code native/src/test/c/receive_loop.c} does the same with the C
 * receiver's loop and libxdp's ring helpers; compare the two lines.
 * <pre>
 * taskset -c 1 java --enable-native-access=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
 *     -cp native/target/test-classes:native/target/classes:$(cat native/target/classpath.txt) \
 *     io.xdpfeed.xdp.ReceiveLoopBenchmark [batch 1] [packets 20000000] [rounds 7] [clock true] \
 *     [seq|receiver|count|produce]
 * </pre>
 * Thread CPU time per packet (the machine may be shared). Prints one line per round and
 * {@code LOOP lang=java batch=.. ns_per_packet=<best round> median=..}. With {@code clock} each poll is bracketed by
 * two clock reads as the benchmark's busy window is. Handlers: {@code seq} (default) does the C receiver's
 * per-datagram work, {@code receiver} is the benchmark's own (SequenceReceiver), {@code count} only counts;
 * {@code produce} runs the kernel's part alone. The kernel's part is in every figure, about the same few stores in
 * both languages.
 */
public final class ReceiveLoopBenchmark
{
    private static final int FRAMES = 256;
    private static final int FRAME_SIZE = 2048;
    private static final int HEADROOM = 256;
    private static final int PAYLOAD = 64;
    private static final int FRAME_LENGTH = 14 + 20 + 8 + PAYLOAD;
    private static final int PAYLOAD_OFFSET = 14 + 20 + 8;
    private static final long LINE = 64;

    private ReceiveLoopBenchmark()
    {
    }

    /** Counts datagrams, nothing else: the loop without the handler's work. */
    static final class Counting implements DatagramHandler
    {
        long received;

        @Override
        public void onDatagram(final int groupAddress, final int port, final DirectBuffer buffer, final int offset,
            final int length, final long receiveTimeNs)
        {
            received++;
        }
    }

    /** The C receiver's per-datagram work (sequence check, first/last, delay), in fields. */
    static final class Sequence implements DatagramHandler
    {
        long received;
        long expected;
        long missing;
        long outOfOrder;
        long first = -1;
        long last;
        long firstReceive;
        long lastReceive;
        long delaySum;
        long delayCount;
        long delayMax;

        @Override
        public void onDatagram(final int groupAddress, final int port, final DirectBuffer buffer, final int offset,
            final int length, final long receiveTimeNs)
        {
            if (length < 16)
            {
                return;
            }
            final long address = buffer.addressOffset() + offset;
            final Object base = buffer.byteArray();
            if (null == base)
            {
                onPayload(null, address, receiveTimeNs);
            }
            else
            {
                onPayload(base, address, receiveTimeNs);
            }
        }

        /** With a base known to be null or not, as {@code SequenceReceiver} reads the payload. */
        private void onPayload(final Object base, final long address, final long receiveTimeNs)
        {
            final long sequence = UnsafeApi.getLong(base, address);
            if (received++ == 0)
            {
                first = sequence;
                expected = sequence;
                firstReceive = receiveTimeNs;
            }
            if (sequence == expected)
            {
                expected = sequence + 1;
            }
            else if (sequence > expected)
            {
                missing += sequence - expected;
                expected = sequence + 1;
            }
            else
            {
                outOfOrder++;
            }
            last = Math.max(last, sequence);
            lastReceive = receiveTimeNs;
            final long delay = receiveTimeNs - UnsafeApi.getLong(base, address + 8);
            delaySum += delay;
            delayCount++;
            delayMax = Math.max(delayMax, delay);
        }
    }

    /** The kernel's side: its own cursors, the shared words and entries through the same addresses. */
    private static final class Kernel
    {
        private final long umemAddress;
        private final RxRing rx;
        private final FillRing fill;
        private long sequence;
        private int rxProducer;
        private int fillConsumer;
        long busyNs;

        Kernel(final long umemAddress, final RxRing rx, final FillRing fill)
        {
            this.umemAddress = umemAddress;
            this.rx = rx;
            this.fill = fill;
        }

        void run(final XskReceiver receiver, final DatagramHandler handler, final long packets, final int batch,
            final boolean clock)
        {
            final long start = System.nanoTime();
            for (long sent = 0; sent < packets; sent += batch)
            {
                produce(batch, start);
                if (null == receiver)
                {
                    continue;
                }
                if (clock)
                {
                    final long pollStart = System.nanoTime();
                    receiver.poll(handler, 64);
                    busyNs += System.nanoTime() - pollStart;
                }
                else
                {
                    receiver.poll(handler, 64);
                }
            }
        }

        private void produce(final int batch, final long start)
        {
            int fillConsumer = this.fillConsumer;
            int rxProducer = this.rxProducer;
            long sequence = this.sequence;
            for (int i = 0; i < batch; i++)
            {
                final long frame = UnsafeApi.getLong(fill.slot(fillConsumer++, 3));
                final long data = umemAddress + frame + HEADROOM;
                UnsafeApi.putLong(data - 8, start + sequence);
                UnsafeApi.putLong(data + PAYLOAD_OFFSET, sequence);
                UnsafeApi.putLong(data + PAYLOAD_OFFSET + 8, start);
                sequence++;
                final long slot = rx.slot(rxProducer++, 4);
                UnsafeApi.putLong(slot, frame + HEADROOM);
                UnsafeApi.putInt(slot + 8, FRAME_LENGTH);
            }
            this.fillConsumer = fillConsumer;
            this.rxProducer = rxProducer;
            this.sequence = sequence;
            UnsafeApi.putIntRelease(null, fill.consumer, fillConsumer);
            UnsafeApi.putIntRelease(null, rx.producer, rxProducer);
        }
    }

    /** The handler of {@code scripts/bench-ingress} (SequenceReceiver), no warm-up phase. */
    private static DatagramHandler sequenceReceiver()
    {
        try
        {
            final Constructor<SequenceReceiver> constructor = SequenceReceiver.class.getDeclaredConstructor(
                long.class, boolean.class, boolean.class, boolean.class);
            constructor.setAccessible(true);
            return constructor.newInstance(0L, false, false, false);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static MemorySegment ringStruct(final Arena arena, final int size, final long entrySize)
    {
        // producer, consumer and flags words on lines of their own, as the kernel maps them
        final MemorySegment words = arena.allocate(3 * LINE, LINE);
        final MemorySegment entries = arena.allocate(size * entrySize, LINE);
        final MemorySegment struct = arena.allocate(XskRing.RING_STRUCT);
        struct.set(JAVA_INT, XskRing.offset("mask"), size - 1);
        struct.set(JAVA_INT, XskRing.offset("size"), size);
        struct.set(ADDRESS, XskRing.offset("producer"), words);
        struct.set(ADDRESS, XskRing.offset("consumer"), words.asSlice(LINE));
        struct.set(ADDRESS, XskRing.offset("flags"), words.asSlice(2 * LINE));
        struct.set(ADDRESS, XskRing.offset("ring"), entries);
        return struct;
    }

    private static void prepareFrames(final MemorySegment umem)
    {
        final byte[] frame = new byte[FRAME_LENGTH];
        final byte[] header = {
            0x01, 0x00, 0x5e, 0x00, 0x1f, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
            0x45, 0x00, 0x00, (byte)(20 + 8 + PAYLOAD), 0x00, 0x00, 0x40, 0x00, 0x01, 0x11, 0x00, 0x00,
            10, 77, 0, 1, (byte)224, 0, 31, 1,
            0x37, (byte)0xe6, 0x37, (byte)0xe6, 0x00, (byte)(8 + PAYLOAD), 0x00, 0x00 };
        System.arraycopy(header, 0, frame, 0, header.length);
        for (int i = 0; i < FRAMES; i++)
        {
            MemorySegment.copy(frame, 0, umem, JAVA_BYTE, (long)i * FRAME_SIZE + HEADROOM, FRAME_LENGTH);
        }
    }

    /**
     * Run the loop.
     *
     * @param args batch, packets, rounds, clock.
     */
    public static void main(final String[] args)
    {
        final int batch = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        final long packets = args.length > 1 ? Long.parseLong(args[1]) : 20_000_000L;
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        final boolean clock = args.length <= 3 || Boolean.parseBoolean(args[3]);
        final boolean count = args.length > 4 && "count".equals(args[4]);
        final boolean produceOnly = args.length > 4 && "produce".equals(args[4]);

        final Arena arena = Arena.ofShared();
        final MemorySegment umem = arena.allocate((long)FRAMES * FRAME_SIZE, 4096);
        prepareFrames(umem);
        final MemorySegment rxStruct = ringStruct(arena, FRAMES, XdpDescriptor.SIZE);
        final MemorySegment fillStruct = ringStruct(arena, 2 * FRAMES, FillRing.ENTRY_SIZE);
        final RxRing rx = new RxRing(rxStruct);
        final FillRing fill = new FillRing(fillStruct);
        final UnsafeBuffer buffer = new UnsafeBuffer(umem.address(), (int)umem.byteSize());
        final XskReceiver receiver = new XskReceiver(null, null, rx, fill, buffer, FRAME_SIZE, FRAMES, true);
        final Sequence sequence = new Sequence();
        final Counting counting = new Counting();
        final DatagramHandler handler = count ? counting :
            args.length > 4 && "receiver".equals(args[4]) ? sequenceReceiver() : sequence;

        final Kernel kernel = new Kernel(umem.address(), rx, fill);
        final double[] results = new double[rounds];
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++)
        {
            final long start = threads.getCurrentThreadCpuTime();
            kernel.run(produceOnly ? null : receiver, handler, packets, batch, clock);
            results[round] = (double)(threads.getCurrentThreadCpuTime() - start) / packets;
            System.out.printf("round %d: %.2f ns/packet%n", round, results[round]);
        }
        Arrays.sort(results);
        System.out.printf("LOOP lang=java batch=%d clock=%b ns_per_packet=%.2f median=%.2f received=%d missing=%d " +
            "busy=%d%n", batch, clock, results[0], results[rounds / 2], sequence.received + counting.received,
            sequence.missing, kernel.busyNs);
    }
}
