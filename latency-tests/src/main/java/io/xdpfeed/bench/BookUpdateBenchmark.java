package io.xdpfeed.bench;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.handler.book.MbpBook;
import io.xdpfeed.handler.book.PriceLevels;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The MBP book alone: the entries of the synthetic 12-entry packets (New, Change, Delete on both sides of a depth-10
 * book), decoded beforehand, applied to an {@link MbpBook} as the channel applies them (PriceLevels add / change /
 * delete). One op = one packet of 12 entries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class BookUpdateBenchmark
{
    private static final int ENTRIES = 12;

    private final MbpBook book = new MbpBook(10, 2);
    private byte[] actions;
    private boolean[] bids;
    private int[] levels;
    private long[] prices;
    private long[] sizes;
    private int[] orders;
    private int packets;
    private int packet;

    /**
     * Decode the synthetic packets into arrays.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        final List<byte[]> payloads = Dataset.syntheticPayloads(Dataset.GENERATED_PACKETS);
        packets = payloads.size();
        final int n = packets * ENTRIES;
        actions = new byte[n];
        bids = new boolean[n];
        levels = new int[n];
        prices = new long[n];
        sizes = new long[n];
        orders = new int[n];
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final MDIncrementalRefreshBook46Decoder decoder = new MDIncrementalRefreshBook46Decoder();
        int i = 0;
        for (final byte[] payload : payloads)
        {
            decoder.wrapAndApplyHeader(new UnsafeBuffer(payload), 14, header);
            for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder entry : decoder.noMDEntries())
            {
                actions[i] = (byte)entry.mDUpdateActionRaw();
                bids[i] = entry.mDEntryTypeRaw() == '0';
                levels[i] = entry.mDPriceLevel();
                prices[i] = entry.mDEntryPx().mantissa();
                sizes[i] = entry.mDEntrySize();
                orders[i] = entry.numberOfOrders();
                i++;
            }
        }
    }

    /**
     * @return levels present on the book after the packet.
     */
    @Benchmark
    public int packet()
    {
        final int p = packet;
        packet = p + 1 == packets ? 0 : p + 1;
        final MbpBook book = this.book;
        boolean applied = true;
        for (int i = p * ENTRIES, end = i + ENTRIES; i < end; i++)
        {
            final PriceLevels side = book.side(bids[i], false);
            applied &= switch (actions[i])
            {
                case 0 -> side.add(levels[i], prices[i], sizes[i], orders[i]);
                case 1 -> side.change(levels[i], prices[i], sizes[i], orders[i]);
                case 2 -> side.delete(levels[i]);
                default -> false;
            };
        }
        if (!applied)
        {
            throw new IllegalStateException("entry outside the book");
        }
        return book.bids().count() + book.asks().count();
    }
}
