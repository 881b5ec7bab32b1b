package io.xdpfeed.bench.live;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderDecoder;
import io.xdpfeed.sim.ExchangeSimulator;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.BitSet;

/**
 * Which incremental packets of a simulated session give the subscriber at least one record: those holding a book
 * (46), trade (48) or volume (37) message with entries, or a security status (30), and those whose empty message
 * closes a match event left open by an earlier record (the handler then publishes an empty BookUpdate with
 * EndOfEvent, so that subscribers waiting for the end of the event get it). A packet holding only an empty message
 * while no event is open gives nothing, so no subscriber can count it as received. The simulator is deterministic by
 * seed: its synthetic run (no sending, no faults) has the same packets as the live one.
 */
public final class RecordBearingPackets
{
    private static final int PACKET_HEADER_LENGTH = 12;
    private static final int MESSAGE_SIZE_LENGTH = 2;
    private static final int END_OF_EVENT = 0x80;

    private RecordBearingPackets()
    {
    }

    /**
     * @param instruments of the session.
     * @param packets     incremental packets of the session.
     * @param seed        of the session.
     * @return bit n set when MsgSeqNum n gives the subscriber a record.
     */
    public static BitSet of(final int instruments, final long packets, final long seed)
    {
        final SimulatorConfig config = SimulatorConfig.builder().instruments(instruments).packets(packets).seed(seed)
            .build();
        final BitSet bearing = new BitSet((int)packets + 1);
        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final MDIncrementalRefreshBook46Decoder book = new MDIncrementalRefreshBook46Decoder();
        final MDIncrementalRefreshTradeSummary48Decoder trade = new MDIncrementalRefreshTradeSummary48Decoder();
        final MDIncrementalRefreshVolume37Decoder volume = new MDIncrementalRefreshVolume37Decoder();
        final boolean[] openEvent = new boolean[1];
        new ExchangeSimulator(config).run((line, buffer, offset, length, timeNs) ->
        {
            if (line == SimLine.INCREMENTAL_A && bears(buffer, offset, length, header, book, trade, volume, openEvent))
            {
                bearing.set((int)(buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL));
            }
        });
        return bearing;
    }

    private static boolean bears(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final MessageHeaderDecoder header,
        final MDIncrementalRefreshBook46Decoder book,
        final MDIncrementalRefreshTradeSummary48Decoder trade,
        final MDIncrementalRefreshVolume37Decoder volume,
        final boolean[] openEvent)
    {
        final int end = offset + length;
        int position = offset + PACKET_HEADER_LENGTH;
        boolean bears = false;
        while (position + MESSAGE_SIZE_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH <= end)
        {
            final int size = buffer.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            header.wrap(buffer, position + MESSAGE_SIZE_LENGTH);
            final int body = position + MESSAGE_SIZE_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH;
            final int entries;
            final short matchEventIndicator;
            switch (header.templateId())
            {
                case MDIncrementalRefreshBook46Decoder.TEMPLATE_ID ->
                {
                    book.wrap(buffer, body, header.blockLength(), header.version());
                    matchEventIndicator = book.matchEventIndicator().getRaw();
                    entries = book.noMDEntries().count();
                }
                case MDIncrementalRefreshTradeSummary48Decoder.TEMPLATE_ID ->
                {
                    trade.wrap(buffer, body, header.blockLength(), header.version());
                    matchEventIndicator = trade.matchEventIndicator().getRaw();
                    entries = trade.noMDEntries().count();
                }
                case MDIncrementalRefreshVolume37Decoder.TEMPLATE_ID ->
                {
                    volume.wrap(buffer, body, header.blockLength(), header.version());
                    matchEventIndicator = volume.matchEventIndicator().getRaw();
                    entries = volume.noMDEntries().count();
                }
                case 30 ->
                {
                    matchEventIndicator = -1;
                    entries = 1;
                }
                default ->
                {
                    matchEventIndicator = -1;
                    entries = 0;
                }
            }
            if (matchEventIndicator >= 0)
            {
                final boolean endOfEvent = (matchEventIndicator & END_OF_EVENT) != 0;
                if (entries > 0)
                {
                    bears = true;
                    openEvent[0] = !endOfEvent;
                }
                else if (endOfEvent && openEvent[0])
                {
                    bears = true;
                    openEvent[0] = false;
                }
            }
            else if (entries > 0)
            {
                bears = true;
            }
            if (size < MESSAGE_SIZE_LENGTH + MessageHeaderDecoder.ENCODED_LENGTH)
            {
                return bears;
            }
            position += size;
        }
        return bears;
    }
}
