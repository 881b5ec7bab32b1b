package io.xdpfeed.handler.itch;

import io.xdpfeed.common.book.MbpSide;
import io.xdpfeed.handler.capture.PcapPacketSource;
import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real Nasdaq sample captures (the codecs module's {@code itch/} test resources, see their PROVENANCE.md) read
 * as the handler reads them, {@link PcapPacketSource} and {@link MoldUdp64Framing}, and their messages applied by an
 * {@link ItchBookBuilder} (one per file, message by message: the 2023 samples carry sequence number 0 throughout).
 * What each file must give is computed here from {@code expected-fields.txt}, the reading of the same bytes made from
 * the Open Markets Initiative dissector's layouts: the message count, the MBP levels the adds build, and the
 * executions, cancels, deletes and replaces of orders the file never added (counted as unknown, not thrown).
 */
@Timeout(30)
class ItchSampleCaptureTest
{
    /** The codecs module's copies of ../shared/data/other-feeds/Nasdaq (tests run in the module directory). */
    private static final Path SAMPLES = Path.of("..", "codecs", "src", "test", "resources", "itch");

    @Test
    void everySampleCaptureFramesAndBuildsTheBooksItsAddsMake() throws IOException
    {
        final Map<String, List<String>> expected = expected();
        assertEquals(23, expected.size());
        int messages = 0;
        for (final Map.Entry<String, List<String>> file : expected.entrySet())
        {
            final ItchBookBuilder builder = new ItchBookBuilder(new ItchListener()
            {
            }, 1024, 64, 10);
            final MoldUdp64Framing framing = new MoldUdp64Framing();
            final int[] applied = new int[1];
            try (PcapPacketSource source = PcapPacketSource.open(SAMPLES.resolve(file.getKey())))
            {
                while (!source.isEnd())
                {
                    source.poll((group, port, buffer, offset, length, receiveTimeNs) ->
                        applied[0] += applyEach(framing, builder, buffer, offset, length), 16);
                }
            }
            final Expected want = Expected.of(file.getValue());
            assertEquals(want.messages, applied[0], file.getKey());
            assertEquals(want.unknownOrders, builder.count(Count.UNKNOWN_ORDERS), file.getKey() + " unknown orders");
            assertEquals(want.levels, levels(builder), file.getKey() + " levels");
            messages += applied[0];
        }
        assertEquals(117, messages);
    }

    /**
     * Validate the datagram and apply each of its messages without sequencing.
     */
    private static int applyEach(
        final MoldUdp64Framing framing, final ItchBookBuilder builder, final DirectBuffer buffer, final int offset,
        final int length)
    {
        final int count = framing.validate(buffer, offset, length);
        if (count < 0)
        {
            return -1_000;
        }
        int position = offset + MoldUdp64Framing.HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            final int messageLength = framing.messageLength(buffer, position);
            builder.onMessage(buffer, position + MoldUdp64Framing.BLOCK_HEADER_LENGTH, messageLength, 0);
            position += MoldUdp64Framing.BLOCK_HEADER_LENGTH + messageLength;
        }
        return count;
    }

    /**
     * The builder's published levels as text: {@code locate bid|ask price9 x shares (orders)}, best first.
     */
    private static List<String> levels(final ItchBookBuilder builder)
    {
        final List<String> levels = new ArrayList<>();
        final TreeMap<Integer, Integer> locates = new TreeMap<>();
        for (int i = 0; i < builder.instrumentCount(); i++)
        {
            locates.put(builder.locateAt(i), i);
        }
        for (final int locate : locates.keySet())
        {
            for (final boolean bid : new boolean[]{true, false})
            {
                final MbpSide side = builder.levels(locate, bid);
                for (int level = 1; level <= Math.min(builder.depth(), side.count()); level++)
                {
                    levels.add(locate + (bid ? " bid " : " ask ") + side.price(level) + " x " + side.size(level) +
                        " (" + side.orderCount(level) + ")");
                }
            }
        }
        return levels;
    }

    /**
     * What a file's messages must do, from the independent reading: its message count, the levels its adds (A, F)
     * build per locate and side (prices x 100000, best first, at most 10), and how many E, C, X, D, U name an order
     * the file did not add.
     */
    private record Expected(int messages, long unknownOrders, List<String> levels)
    {
        static Expected of(final List<String> lines)
        {
            int messages = 0;
            long unknown = 0;
            final Set<Long> added = new HashSet<>();
            final Map<Integer, TreeMap<Long, long[]>> bids = new TreeMap<>();
            final Map<Integer, TreeMap<Long, long[]>> asks = new TreeMap<>();
            for (final String line : lines)
            {
                if (line.startsWith("packet|"))
                {
                    continue;
                }
                messages++;
                final Map<String, String> fields = new HashMap<>();
                for (final String part : line.substring(2).split("\\|"))
                {
                    final int equals = part.indexOf('=');
                    fields.put(part.substring(0, equals), part.substring(equals + 1));
                }
                switch (line.charAt(0))
                {
                    case 'A', 'F' ->
                    {
                        added.add(Long.parseLong(fields.get("orderReferenceNumber")));
                        final boolean bid = fields.get("buySellIndicator").equals("B");
                        final long[] level = (bid ? bids : asks)
                            .computeIfAbsent(Integer.parseInt(fields.get("stockLocate")), k -> new TreeMap<>())
                            .computeIfAbsent(Long.parseLong(fields.get("price")) * 100_000L, k -> new long[2]);
                        level[0] += Long.parseLong(fields.get("shares"));
                        level[1]++;
                    }
                    case 'E', 'C', 'X', 'D' ->
                        unknown += added.contains(Long.parseLong(fields.get("orderReferenceNumber"))) ? 0 : 1;
                    case 'U' ->
                        unknown += added.contains(Long.parseLong(fields.get("originalOrderReferenceNumber"))) ? 0 : 1;
                    default ->
                    {
                    }
                }
            }
            final Set<Integer> locates = new java.util.TreeSet<>(bids.keySet());
            locates.addAll(asks.keySet());
            final List<String> levels = new ArrayList<>();
            for (final int locate : locates)
            {
                add(levels, locate, "bid", bids.getOrDefault(locate, new TreeMap<>()).descendingMap());
                add(levels, locate, "ask", asks.getOrDefault(locate, new TreeMap<>()));
            }
            return new Expected(messages, unknown, levels);
        }

        private static void add(
            final List<String> levels, final int locate, final String side, final Map<Long, long[]> byPrice)
        {
            int count = 0;
            for (final Map.Entry<Long, long[]> entry : byPrice.entrySet())
            {
                if (count++ == 10)
                {
                    break;
                }
                levels.add(locate + " " + side + " " + entry.getKey() + " x " + entry.getValue()[0] + " (" +
                    entry.getValue()[1] + ")");
            }
        }
    }

    private static Map<String, List<String>> expected() throws IOException
    {
        final Map<String, List<String>> expected = new LinkedHashMap<>();
        List<String> current = null;
        for (final String line : Files.readAllLines(SAMPLES.resolve("expected-fields.txt"), StandardCharsets.US_ASCII))
        {
            if (line.startsWith("== "))
            {
                current = new ArrayList<>();
                expected.put(line.substring(3), current);
            }
            else if (!line.isEmpty())
            {
                current.add(line);
            }
        }
        return expected;
    }
}
