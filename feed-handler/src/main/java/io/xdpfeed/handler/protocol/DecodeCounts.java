package io.xdpfeed.handler.protocol;

/**
 * Where a protocol's decoder reports what it counted, for a report that sums channels (the replay summary): packets
 * and messages decoded, messages by message type (MDP 3.0: the template id), messages skipped because the decoder
 * does not decode their type or they belong to another schema, and datagrams the framing check refused, by the
 * protocol's name of the reason. Each {@link PacketDecoder} reports its own ({@link PacketDecoder#addCountsTo}), so
 * that the report reads them without naming the protocol. Called after a run, never on the packet path.
 */
public interface DecodeCounts
{
    /**
     * One decoder's totals.
     *
     * @param packets             packets decoded.
     * @param messages            messages in them, whatever their type.
     * @param unknownTypeMessages messages of a type the decoder does not decode (counted and skipped).
     * @param otherSchemaMessages messages of another schema (counted and skipped).
     */
    void totals(long packets, long messages, long unknownTypeMessages, long otherSchemaMessages);

    /**
     * @param type  a message type.
     * @param count messages of it decoded, 0 included.
     */
    void messages(int type, long count);

    /**
     * @param reason the protocol's name of why the framing check refused a datagram.
     * @param count  datagrams refused for it, 0 included.
     */
    void malformed(String reason, long count);
}
