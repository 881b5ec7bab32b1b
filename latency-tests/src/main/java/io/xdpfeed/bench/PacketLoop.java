package io.xdpfeed.bench;

import io.xdpfeed.codecs.mdp3.ChannelReset4Encoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import io.xdpfeed.handler.config.FeedType;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.ingress.DatagramHandler;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A dataset's incremental packets prepared to go through the stateful handler again and again, as an endless
 * stream, at the cost of one 4-byte store per datagram:
 * <ol>
 *   <li>only incremental lines are kept: every copy as it arrived (A and B), or the first copy of each packet;</li>
 *   <li>each channel's MsgSeqNums are renumbered from 1 (no late start, no recovery), and each instrument's RptSeqs
 *       from 1 in the order of its entries (a capture samples a feed: entries of the instrument that were not
 *       captured, or of retired templates the handler skips, would read as RptSeq gaps and send it to
 *       recovery);</li>
 *   <li>the stream is repeated, each copy's MsgSeqNums and RptSeqs shifted on (in separate buffers), until a pass
 *       holds at least the asked number of packets;</li>
 *   <li>each channel's pass ends with a ChannelReset4 (books emptied, RptSeq unknown: the next pass applies from
 *       its first entry, on empty books, exactly as the first pass did);</li>
 *   <li>each delivery writes the datagram's MsgSeqNum for the current pass (pass n: stored + n x pass span).</li>
 * </ol>
 * So every pass costs the handler what the first did: no duplicates beyond the B copies, no gaps, no stale
 * instrument, no recovery queueing. One thread; delivering allocates nothing.
 */
public final class PacketLoop
{
    private final UnsafeBuffer[] buffers;
    private final int[] groups;
    private final int[] ports;
    private final long[] seqNums;
    private final long[] passSpans;
    private final int count;
    private final int packets;
    private final long entries;
    private final int resets;
    private int index;
    private long pass;

    private PacketLoop(
        final List<UnsafeBuffer> buffers,
        final List<int[]> endpoints,
        final List<long[]> seqs,
        final int packets,
        final long entries,
        final int resets)
    {
        this.count = buffers.size();
        this.buffers = buffers.toArray(new UnsafeBuffer[0]);
        this.groups = new int[count];
        this.ports = new int[count];
        this.seqNums = new long[count];
        this.passSpans = new long[count];
        for (int i = 0; i < count; i++)
        {
            groups[i] = endpoints.get(i)[0];
            ports[i] = endpoints.get(i)[1];
            seqNums[i] = seqs.get(i)[0];
            passSpans[i] = seqs.get(i)[1];
        }
        this.packets = packets;
        this.entries = entries;
        this.resets = resets;
    }

    /**
     * @param dataset    the datagrams and their line map.
     * @param bothCopies true to deliver every copy as it arrived (A and B), false for the first copy of each packet.
     * @param minPackets least packets (distinct MsgSeqNums) per pass.
     * @return the loop.
     */
    public static PacketLoop of(final Dataset dataset, final boolean bothCopies, final int minPackets)
    {
        final LineMap lineMap = dataset.lineMap();
        final List<byte[]> payloads = new ArrayList<>();
        final List<Line> lines = new ArrayList<>();
        final Long2ObjectHashMap<byte[]> firstCopies = new Long2ObjectHashMap<>();
        final Int2ObjectHashMap<long[]> seqRange = new Int2ObjectHashMap<>();
        final Int2IntHashMap rptSeqs = new Int2IntHashMap(0);
        int uniquePackets = 0;
        long entriesPerRepeat = 0;
        for (final Dataset.Datagram datagram : dataset.datagrams())
        {
            final int lineId = lineMap.lineId(datagram.groupAddress(), datagram.port());
            if (lineId == LineMap.NO_LINE || lineMap.line(lineId).feedType() != FeedType.INCREMENTAL)
            {
                continue;
            }
            final Line line = lineMap.line(lineId);
            final long seq = new UnsafeBuffer(datagram.payload()).getInt(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            final long key = ((long)line.channelIndex() << 32) | seq;
            final byte[] first = firstCopies.get(key);
            if (first == null)
            {
                final byte[] payload = datagram.payload().clone();
                final UnsafeBuffer buffer = new UnsafeBuffer(payload);
                entriesPerRepeat += Mdp3Entries.walk(buffer, 0, payload.length, (template, rptSeqOffset, securityId) ->
                {
                    if (rptSeqOffset >= 0)
                    {
                        final int rptSeq = rptSeqs.get(securityId) + 1;
                        rptSeqs.put(securityId, rptSeq);
                        buffer.putInt(rptSeqOffset, rptSeq, ByteOrder.LITTLE_ENDIAN);
                    }
                });
                firstCopies.put(key, payload);
                extend(seqRange, line.channelIndex(), seq);
                payloads.add(payload);
                lines.add(line);
                uniquePackets++;
            }
            else if (bothCopies)
            {
                payloads.add(first);
                lines.add(line);
            }
        }
        if (uniquePackets == 0)
        {
            throw new IllegalStateException(dataset.name() + ": no packet on the incremental lines of its config");
        }

        final int repeats = Math.max(1, (minPackets + uniquePackets - 1) / uniquePackets);
        final List<UnsafeBuffer> buffers = new ArrayList<>();
        final List<int[]> endpoints = new ArrayList<>();
        final List<long[]> seqs = new ArrayList<>();
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            for (int i = 0; i < payloads.size(); i++)
            {
                final Line line = lines.get(i);
                final UnsafeBuffer copy = new UnsafeBuffer(payloads.get(i).clone());
                final long[] range = seqRange.get(line.channelIndex());
                final long span = range[1] - range[0] + 1;
                final long original = copy.getInt(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
                final long seq = original - range[0] + 1 + repeat * span;
                final int shift = repeat;
                Mdp3Entries.walk(copy, 0, copy.capacity(), (template, rptSeqOffset, securityId) ->
                {
                    if (rptSeqOffset >= 0)
                    {
                        copy.putInt(rptSeqOffset, copy.getInt(rptSeqOffset, ByteOrder.LITTLE_ENDIAN) +
                            shift * rptSeqs.get(securityId), ByteOrder.LITTLE_ENDIAN);
                    }
                });
                buffers.add(copy);
                endpoints.add(new int[]{ line.groupAddress(), line.port() });
                seqs.add(new long[]{ seq, repeats * span + 1 });
            }
        }

        int resets = 0;
        final Int2IntHashMap resetLines = new Int2IntHashMap(0);
        for (final Line line : lineMap.lines())
        {
            final long[] range = seqRange.get(line.channelIndex());
            if (range == null || line.feedType() != FeedType.INCREMENTAL)
            {
                continue;
            }
            final int sent = resetLines.get(line.channelIndex());
            if (sent > 0 && !bothCopies)
            {
                continue;
            }
            resetLines.put(line.channelIndex(), sent + 1);
            final long passSpan = repeats * (range[1] - range[0] + 1) + 1;
            buffers.add(channelReset(line.channelId(), passSpan));
            endpoints.add(new int[]{ line.groupAddress(), line.port() });
            seqs.add(new long[]{ passSpan, passSpan });
            if (sent == 0)
            {
                resets++;
            }
        }
        return new PacketLoop(buffers, endpoints, seqs, repeats * uniquePackets, repeats * entriesPerRepeat, resets);
    }

    private static void extend(final Int2ObjectHashMap<long[]> ranges, final int key, final long value)
    {
        final long[] range = ranges.get(key);
        if (range == null)
        {
            ranges.put(key, new long[]{ value, value });
        }
        else
        {
            range[0] = Math.min(range[0], value);
            range[1] = Math.max(range[1], value);
        }
    }

    private static UnsafeBuffer channelReset(final int channelId, final long msgSeqNum)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        buffer.putInt(0, (int)msgSeqNum, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(4, 1_767_623_400_000_000_000L, ByteOrder.LITTLE_ENDIAN);
        final ChannelReset4Encoder encoder = new ChannelReset4Encoder()
            .wrapAndApplyHeader(buffer, 14, new MessageHeaderEncoder()).transactTime(1_767_623_400_000_000_000L);
        encoder.matchEventIndicator().clear().endOfEvent(true);
        encoder.noMDEntriesCount(1).next().applID((short)channelId);
        final int messageLength = 2 + MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        buffer.putShort(12, (short)messageLength, ByteOrder.LITTLE_ENDIAN);
        return new UnsafeBuffer(buffer.byteArray(), 0, 12 + messageLength);
    }

    /**
     * Deliver the next datagram of the endless stream.
     *
     * @param handler       the handler.
     * @param receiveTimeNs receive time to give it.
     */
    public void deliver(final DatagramHandler handler, final long receiveTimeNs)
    {
        final int i = index;
        final UnsafeBuffer buffer = buffers[i];
        buffer.putInt(0, (int)(seqNums[i] + pass * passSpans[i]), ByteOrder.LITTLE_ENDIAN);
        handler.onDatagram(groups[i], ports[i], buffer, 0, buffer.capacity(), receiveTimeNs);
        if (i + 1 == count)
        {
            index = 0;
            pass++;
        }
        else
        {
            index = i + 1;
        }
    }

    /**
     * @return datagrams per pass (B copies and the ChannelReset4s included).
     */
    public int datagrams()
    {
        return count;
    }

    /**
     * @return line A packets per pass, ChannelReset4s not included.
     */
    public int packets()
    {
        return packets;
    }

    /**
     * @return market-data entries in the line A packets of a pass.
     */
    public long entries()
    {
        return entries;
    }

    /**
     * @return ChannelReset4 packets per pass (one per channel on line A).
     */
    public int resets()
    {
        return resets;
    }

    /**
     * @return passes completed.
     */
    public long passes()
    {
        return pass;
    }
}
