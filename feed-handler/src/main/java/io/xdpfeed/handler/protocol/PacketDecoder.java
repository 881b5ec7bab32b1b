package io.xdpfeed.handler.protocol;

import io.xdpfeed.handler.config.Line;
import org.agrona.DirectBuffer;

/**
 * The protocol's side of a channel's packet path, all the sequencing and recovery stages see of it: the framing
 * check on arrival, the two header fields they need, the decode of a packet once it is in sequence (the decoder
 * turns its messages into calls on the channel's {@link MessageSinks}), and its counts. CME MDP 3.0's is
 * {@code io.xdpfeed.handler.mdp3.Mdp3PacketAdapter}, made by {@code Mdp3Protocol}.
 * <p>
 * Two steps so that sequencing can sit between them: {@link #validate} on arrival (a malformed datagram is counted
 * and dropped whole, before it takes a sequence number), {@link #decode} when the packet is delivered in order (later
 * for a reordered packet, or again from the recovery queue). Implementations never throw on bad input and never
 * allocate; one thread.
 */
public interface PacketDecoder
{
    /**
     * Validate a datagram's framing; a malformed one is counted by the decoder.
     *
     * @param buffer holding the UDP payload.
     * @param offset of the packet header.
     * @param length of the UDP payload.
     * @return the number of messages when valid (0 for a packet without messages, e.g. a MoldUDP64 heartbeat,
     * which is sequenced for the hole it may reveal but never decoded), else a negative reason.
     */
    int validate(DirectBuffer buffer, int offset, int length);

    /**
     * How many sequence numbers a valid packet takes, which is how the sequencer steps: 1 for a protocol that
     * numbers packets (CME MDP 3.0, the default), the message count for one that numbers messages (MoldUDP64, where
     * a heartbeat takes 0).
     *
     * @param buffer       holding a valid datagram.
     * @param offset       of the packet header.
     * @param messageCount as returned by {@link #validate}.
     * @return sequence numbers the packet takes, 0 or more.
     */
    default int sequenceSpan(final DirectBuffer buffer, final int offset, final int messageCount)
    {
        return 1;
    }

    /**
     * @param buffer holding a valid datagram.
     * @param offset of the packet header.
     * @return the packet's sequence number.
     */
    long msgSeqNum(DirectBuffer buffer, int offset);

    /**
     * @param buffer         holding a valid datagram.
     * @param offset         of the packet header.
     * @param receiveEpochNs when the datagram was received, ns since the Unix epoch: the day of a protocol whose
     *                       timestamps are times of day (ITCH).
     * @return the exchange's sending time, ns since the Unix epoch; 0 when the packet carries none.
     */
    long sendingTimeNs(DirectBuffer buffer, int offset, long receiveEpochNs);

    /**
     * Walk a datagram that {@link #validate} accepted and hand each message to the protocol's listener.
     *
     * @param line          the datagram came on.
     * @param buffer        holding the UDP payload.
     * @param offset        of the packet header.
     * @param length        of the UDP payload.
     * @param receiveTimeNs from the packet source.
     * @param messageCount  as returned by {@link #validate}.
     */
    void decode(Line line, DirectBuffer buffer, int offset, int length, long receiveTimeNs, int messageCount);

    /**
     * Walk a datagram that {@link #validate} accepted, of which the first {@code skipMessages} messages were already
     * decoded from another copy (a packet that overlaps the sequence delivered; only for a protocol whose
     * {@link #sequenceSpan} is its message count). The default decodes the whole packet (a protocol numbering
     * packets never overlaps).
     *
     * @param line          the datagram came on.
     * @param buffer        holding the UDP payload.
     * @param offset        of the packet header.
     * @param length        of the UDP payload.
     * @param receiveTimeNs from the packet source.
     * @param messageCount  as returned by {@link #validate}.
     * @param skipMessages  messages at the start of the packet not to decode.
     */
    default void decode(
        final Line line,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long receiveTimeNs,
        final int messageCount,
        final int skipMessages)
    {
        decode(line, buffer, offset, length, receiveTimeNs, messageCount);
    }

    /**
     * A packet without messages ({@link #validate} returned 0: e.g. a MoldUDP64 heartbeat or end of session) that
     * arrived with nothing missing before it: every sequence number before its own was applied. A protocol whose
     * such packets mean something (the end of the session) tells the sinks here; the default does nothing.
     *
     * @param line          it came on.
     * @param buffer        holding the UDP payload.
     * @param offset        of the packet header.
     * @param length        of the UDP payload.
     * @param receiveTimeNs from the packet source.
     */
    default void onEmptyInSequence(
        final Line line, final DirectBuffer buffer, final int offset, final int length, final long receiveTimeNs)
    {
    }

    /**
     * @return datagrams whose framing {@link #validate} refused.
     */
    long malformed();

    /**
     * @return packets decoded.
     */
    long decodedPackets();

    /**
     * @return messages decoded.
     */
    long messages();

    /**
     * Report this decoder's counts, by message type and by malformed reason, for a report; not on the packet path.
     *
     * @param counts to report to.
     */
    void addCountsTo(DecodeCounts counts);
}
