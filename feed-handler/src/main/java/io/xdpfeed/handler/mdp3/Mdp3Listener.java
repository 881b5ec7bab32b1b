package io.xdpfeed.handler.mdp3;

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
import org.agrona.DirectBuffer;

/**
 * Receives the messages of a validated, accepted MDP 3.0 packet from a {@link Mdp3PacketAdapter}, in wire order.
 * <p>
 * Each decoder is the adapter's one reusable instance for its template, already wrapped with the message header's
 * blockLength and version: read its fields and iterate its groups in schema order during the call, do not keep
 * it. Framing has been validated, so iterating every group the decoder offers stays inside the message.
 * Implementations must not throw and should not allocate. Every method has an empty default so a listener
 * implements only what it uses.
 */
public interface Mdp3Listener
{
    /**
     * Before the first message of a packet.
     *
     * @param context of the packet.
     */
    default void onPacketStart(final Mdp3PacketContext context)
    {
    }

    /**
     * After the last message of a packet.
     *
     * @param context of the packet.
     */
    default void onPacketEnd(final Mdp3PacketContext context)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onChannelReset4(final Mdp3PacketContext context, final ChannelReset4Decoder decoder)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onAdminHeartbeat12(final Mdp3PacketContext context, final AdminHeartbeat12Decoder decoder)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onSecurityStatus30(final Mdp3PacketContext context, final SecurityStatus30Decoder decoder)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onMDIncrementalRefreshVolume37(
        final Mdp3PacketContext context, final MDIncrementalRefreshVolume37Decoder decoder)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onMDIncrementalRefreshBook46(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook46Decoder decoder)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onMDIncrementalRefreshOrderBook47(
        final Mdp3PacketContext context, final MDIncrementalRefreshOrderBook47Decoder decoder)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onMDIncrementalRefreshTradeSummary48(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary48Decoder decoder)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onMDIncrementalRefreshDailyStatistics49(
        final Mdp3PacketContext context, final MDIncrementalRefreshDailyStatistics49Decoder decoder)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onMDIncrementalRefreshSessionStatistics51(
        final Mdp3PacketContext context, final MDIncrementalRefreshSessionStatistics51Decoder decoder)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onSnapshotFullRefresh52(final Mdp3PacketContext context, final SnapshotFullRefresh52Decoder decoder)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onSnapshotFullRefreshOrderBook53(
        final Mdp3PacketContext context, final SnapshotFullRefreshOrderBook53Decoder decoder)
    {
    }

    /**
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onMDInstrumentDefinitionFuture54(
        final Mdp3PacketContext context, final MDInstrumentDefinitionFuture54Decoder decoder)
    {
    }

    /**
     * Retired (pre-2018) book update, price exponent -7.
     *
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onMDIncrementalRefreshBook32(
        final Mdp3PacketContext context, final MDIncrementalRefreshBook32Decoder decoder)
    {
    }

    /**
     * Retired (pre-2018) trade summary, price exponent -7.
     *
     * @param context of the packet.
     * @param decoder wrapped over the message.
     */
    default void onMDIncrementalRefreshTradeSummary42(
        final Mdp3PacketContext context, final MDIncrementalRefreshTradeSummary42Decoder decoder)
    {
    }

    /**
     * A message this handler does not decode (unknown template or foreign schema id): counted and skipped.
     *
     * @param context    of the packet.
     * @param templateId from the message header.
     * @param schemaId   from the message header.
     * @param version    from the message header.
     * @param buffer     holding the message.
     * @param offset     of the message's MsgSize field.
     * @param length     MsgSize.
     */
    default void onUnknownMessage(
        final Mdp3PacketContext context,
        final int templateId,
        final int schemaId,
        final int version,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
    }
}
