package io.xdpfeed.bench;

import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshDailyStatistics49Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshSessionStatistics51Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshBook32Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshTradeSummary42Decoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Walks the market-data entries of a valid MDP 3.0 packet (the first repeating group of the incremental templates
 * 32, 37, 42, 46, 47, 48, 49, 51) and says where each entry's RptSeq is, so that a recorded stream can be shifted to
 * replay again through a stateful handler, and how many entries a packet has (the unit of "ns per entry").
 */
public final class Mdp3Entries
{
    /**
     * Receives each entry.
     */
    @FunctionalInterface
    public interface EntryVisitor
    {
        /**
         * @param templateId     of the message.
         * @param rptSeqOffset   absolute offset of the entry's RptSeq (uint32), -1 when the template has none.
         * @param securityId     of the entry.
         */
        void onEntry(int templateId, int rptSeqOffset, int securityId);
    }

    private static final int PACKET_HEADER = 12;
    private static final int MESSAGE_PREFIX = 2 + 8;
    private static final int GROUP_HEADER = 3;

    private Mdp3Entries()
    {
    }

    /**
     * @param buffer  holding the packet.
     * @param offset  of the packet header.
     * @param length  of the packet.
     * @param visitor gets each entry, or null to count only.
     * @return entries in the packet.
     */
    public static int walk(final DirectBuffer buffer, final int offset, final int length, final EntryVisitor visitor)
    {
        int entries = 0;
        int position = offset + PACKET_HEADER;
        final int end = offset + length;
        while (position + MESSAGE_PREFIX <= end)
        {
            final int msgSize = buffer.getShort(position, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int blockLength = buffer.getShort(position + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int templateId = buffer.getShort(position + 4, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
            final int securityIdOffset = securityIdOffset(templateId);
            if (securityIdOffset >= 0)
            {
                final int group = position + MESSAGE_PREFIX + blockLength;
                final int entryLength = buffer.getShort(group, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
                final int count = buffer.getByte(group + 2) & 0xFF;
                final int rptSeqOffset = rptSeqOffset(templateId);
                for (int i = 0; i < count; i++)
                {
                    final int entry = group + GROUP_HEADER + i * entryLength;
                    if (visitor != null)
                    {
                        visitor.onEntry(templateId, rptSeqOffset < 0 ? -1 : entry + rptSeqOffset,
                            buffer.getInt(entry + securityIdOffset, ByteOrder.LITTLE_ENDIAN));
                    }
                }
                entries += count;
            }
            if (msgSize < MESSAGE_PREFIX)
            {
                break;
            }
            position += msgSize;
        }
        return entries;
    }

    private static int securityIdOffset(final int templateId)
    {
        return switch (templateId)
        {
            case 46 -> MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder.securityIDEncodingOffset();
            case 47 -> MDIncrementalRefreshOrderBook47Decoder.NoMDEntriesDecoder.securityIDEncodingOffset();
            case 48 -> MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder.securityIDEncodingOffset();
            case 37 -> MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder.securityIDEncodingOffset();
            case 49 -> MDIncrementalRefreshDailyStatistics49Decoder.NoMDEntriesDecoder.securityIDEncodingOffset();
            case 51 -> MDIncrementalRefreshSessionStatistics51Decoder.NoMDEntriesDecoder.securityIDEncodingOffset();
            case 32 -> MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder.securityIDEncodingOffset();
            case 42 -> MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder.securityIDEncodingOffset();
            default -> -1;
        };
    }

    private static int rptSeqOffset(final int templateId)
    {
        return switch (templateId)
        {
            case 46 -> MDIncrementalRefreshBook46Decoder.NoMDEntriesDecoder.rptSeqEncodingOffset();
            case 48 -> MDIncrementalRefreshTradeSummary48Decoder.NoMDEntriesDecoder.rptSeqEncodingOffset();
            case 37 -> MDIncrementalRefreshVolume37Decoder.NoMDEntriesDecoder.rptSeqEncodingOffset();
            case 49 -> MDIncrementalRefreshDailyStatistics49Decoder.NoMDEntriesDecoder.rptSeqEncodingOffset();
            case 51 -> MDIncrementalRefreshSessionStatistics51Decoder.NoMDEntriesDecoder.rptSeqEncodingOffset();
            case 32 -> MDIncrementalRefreshBook32Decoder.NoMDEntriesDecoder.rptSeqEncodingOffset();
            case 42 -> MDIncrementalRefreshTradeSummary42Decoder.NoMDEntriesDecoder.rptSeqEncodingOffset();
            default -> -1;
        };
    }
}
