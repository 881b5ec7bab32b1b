package io.xdpfeed.handler.channel;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.handler.counters.ChannelCounter;
import io.xdpfeed.handler.counters.ChannelCounters;
import io.xdpfeed.handler.testing.Mdp3PacketBuilder;
import io.xdpfeed.handler.testing.RecordingChannelListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.xdpfeed.handler.testing.Mdp3PacketBuilder.book;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The template 46 fast path reads entries at fixed offsets; what follows it (the OrderID group, read by the MBO
 * path) needs the decoder left where its group iterator would have left it.
 */
@Timeout(10)
class MbpBookUpdaterTest
{
    @Test
    void applyBook46LeavesTheDecoderPastTheEntriesLikeItsIterator()
    {
        final ChannelHarness harness = new ChannelHarness();
        final ChannelOptions options = ChannelOptions.defaults();
        final RptSeqGate gate = new RptSeqGate(options, new InstrumentDirectory(ChannelHarness.CHANNEL_ID, options),
            ChannelCounters.onHeap(ChannelHarness.CHANNEL_ID).counter(ChannelCounter.RPTSEQ_GAPS));
        final MbpBookUpdater updater = new MbpBookUpdater(gate, new RecordingChannelListener(), new PacketInfo());
        final Mdp3PacketBuilder builder = harness.builder;
        builder.packet(1, 1_000).book46(0x84,
            book(1, 1, 0, '0', 1, 100, 5, 1),
            book(1, 2, 0, '1', 1, 101, 6, 2),
            book(1, 3, 1, '0', 1, 99, 7, 3));

        final MDIncrementalRefreshBook46Decoder fast = wrap(builder);
        updater.startMessage(true);
        updater.applyBook46(fast);

        final MDIncrementalRefreshBook46Decoder iterated = wrap(builder);
        for (final MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder ignored : iterated.noMDEntries())
        {
            ignored.securityID();
        }
        assertEquals(iterated.limit(), fast.limit());
        assertEquals(0, fast.noOrderIDEntries().count());
    }

    private static MDIncrementalRefreshBook46Decoder wrap(final Mdp3PacketBuilder builder)
    {
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        return new MDIncrementalRefreshBook46Decoder().wrapAndApplyHeader(
            builder.buffer(), builder.messageOffset(0) + 2, header);
    }
}
