package io.xdpfeed.handler.mdp3;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.handler.protocol.BookEntries;
import io.xdpfeed.handler.protocol.BookSink;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The template 46 fast path reads entries at fixed offsets, in place, for the neutral {@link BookSink} to walk in one
 * {@link BookSink#entries} call, the same values as its per-entry calls (entry type to side and level type, 'J' a
 * clear of the book, other types not kept); what follows it (the OrderID group, read by the MBO path) needs the
 * decoder left where its group iterator would have left it.
 */
@Timeout(10)
class Mdp3BookReaderTest
{
    private static final long NULL_PRICE = Long.MAX_VALUE;
    private static final int INT32_NULL = Integer.MAX_VALUE;

    @Test
    void book46EntriesBecomeSinkCallsAndLeaveTheDecoderPastTheEntries()
    {
        final RecordingBookSink sink = new RecordingBookSink();
        final Mdp3BookReader reader = new Mdp3BookReader(sink);
        final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();
        builder.packet(1, 1_000).book46(0x84,
            book(1, 1, 0, '0', 1, 100, 5, 1),
            book(1, 2, 1, '1', 2, 101, 6, 2),
            book(2, 3, 2, 'E', 1, 99, 7, 3),
            book(2, 4, 5, 'F', 3, 98, INT32_NULL, INT32_NULL),
            book(3, 5, 0, 'J', 0, NULL_PRICE, 0, 0),
            book(3, 6, 0, 'x', 1, 97, 1, 1));

        final MDIncrementalRefreshBook46Decoder fast = wrap(builder);
        reader.book46(fast);

        assertEquals(List.of(
            "entry 1 rpt=1 action=0 side=0 type=0 level=1 px=100 qty=5 orders=1",
            "entry 1 rpt=2 action=1 side=1 type=0 level=2 px=101 qty=6 orders=2",
            "entry 2 rpt=3 action=2 side=0 type=1 level=1 px=99 qty=7 orders=3",
            "entry 2 rpt=4 action=5 side=1 type=1 level=3 px=98 qty=0 orders=0",
            "entry 3 rpt=5 action=0 side=2 type=0 level=0 px=" + NULL_PRICE + " qty=0 orders=0",
            "entry 3 rpt=6 action=0 side=3 type=0 level=1 px=97 qty=1 orders=1"), sink.calls);

        final MDIncrementalRefreshBook46Decoder iterated = wrap(builder);
        for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder ignored : iterated.noMDEntries())
        {
            ignored.securityID();
        }
        assertEquals(iterated.limit(), fast.limit());
        assertEquals(0, fast.noOrderIDEntries().count());
    }

    @Test
    void book46HandsTheWholeMessageToTheSinkInOneCall()
    {
        final RecordingBookSink sink = new RecordingBookSink()
        {
            public void entries(final BookEntries entries)
            {
                calls.add("entries");
                super.entries(entries);
                calls.add("end of entries " + entries.next());
            }
        };
        final Mdp3BookReader reader = new Mdp3BookReader(sink);
        final Mdp3PacketBuilder builder = new Mdp3PacketBuilder();
        builder.packet(1, 1_000).book46(0x84,
            book(7, 1, 0, '0', 1, 100, 5, 1),
            book(7, 2, 2, '1', 1, 101, 6, 2));

        reader.book46(wrap(builder));

        assertEquals(List.of(
            "entries",
            "entry 7 rpt=1 action=0 side=0 type=0 level=1 px=100 qty=5 orders=1",
            "entry 7 rpt=2 action=2 side=1 type=0 level=1 px=101 qty=6 orders=2",
            "end of entries false"), sink.calls);
    }

    private static MDIncrementalRefreshBook46Decoder wrap(final Mdp3PacketBuilder builder)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        return new MDIncrementalRefreshBook46Decoder().wrapAndApplyHeader(
            builder.buffer(), builder.messageOffset(0) + 2, header);
    }

    private static class RecordingBookSink extends BookSink
    {
        final List<String> calls = new ArrayList<>();

        public void startMessage(final boolean live)
        {
            calls.add("start " + live);
        }

        public void entry(
            final int securityId, final long rptSeq, final int action, final int side, final int levelType,
            final int level, final long price, final long quantity, final int orders)
        {
            calls.add("entry " + securityId + " rpt=" + rptSeq + " action=" + action + " side=" + side + " type=" +
                levelType + " level=" + level + " px=" + price + " qty=" + quantity + " orders=" + orders);
        }

        public void endMessage(final short matchEventIndicator, final boolean endOfEvent)
        {
            calls.add("end " + matchEventIndicator + " " + endOfEvent);
        }
    }
}
