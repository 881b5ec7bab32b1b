package io.xdpfeed.handler.mdp3;

import io.xdpfeed.handler.protocol.DecodeCounts;
import io.xdpfeed.handler.protocol.PacketDecoder;
import io.xdpfeed.codecs.mdp3.AdminHeartbeat12Decoder;
import io.xdpfeed.codecs.mdp3.ChannelReset4Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshBook46Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshDailyStatistics49Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshOrderBook47Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshSessionStatistics51Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshTradeSummary48Decoder;
import io.xdpfeed.codecs.mdp3.MDIncrementalRefreshVolume37Decoder;
import io.xdpfeed.codecs.mdp3.MDInstrumentDefinitionFuture54Decoder;
import io.xdpfeed.codecs.mdp3.SecurityStatus30Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefresh52Decoder;
import io.xdpfeed.codecs.mdp3.SnapshotFullRefreshOrderBook53Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshBook32Decoder;
import io.xdpfeed.codecs.mdp3.legacy.MDIncrementalRefreshTradeSummary42Decoder;
import io.xdpfeed.handler.config.Line;
import org.agrona.DirectBuffer;

/**
 * Decodes MDP 3.0 packets: validates a datagram's framing ({@link Mdp3Framing}), then hands its messages to a
 * {@link Mdp3Listener} with the one reusable SBE decoder of each template, wrapped with the message header's
 * blockLength and version.
 * <p>
 * Two steps so that arbitration can sit between them: {@link #validate} (a malformed datagram is counted and must
 * be dropped whole, before it consumes its MsgSeqNum), then {@link #decode} on a validated datagram. The framing is
 * walked once: validation notes where each message starts, and the decode of the datagram it just validated (a
 * packet in sequence, decoded at once) goes from message to message by those positions; a datagram decoded later
 * (from the reorder window or the recovery queue: other bytes) is walked by MsgSize again.
 * {@link #onPacket} does both. Unknown templates and foreign schema ids are counted and skipped. One thread; never
 * throws on bad input, never allocates.
 */
public final class Mdp3PacketAdapter implements PacketDecoder
{
    /** Template ids below this are counted one by one in {@link #templateCount(int)}. */
    public static final int MAX_COUNTED_TEMPLATE_ID = 255;

    private final Mdp3Listener listener;
    private final Mdp3PacketContext context = new Mdp3PacketContext();

    private final ChannelReset4Decoder channelReset4 = new ChannelReset4Decoder();
    private final AdminHeartbeat12Decoder adminHeartbeat12 = new AdminHeartbeat12Decoder();
    private final SecurityStatus30Decoder securityStatus30 = new SecurityStatus30Decoder();
    private final MDIncrementalRefreshVolume37Decoder volume37 = new MDIncrementalRefreshVolume37Decoder();
    private final MDIncrementalRefreshBook46Decoder book46 = new MDIncrementalRefreshBook46Decoder();
    private final MDIncrementalRefreshOrderBook47Decoder orderBook47 = new MDIncrementalRefreshOrderBook47Decoder();
    private final MDIncrementalRefreshTradeSummary48Decoder tradeSummary48 =
        new MDIncrementalRefreshTradeSummary48Decoder();
    private final MDIncrementalRefreshDailyStatistics49Decoder dailyStatistics49 =
        new MDIncrementalRefreshDailyStatistics49Decoder();
    private final MDIncrementalRefreshSessionStatistics51Decoder sessionStatistics51 =
        new MDIncrementalRefreshSessionStatistics51Decoder();
    private final SnapshotFullRefresh52Decoder snapshot52 = new SnapshotFullRefresh52Decoder();
    private final SnapshotFullRefreshOrderBook53Decoder snapshotOrderBook53 = new SnapshotFullRefreshOrderBook53Decoder();
    private final MDInstrumentDefinitionFuture54Decoder definitionFuture54 = new MDInstrumentDefinitionFuture54Decoder();
    private final MDIncrementalRefreshBook32Decoder book32 = new MDIncrementalRefreshBook32Decoder();
    private final MDIncrementalRefreshTradeSummary42Decoder tradeSummary42 =
        new MDIncrementalRefreshTradeSummary42Decoder();

    /** Messages of a datagram whose positions {@link #validate} keeps for the decode; a longer one is walked again. */
    private static final int MAX_WALKED_MESSAGES = 64;

    private final int[] messagePositions = new int[MAX_WALKED_MESSAGES];
    private byte[] walkedArray;
    private long walkedAddress;
    private int walkedLength = -1;
    private final long[] templateCounts = new long[MAX_COUNTED_TEMPLATE_ID + 1];
    private final long[] malformedByReason = new long[Mdp3Framing.REASON_COUNT];
    private long malformed;
    private long decodedPackets;
    private long messages;
    private long unknownTemplates;
    private long foreignSchemaMessages;

    /**
     * @param listener called for every message of every decoded packet.
     */
    public Mdp3PacketAdapter(final Mdp3Listener listener)
    {
        this.listener = listener;
    }

    /**
     * Validate and, when valid, decode one datagram.
     *
     * @param line          the datagram came on.
     * @param buffer        holding the UDP payload.
     * @param offset        of the packet header.
     * @param length        of the UDP payload.
     * @param receiveTimeNs from the packet source.
     * @return the number of messages decoded, or a negative {@link Mdp3Framing} reason when malformed (counted).
     */
    public int onPacket(
        final Line line, final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs)
    {
        final int result = validate(buffer, offset, length);
        if (result > 0)
        {
            decode(line, buffer, offset, length, receiveTimeNs, result);
        }
        return result;
    }

    /**
     * Validate a datagram's framing; a malformed one is counted here.
     *
     * @param buffer holding the UDP payload.
     * @param offset of the packet header.
     * @param length of the UDP payload.
     * @return the number of messages (at least 1) when valid, else a negative {@link Mdp3Framing} reason.
     */
    public int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        final int result = Mdp3Framing.validate(buffer, offset, length, messagePositions);
        if (result <= 0)
        {
            walkedLength = -1;
            malformed++;
            malformedByReason[-result]++;
        }
        else
        {
            // the walk is kept for the decode of these very bytes, which follows at once for a packet in sequence
            walkedArray = buffer.byteArray();
            walkedAddress = buffer.addressOffset() + offset;
            walkedLength = result <= MAX_WALKED_MESSAGES ? length : -1;
        }
        return result;
    }

    /**
     * {@inheritDoc}
     */
    public long msgSeqNum(final DirectBuffer buffer, final int offset)
    {
        return Mdp3Framing.msgSeqNum(buffer, offset);
    }

    /**
     * {@inheritDoc}
     */
    public long sendingTimeNs(final DirectBuffer buffer, final int offset, final long receiveEpochNs)
    {
        return Mdp3Framing.sendingTimeNs(buffer, offset);
    }

    /**
     * Walk a datagram that {@link #validate} accepted and call the listener per message.
     *
     * @param line          the datagram came on.
     * @param buffer        holding the UDP payload.
     * @param offset        of the packet header.
     * @param length        of the UDP payload.
     * @param receiveTimeNs from the packet source.
     * @param messageCount  as returned by {@link #validate}.
     */
    public void decode(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receiveTimeNs,
        final int messageCount)
    {
        final Mdp3PacketContext context = this.context;
        context.line = line;
        context.msgSeqNum = Mdp3Framing.msgSeqNum(buffer, offset);
        context.sendingTimeNs = Mdp3Framing.sendingTimeNs(buffer, offset);
        context.receiveTimeNs = receiveTimeNs;
        context.messageCount = messageCount;
        context.messageIndex = 0;
        decodedPackets++;

        final Mdp3Listener listener = this.listener;
        listener.onPacketStart(context);

        if (length == walkedLength && buffer.addressOffset() + offset == walkedAddress &&
            buffer.byteArray() == walkedArray)
        {
            // the packet validate() just walked: its message positions are known, the framing is not read again
            walkedLength = -1;
            final int[] positions = messagePositions;
            for (int index = 0; index < messageCount; index++)
            {
                context.messageIndex = index;
                onMessage(context, buffer, positions[index]);
            }
        }
        else
        {
            // a packet validated on arrival and decoded later (held in the reorder window, queued while recovering)
            final int end = offset + length;
            int position = offset + Mdp3Framing.PACKET_HEADER_LENGTH;
            int index = 0;
            while (position < end)
            {
                context.messageIndex = index++;
                position = onMessage(context, buffer, position);
            }
        }
        messages += messageCount;

        listener.onPacketEnd(context);
    }

    /**
     * One message of a validated datagram: its header is read without bounds checks (validation placed it inside the
     * datagram), and template 46, the book updates that are most of the traffic, goes straight to the listener;
     * the other templates through the switch of {@link #onOtherMessage}.
     *
     * @return the position of the next message.
     */
    private int onMessage(final Mdp3PacketContext context, final DirectBuffer buffer, final int position)
    {
        final int msgSize = Mdp3Framing.u16(buffer, position);
        final int blockLength = Mdp3Framing.u16(buffer, position + 2);
        final int templateId = Mdp3Framing.u16(buffer, position + 4);
        final int schemaId = Mdp3Framing.u16(buffer, position + 6);
        final int version = Mdp3Framing.u16(buffer, position + 8);
        if (templateId == MDIncrementalRefreshBook46Decoder.TEMPLATE_ID && schemaId == Mdp3Templates.SCHEMA_ID)
        {
            templateCounts[MDIncrementalRefreshBook46Decoder.TEMPLATE_ID]++;
            listener.onMDIncrementalRefreshBook46(
                context, book46.wrap(buffer, position + Mdp3Framing.MESSAGE_HEADER_LENGTH, blockLength, version));
        }
        else
        {
            onOtherMessage(context, buffer, position, msgSize, blockLength, templateId, schemaId, version);
        }
        return position + msgSize;
    }

    private void onOtherMessage(
        final Mdp3PacketContext context,
        final DirectBuffer buffer,
        final int position,
        final int msgSize,
        final int blockLength,
        final int templateId,
        final int schemaId,
        final int version)
    {
        final int body = position + Mdp3Framing.MESSAGE_HEADER_LENGTH;
        final Mdp3Listener listener = this.listener;

        if (schemaId != Mdp3Templates.SCHEMA_ID)
        {
            foreignSchemaMessages++;
            listener.onUnknownMessage(context, templateId, schemaId, version, buffer, position, msgSize);
            return;
        }
        if (templateId <= MAX_COUNTED_TEMPLATE_ID)
        {
            templateCounts[templateId]++;
        }

        // 46 never comes here: onMessage hands it over first
        switch (templateId)
        {
            case ChannelReset4Decoder.TEMPLATE_ID ->
                listener.onChannelReset4(context, channelReset4.wrap(buffer, body, blockLength, version));
            case AdminHeartbeat12Decoder.TEMPLATE_ID ->
                listener.onAdminHeartbeat12(context, adminHeartbeat12.wrap(buffer, body, blockLength, version));
            case SecurityStatus30Decoder.TEMPLATE_ID ->
                listener.onSecurityStatus30(context, securityStatus30.wrap(buffer, body, blockLength, version));
            case MDIncrementalRefreshVolume37Decoder.TEMPLATE_ID ->
                listener.onMDIncrementalRefreshVolume37(context, volume37.wrap(buffer, body, blockLength, version));
            case MDIncrementalRefreshOrderBook47Decoder.TEMPLATE_ID -> listener.onMDIncrementalRefreshOrderBook47(
                context, orderBook47.wrap(buffer, body, blockLength, version));
            case MDIncrementalRefreshTradeSummary48Decoder.TEMPLATE_ID -> listener.onMDIncrementalRefreshTradeSummary48(
                context, tradeSummary48.wrap(buffer, body, blockLength, version));
            case MDIncrementalRefreshDailyStatistics49Decoder.TEMPLATE_ID ->
                listener.onMDIncrementalRefreshDailyStatistics49(
                    context, dailyStatistics49.wrap(buffer, body, blockLength, version));
            case MDIncrementalRefreshSessionStatistics51Decoder.TEMPLATE_ID ->
                listener.onMDIncrementalRefreshSessionStatistics51(
                    context, sessionStatistics51.wrap(buffer, body, blockLength, version));
            case SnapshotFullRefresh52Decoder.TEMPLATE_ID ->
                listener.onSnapshotFullRefresh52(context, snapshot52.wrap(buffer, body, blockLength, version));
            case SnapshotFullRefreshOrderBook53Decoder.TEMPLATE_ID -> listener.onSnapshotFullRefreshOrderBook53(
                context, snapshotOrderBook53.wrap(buffer, body, blockLength, version));
            case MDInstrumentDefinitionFuture54Decoder.TEMPLATE_ID -> listener.onMDInstrumentDefinitionFuture54(
                context, definitionFuture54.wrap(buffer, body, blockLength, version));
            case MDIncrementalRefreshBook32Decoder.TEMPLATE_ID ->
                listener.onMDIncrementalRefreshBook32(context, book32.wrap(buffer, body, blockLength, version));
            case MDIncrementalRefreshTradeSummary42Decoder.TEMPLATE_ID -> listener.onMDIncrementalRefreshTradeSummary42(
                context, tradeSummary42.wrap(buffer, body, blockLength, version));
            default ->
            {
                unknownTemplates++;
                listener.onUnknownMessage(context, templateId, schemaId, version, buffer, position, msgSize);
            }
        }
    }

    /**
     * @return datagrams refused by {@link #validate}.
     */
    public long malformed()
    {
        return malformed;
    }

    /**
     * @param reason a negative {@link Mdp3Framing} result.
     * @return datagrams refused for that reason.
     */
    public long malformed(final int reason)
    {
        return reason < 0 && -reason < Mdp3Framing.REASON_COUNT ? malformedByReason[-reason] : 0;
    }

    /**
     * @return packets walked by {@link #decode}.
     */
    public long decodedPackets()
    {
        return decodedPackets;
    }

    /**
     * @return messages in decoded packets, whatever their template.
     */
    public long messages()
    {
        return messages;
    }

    /**
     * @param templateId of schema 1, 0..{@link #MAX_COUNTED_TEMPLATE_ID}.
     * @return messages of that template in decoded packets.
     */
    public long templateCount(final int templateId)
    {
        return templateId >= 0 && templateId <= MAX_COUNTED_TEMPLATE_ID ? templateCounts[templateId] : 0;
    }

    /**
     * @return schema-1 messages of templates this adapter does not decode (counted and skipped).
     */
    public long unknownTemplates()
    {
        return unknownTemplates;
    }

    /**
     * @return messages with a schema id other than 1 (counted and skipped).
     */
    public long foreignSchemaMessages()
    {
        return foreignSchemaMessages;
    }

    /**
     * Template ids are the message types; the malformed reasons are {@link Mdp3Framing#reasonName}'s.
     */
    @Override
    public void addCountsTo(final DecodeCounts counts)
    {
        counts.totals(decodedPackets, messages, unknownTemplates, foreignSchemaMessages);
        for (int templateId = 0; templateId <= MAX_COUNTED_TEMPLATE_ID; templateId++)
        {
            counts.messages(templateId, templateCounts[templateId]);
        }
        for (int reason = 1; reason < Mdp3Framing.REASON_COUNT; reason++)
        {
            counts.malformed(Mdp3Framing.reasonName(-reason), malformedByReason[reason]);
        }
    }
}
