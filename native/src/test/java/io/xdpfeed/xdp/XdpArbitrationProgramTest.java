package io.xdpfeed.xdp;

import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.nativeio.LibBpf;
import io.xdpfeed.nativeio.LibC;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The arbitrating XDP program ({@code xdp_mcast_arb.o}) run by the kernel on crafted frames with
 * {@code BPF_PROG_TEST_RUN} ({@code bpf_prog_test_run_opts}): the verifier accepts it, and each frame's verdict and
 * the channel's counters are what docs/arbitration.md says. The XSKMAP is empty here, so a redirected frame comes
 * back as XDP_PASS (the redirect's default); the counters tell a claimed copy from an unsubscribed one. Needs root
 * (CAP_BPF and CAP_SYS_ADMIN for the test run); skipped with the reason otherwise.
 */
@Timeout(60)
class XdpArbitrationProgramTest
{
    private static final int XDP_DROP = 1;
    private static final int XDP_PASS = 2;
    private static final int SOURCE = 0x0A4D0001; // 10.77.0.1
    private static final Subscription LINE_A = Subscription.of("224.0.31.1", 14310);
    private static final Subscription LINE_B = Subscription.of("224.0.32.1", 15310);
    private static final Subscription SNAPSHOT = Subscription.of("224.0.31.22", 14311);
    private static final Subscription OTHER_CHANNEL_A = Subscription.of("224.0.31.2", 14312);
    private static final int CHANNEL = 3;
    private static final int OTHER_CHANNEL = 5;

    private static Path objectFile;
    private static MemorySegment bpfObject = MemorySegment.NULL;
    private static int programFd;
    private static int countersFd;
    private static ArbitrationTable table;

    /** Loaded once (the verifier takes seconds on a busy machine); each test starts from empty slots and counters. */
    @BeforeAll
    static void load()
    {
        assumeTrue(LibC.geteuid() == 0, "skipped: BPF_PROG_TEST_RUN needs root");
        assumeTrue(null == LibBpf.unavailableReason(), () -> "skipped: " + LibBpf.unavailableReason());
        objectFile = XdpProgram.extractObject(XdpProgram.ARBITRATION_OBJECT_RESOURCE);
        try (Arena arena = Arena.ofConfined())
        {
            bpfObject = LibBpf.bpfObjectOpenFile(arena.allocateFrom(objectFile.toString()));
            assumeTrue(!MemorySegment.NULL.equals(bpfObject), "skipped: libbpf cannot open " + objectFile);
            final int loaded = LibBpf.bpfObjectLoad(bpfObject);
            assertEquals(0, loaded, () -> "the verifier refused the arbitrating program: " + LibC.strerror(loaded));
            programFd = LibBpf.bpfObjectProgramFd(bpfObject, arena.allocateFrom(XdpProgram.PROGRAM_NAME));
            final SubscriptionMap subscriptions = new SubscriptionMap(
                LibBpf.bpfObjectFindMapFdByName(bpfObject, arena.allocateFrom("subscriptions")));
            countersFd = LibBpf.bpfObjectFindMapFdByName(
                bpfObject, arena.allocateFrom(ArbitrationTable.COUNTERS_MAP_NAME));
            table = new ArbitrationTable(
                LibBpf.bpfObjectFindMapFdByName(bpfObject, arena.allocateFrom(ArbitrationTable.SLOTS_MAP_NAME)),
                countersFd);
            subscriptions.add(LINE_A, ArbitrationTable.lineValue(CHANNEL, true));
            subscriptions.add(LINE_B, ArbitrationTable.lineValue(CHANNEL, true));
            subscriptions.add(OTHER_CHANNEL_A, ArbitrationTable.lineValue(OTHER_CHANNEL, true));
            subscriptions.add(SNAPSHOT);
        }
    }

    @BeforeEach
    void emptySlotsAndCounters()
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment key = arena.allocate(JAVA_INT);
            final MemorySegment zeros = arena.allocate(3 * Long.BYTES, 8);
            for (final int channel : new int[]{ CHANNEL, OTHER_CHANNEL })
            {
                table.reset(channel);
                key.set(JAVA_INT, 0, channel);
                assertEquals(0, LibBpf.bpfMapUpdateElem(countersFd, key, zeros, LibBpf.BPF_ANY));
            }
        }
    }

    @AfterAll
    static void unload() throws Exception
    {
        if (null != table)
        {
            table.close();
        }
        LibBpf.bpfObjectClose(bpfObject);
        if (null != objectFile)
        {
            Files.deleteIfExists(objectFile);
        }
    }

    @Test
    void firstCopyPassesAndTheOtherLinesCopyIsDropped()
    {
        final List<Integer> verdicts = List.of(
            run(frame(LINE_A, packet(1, 1000, 40))),
            run(frame(LINE_B, packet(1, 1000, 40))),
            run(frame(LINE_B, packet(2, 1001, 40))),
            run(frame(LINE_A, packet(2, 1001, 40))),
            run(frame(LINE_A, packet(2, 1001, 40))));
        assertEquals(List.of(XDP_PASS, XDP_DROP, XDP_PASS, XDP_DROP, XDP_DROP), verdicts);
        assertEquals(new ArbitrationTable.ArbitrationCounters(2, 3, 0), table.counters(CHANNEL));
        assertEquals(new ArbitrationTable.ArbitrationCounters(0, 0, 0), table.counters(OTHER_CHANNEL));
    }

    @Test
    void aCopyWithABadChecksumPassesUnclaimedSoTheGoodCopyFromBPasses()
    {
        final byte[] damaged = frame(LINE_A, packet(7, 1000, 60));
        damaged[damaged.length - 5] ^= 0x10;
        final List<Integer> verdicts = List.of(
            run(damaged),
            run(frame(LINE_B, packet(7, 1000, 60))),
            run(frame(LINE_A, packet(7, 1000, 60))));
        assertEquals(List.of(XDP_PASS, XDP_PASS, XDP_DROP), verdicts);
        assertEquals(new ArbitrationTable.ArbitrationCounters(1, 1, 1), table.counters(CHANNEL));
    }

    @Test
    void aCopyWithABadSizeChainPassesUnclaimedSoTheGoodCopyFromBPasses()
    {
        final List<Integer> verdicts = new ArrayList<>();
        // checksums recomputed over the damage: only the framing is wrong
        for (final byte[] payload : List.of(
            withMsgSize(packet(9, 1000, 40), 12, 39), // ends one byte short of the payload
            withMsgSize(packet(9, 1000, 40), 12, 41), // runs one byte past it
            withMsgSize(packet(9, 1000, 40), 12, 9), // below the 10 bytes of a message header
            Arrays2.concat(packet(9, 1000, 40), new byte[]{ 0, 0, 0 }), // 3 bytes after the last message
            new byte[]{ 9, 0, 0, 0, (byte)0xE8, 3, 0, 0, 0, 0, 0, 0, 10, 0 })) // header and 2 bytes
        {
            verdicts.add(run(frame(LINE_A, payload)));
        }
        verdicts.add(run(frame(LINE_B, packet(9, 1000, 40))));
        verdicts.add(run(frame(LINE_A, packet(9, 1000, 40))));
        assertEquals(List.of(XDP_PASS, XDP_PASS, XDP_PASS, XDP_PASS, XDP_PASS, XDP_PASS, XDP_DROP), verdicts);
        assertEquals(new ArbitrationTable.ArbitrationCounters(1, 1, 5), table.counters(CHANNEL));
    }

    @Test
    void lyingIpOrUdpLengthsPassUnclaimed()
    {
        final byte[] longUdp = frame(LINE_A, packet(4, 1000, 40));
        putShort(longUdp, 14 + 24, (short)(8 + 52 + 2));
        final byte[] shortIp = frame(LINE_A, packet(4, 1000, 40));
        putShort(shortIp, 14 + 2, (short)(20 + 8 + 52 - 4));
        assertEquals(List.of(XDP_PASS, XDP_PASS, XDP_PASS, XDP_DROP), List.of(
            run(longUdp), run(shortIp), run(frame(LINE_B, packet(4, 1000, 40))),
            run(frame(LINE_A, packet(4, 1000, 40)))));
        assertEquals(new ArbitrationTable.ArbitrationCounters(1, 1, 2), table.counters(CHANNEL));
    }

    @Test
    void checksumHoldsForEveryTailLengthAndOneFlippedBitIsCaught()
    {
        // message sizes 10..17: payloads of 22..29 bytes cover every tail of the 4-byte words
        for (int size = 10; size <= 17; size++)
        {
            final int seq = 100 + size;
            final byte[] damaged = frame(LINE_A, packet(seq, 1000, size));
            damaged[damaged.length - 1] ^= 0x01;
            assertEquals(List.of(XDP_PASS, XDP_PASS, XDP_DROP), List.of(run(damaged),
                run(frame(LINE_B, packet(seq, 1000, size))), run(frame(LINE_A, packet(seq, 1000, size)))),
                "message size " + size);
        }
        assertEquals(new ArbitrationTable.ArbitrationCounters(8, 8, 8), table.counters(CHANNEL));
    }

    @Test
    void aZeroChecksumMeansNoneAndIsAccepted()
    {
        final byte[] first = frame(LINE_A, packet(11, 1000, 40));
        putShort(first, 14 + 26, (short)0);
        assertEquals(List.of(XDP_PASS, XDP_DROP), List.of(run(first), run(frame(LINE_B, packet(11, 1000, 40)))));
        assertEquals(new ArbitrationTable.ArbitrationCounters(1, 1, 0), table.counters(CHANNEL));
    }

    @Test
    void aSequenceResetIsNotTakenForDuplicatesAndSnapshotsAreNotArbitrated()
    {
        assertEquals(List.of(XDP_PASS, XDP_DROP, XDP_PASS, XDP_DROP, XDP_PASS, XDP_PASS), List.of(
            run(frame(LINE_A, packet(1, 1000, 40))),
            run(frame(LINE_B, packet(1, 1000, 40))),
            // the exchange restarted at 1: another SendingTime
            run(frame(LINE_A, packet(1, 5000, 40))),
            run(frame(LINE_B, packet(1, 5000, 40))),
            run(frame(SNAPSHOT, packet(1, 1000, 40))),
            run(frame(SNAPSHOT, packet(1, 1000, 40)))));
        assertEquals(new ArbitrationTable.ArbitrationCounters(2, 2, 0), table.counters(CHANNEL));
    }

    @Test
    void channelsHaveTheirOwnSlotsAndAResetForgetsTheClaims()
    {
        assertEquals(List.of(XDP_PASS, XDP_PASS, XDP_DROP), List.of(
            run(frame(LINE_A, packet(21, 1000, 40))),
            run(frame(OTHER_CHANNEL_A, packet(21, 1000, 40))),
            run(frame(LINE_B, packet(21, 1000, 40)))));
        table.reset(CHANNEL);
        assertEquals(List.of(XDP_PASS, XDP_DROP, XDP_DROP), List.of(
            run(frame(LINE_B, packet(21, 1000, 40))),
            run(frame(LINE_A, packet(21, 1000, 40))),
            run(frame(OTHER_CHANNEL_A, packet(21, 1000, 40)))));
        assertEquals(new ArbitrationTable.ArbitrationCounters(2, 2, 0), table.counters(CHANNEL));
        assertEquals(new ArbitrationTable.ArbitrationCounters(1, 1, 0), table.counters(OTHER_CHANNEL));
    }

    @Test
    void twoThreadsRunningTheSameSequencesPassEachExactlyOnce() throws Exception
    {
        // as two RX queues would: A copies on one CPU, B copies on another, claiming with compare-and-exchange
        final int packets = ArbitrationTable.SLOTS - 48;
        final CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> passes(LINE_A, packets));
        final CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> passes(LINE_B, packets));
        assertEquals(packets, a.get() + b.get());
        assertEquals(new ArbitrationTable.ArbitrationCounters(packets, packets, 0), table.counters(CHANNEL));
    }

    private static int passes(final Subscription line, final int packets)
    {
        int passed = 0;
        for (int seq = 1; seq <= packets; seq++)
        {
            if (XDP_PASS == run(frame(line, packet(seq, 77, 30 + (seq & 7)))))
            {
                passed++;
            }
        }
        return passed;
    }

    private static int run(final byte[] frame)
    {
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment data = arena.allocate(frame.length);
            MemorySegment.copy(frame, 0, data, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, frame.length);
            final MemorySegment opts = arena.allocate(LibBpf.TEST_RUN_OPTS_SIZE, 8);
            opts.set(JAVA_LONG, 0, LibBpf.TEST_RUN_OPTS_SIZE);
            opts.set(java.lang.foreign.ValueLayout.ADDRESS, LibBpf.TEST_RUN_DATA_IN, data);
            opts.set(JAVA_INT, LibBpf.TEST_RUN_DATA_SIZE_IN, frame.length);
            opts.set(JAVA_INT, LibBpf.TEST_RUN_REPEAT, 1);
            final int result = LibBpf.bpfProgTestRunOpts(programFd, opts);
            assertEquals(0, result, () -> "BPF_PROG_TEST_RUN: " + LibC.strerror(result));
            return opts.get(JAVA_INT, LibBpf.TEST_RUN_RETVAL);
        }
    }

    /** An MDP 3.0 packet of one message of {@code msgSize} bytes (a made-up template; the program reads sizes). */
    private static byte[] packet(final int seq, final long sendingTime, final int msgSize)
    {
        final ByteBuffer packet = ByteBuffer.allocate(12 + msgSize).order(ByteOrder.LITTLE_ENDIAN);
        packet.putInt(seq).putLong(sendingTime).putShort((short)msgSize).putShort((short)(msgSize - 10))
            .putShort((short)46).putShort((short)1).putShort((short)9);
        for (int i = 10; i < msgSize; i++)
        {
            packet.put((byte)(seq + i));
        }
        return packet.array();
    }

    private static byte[] withMsgSize(final byte[] payload, final int offset, final int msgSize)
    {
        payload[offset] = (byte)msgSize;
        payload[offset + 1] = (byte)(msgSize >>> 8);
        return payload;
    }

    private static void putShort(final byte[] bytes, final int offset, final short value)
    {
        bytes[offset] = (byte)(value >>> 8);
        bytes[offset + 1] = (byte)value;
    }

    /** Ethernet, IPv4 and UDP around a payload, the UDP checksum computed (RFC 1071, big-endian words). */
    private static byte[] frame(final Subscription line, final byte[] payload)
    {
        final int udpLength = 8 + payload.length;
        final ByteBuffer frame = ByteBuffer.allocate(14 + 20 + udpLength).order(ByteOrder.BIG_ENDIAN);
        final int group = line.groupAddress();
        frame.put(new byte[]{ 1, 0, 0x5e, (byte)((group >>> 16) & 0x7F), (byte)(group >>> 8), (byte)group,
            0, 0, 0, 0, 0, 2 }).putShort((short)0x0800);
        frame.put((byte)0x45).put((byte)0).putShort((short)(20 + udpLength)).putShort((short)1).putShort((short)0)
            .put((byte)1).put((byte)17).putShort((short)0).putInt(SOURCE).putInt(group);
        frame.putShort((short)40000).putShort((short)line.port()).putShort((short)udpLength).putShort((short)0)
            .put(payload);
        final byte[] bytes = frame.array();
        long sum = (SOURCE >>> 16) + (SOURCE & 0xFFFF) + (group >>> 16) + (group & 0xFFFF) + 17 + udpLength;
        for (int i = 0; i < udpLength; i += 2)
        {
            final int high = bytes[34 + i] & 0xFF;
            final int low = i + 1 < udpLength ? bytes[34 + i + 1] & 0xFF : 0;
            sum += high << 8 | low;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        int checksum = ~(int)sum & 0xFFFF;
        if (0 == checksum)
        {
            checksum = 0xFFFF;
        }
        putShort(bytes, 40, (short)checksum);
        return bytes;
    }

    /** Byte array concatenation. */
    private static final class Arrays2
    {
        static byte[] concat(final byte[] first, final byte[] second)
        {
            final byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
            System.arraycopy(second, 0, both, first.length, second.length);
            return both;
        }
    }
}
