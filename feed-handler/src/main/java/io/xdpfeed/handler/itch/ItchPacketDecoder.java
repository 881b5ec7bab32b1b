package io.xdpfeed.handler.itch;

import io.xdpfeed.common.time.TimeOfDay;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import io.xdpfeed.handler.protocol.DecodeCounts;
import io.xdpfeed.handler.protocol.DecodeState;
import io.xdpfeed.handler.protocol.MessageSinks;
import io.xdpfeed.handler.protocol.PacketDecoder;
import org.agrona.DirectBuffer;

/**
 * The engine's decoder of one ITCH channel: MoldUDP64 framing on arrival ({@link MoldUdp64Framing}), the packet's
 * sequence number and message count for the engine's sequencer (which steps by the message count, so duplicates,
 * holes and losses are per message), and, once a packet is in sequence, its messages applied by the channel's
 * {@link ItchBookBuilder} (without its own sequencing), whose changes go to the channel's sinks through an
 * {@link ItchSinkListener}.
 * <ul>
 *   <li>A heartbeat (count 0) and the end of session (count 0xFFFF) validate with 0 messages and take no sequence
 *       number: the sequencer only learns from them where the sequence stands (a hole they reveal is waited for and
 *       declared lost like any other).</li>
 *   <li>A packet partly delivered before (another packetization of the same messages) is decoded from its first new
 *       message ({@code skipMessages}).</li>
 *   <li>A packet of another MoldUDP64 session (its 10-character session id changed: the next trading day, or a
 *       failover) starts over: the builder forgets every order and level and the channel resets its books
 *       ({@code SnapshotSink.channelReset}: empty books published), then the packet is applied
 *       ({@link #sessions()}).</li>
 *   <li>Only the sequenced stream ({@code DecodeMode.LIVE}) is applied. ITCH has no per-instrument sequence number
 *       to replay a queue against, no snapshot and no definition multicast line: a packet decoded in another mode is
 *       counted ({@link #notLivePackets()}) and left alone. Recovery (MoldUDP64 re-request, GLIMPSE) is the
 *       protocol's own, {@link ItchRecovery}, driven by the engine's gap fill: what it brings back is applied in
 *       sequence order, live.</li>
 * </ul>
 * One thread; never throws on bad input; no allocation after construction.
 */
public final class ItchPacketDecoder implements PacketDecoder
{
    private static final int MAX_TYPE_BYTE = 255;

    private final MoldUdp64Framing framing = new MoldUdp64Framing();
    private final TimeOfDay easternTime = new TimeOfDay(TimeOfDay.US_EASTERN);
    private final ItchBookBuilder builder;
    private final ItchSinkListener sinkListener;
    private final DecodeState decodeState;
    private final long[] malformedByReason = new long[MoldUdp64Framing.REASON_COUNT];
    private long malformed;
    private long decodedPackets;
    private long messages;
    private long endOfSession;
    private boolean endOfSessionTold;
    private long notLivePackets;
    private long sessions;
    private long sessionHigh;
    private short sessionLow;
    private final MessageSinks sinks;
    private final byte[] session = new byte[MoldUdp64Framing.SESSION_LENGTH];

    /**
     * A channel's first decoder, with its book builder.
     *
     * @param sinks          of the channel.
     * @param maxOrders      most orders live at once.
     * @param maxInstruments most instruments.
     */
    ItchPacketDecoder(final MessageSinks sinks, final int maxOrders, final int maxInstruments)
    {
        this.sinkListener = new ItchSinkListener(sinks);
        this.builder = new ItchBookBuilder(sinkListener, maxOrders, maxInstruments, sinks.bookDepth());
        this.decodeState = sinks.decodeState();
        this.sinks = sinks;
    }

    /**
     * The same channel's second decoder: the same builder and sinks, counts of its own.
     *
     * @param first the channel's first decoder.
     */
    ItchPacketDecoder(final ItchPacketDecoder first)
    {
        this.sinkListener = first.sinkListener;
        this.builder = first.builder;
        this.decodeState = first.decodeState;
        this.sinks = first.sinks;
    }

    /**
     * {@inheritDoc}
     */
    public int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        final int result = framing.validate(buffer, offset, length);
        if (result < 0)
        {
            malformed++;
            malformedByReason[-result]++;
            return result;
        }
        if (result == MoldUdp64Framing.END_OF_SESSION)
        {
            endOfSession++;
            return 0;
        }
        return result;
    }

    /**
     * {@inheritDoc}
     */
    public int sequenceSpan(final DirectBuffer buffer, final int offset, final int messageCount)
    {
        return messageCount;
    }

    /**
     * {@inheritDoc}
     */
    public long msgSeqNum(final DirectBuffer buffer, final int offset)
    {
        return framing.sequenceNumber(buffer, offset);
    }

    /**
     * MoldUDP64 has no sending time: the timestamp of the datagram's first message, ns since midnight US Eastern
     * time, on the day of the receive time ({@link TimeOfDay}, the day before or after when that puts it within 12
     * hours of the receive time). 0 ("not sent") for a heartbeat or an end of session (no message).
     */
    public long sendingTimeNs(final DirectBuffer buffer, final int offset, final long receiveEpochNs)
    {
        final int count = framing.messageCount(buffer, offset);
        if (count == 0 || count == MoldUdp64Framing.END_OF_SESSION)
        {
            return 0;
        }
        // a valid datagram's first message is at least ItchMessages.COMMON_LENGTH long: its timestamp is inside
        return easternTime.epochNs(ItchMessages.timestampNs(buffer,
            offset + MoldUdp64Framing.HEADER_LENGTH + MoldUdp64Framing.BLOCK_HEADER_LENGTH), receiveEpochNs);
    }

    /**
     * {@inheritDoc}
     */
    public void decode(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receiveTimeNs,
        final int messageCount)
    {
        decode(line, buffer, offset, length, receiveTimeNs, messageCount, 0);
    }

    /**
     * {@inheritDoc}
     */
    public void decode(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receiveTimeNs,
        final int messageCount,
        final int skipMessages)
    {
        if (!decodeState.isLive())
        {
            notLivePackets++;
            return;
        }
        decodedPackets++;
        final long high = buffer.getLong(offset);
        final short low = buffer.getShort(offset + 8);
        if (high != sessionHigh || low != sessionLow || sessions == 0)
        {
            newSession(high, low);
            buffer.getBytes(offset, session, 0, session.length);
        }
        sinkListener.receiveTimeNs(receiveTimeNs);
        messages += builder.applyMessages(buffer, offset, messageCount, framing.sequenceNumber(buffer, offset),
            skipMessages);
    }

    private void newSession(final long high, final short low)
    {
        endOfSessionTold = false;
        if (sessions > 0)
        {
            builder.reset();
            sinks.snapshots().channelReset();
        }
        sessions++;
        sessionHigh = high;
        sessionLow = low;
    }

    /**
     * @return the 10 characters of the current MoldUDP64 session, valid when {@link #sessions()} is not 0 (read,
     * not to be changed).
     */
    byte[] session()
    {
        return session;
    }

    /**
     * The MoldUDP64 end of session (count 0xFFFF) of the current session, with every message before it applied:
     * published once (line A's and B's copies are the same news) as the statuses of ITCH's end of session
     * ({@link ItchSinkListener#onEndOfSession}). A heartbeat says nothing.
     */
    @Override
    public void onEmptyInSequence(
        final Line line, final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs)
    {
        if (framing.validate(buffer, offset, length) != MoldUdp64Framing.END_OF_SESSION || endOfSessionTold ||
            sessions == 0 || buffer.getLong(offset) != sessionHigh || buffer.getShort(offset + 8) != sessionLow ||
            !decodeState.isLive())
        {
            return;
        }
        endOfSessionTold = true;
        sinkListener.receiveTimeNs(receiveTimeNs);
        sinkListener.onEndOfSession(framing.sequenceNumber(buffer, offset));
    }

    /**
     * @return MoldUDP64 sessions seen (the first included).
     */
    public long sessions()
    {
        return sessions;
    }

    /**
     * {@inheritDoc}
     */
    public long malformed()
    {
        return malformed;
    }

    /**
     * {@inheritDoc}
     */
    public long decodedPackets()
    {
        return decodedPackets;
    }

    /**
     * {@inheritDoc}
     */
    public long messages()
    {
        return messages;
    }

    /**
     * @param messageType an ITCH type byte.
     * @return messages of that type applied (by either decoder of the channel).
     */
    public long templateCount(final int messageType)
    {
        return sinkListener.typeCount(messageType);
    }

    /**
     * @return messages of types that change no book and are not published (B, I, L, Y, ...; counted).
     */
    public long unknownTemplates()
    {
        return builder.count(Count.UNHANDLED_MESSAGES);
    }

    /**
     * {@inheritDoc}
     */
    public void addCountsTo(final DecodeCounts counts)
    {
        counts.totals(decodedPackets, messages, unknownTemplates(), 0);
        for (int type = 0; type <= MAX_TYPE_BYTE; type++)
        {
            counts.messages(type, templateCount(type));
        }
        for (int reason = 1; reason < MoldUdp64Framing.REASON_COUNT; reason++)
        {
            counts.malformed(MoldUdp64Framing.reasonName(-reason), malformedByReason[reason]);
        }
    }

    /**
     * @return end-of-session packets seen.
     */
    public long endOfSession()
    {
        return endOfSession;
    }

    /**
     * @return packets handed over in a mode other than live (ITCH has no replay, snapshot or definition line).
     */
    public long notLivePackets()
    {
        return notLivePackets;
    }

    /**
     * Apply one message of a snapshot to the channel's books: as a live one, but its records carry msgSeqNum 0.
     *
     * @param buffer holding the message.
     * @param offset of its type byte.
     * @param length of the message.
     * @param place  its place in the snapshot (1, 2, ...): the priority of the order it adds.
     */
    public void applySnapshotMessage(final DirectBuffer buffer, final int offset, final int length, final long place)
    {
        sinkListener.fromSnapshot(true);
        builder.onMessage(buffer, offset, length, place);
        sinkListener.fromSnapshot(false);
    }

    /**
     * @return the channel's book builder (orders, levels, its counts of unknown, duplicate and refused orders).
     */
    public ItchBookBuilder builder()
    {
        return builder;
    }
}
