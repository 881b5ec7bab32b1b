package io.xdpfeed.handler.protocol;

import org.agrona.DirectBuffer;

/**
 * A protocol's own way back from sequence numbers lost on every line, for a protocol whose exchange serves them
 * apart from the multicast lines (Nasdaq: a MoldUDP64 re-request server and a GLIMPSE snapshot server), rather than
 * CME's snapshot line that the channel joins. The channel's gap fill drives it: it asks for the lost range
 * ({@link #requestRetransmission}) or for a snapshot ({@link #startSnapshot}), queues the live packets meanwhile,
 * and takes what comes back through a {@link Receiver}: retransmitted packets of the sequenced stream, which it
 * applies in sequence order with the queued ones; a snapshot's messages, which the protocol applies to the channel's
 * sinks itself between {@link Receiver#onSnapshotBegin()} and {@link Receiver#onSnapshotEnd(long)}.
 * <p>
 * Receive thread only; {@link #poll} never blocks and never throws; time is the implementation's own clock (a
 * replay's capture time is no measure of a server's answer). Made per channel by {@link Protocol#recovery}.
 */
public interface StreamRecovery extends AutoCloseable
{
    /**
     * Takes what a recovery brings back; the channel implements it.
     */
    interface Receiver
    {
        /**
         * A packet of the sequenced stream sent again, valid by the protocol's framing (its session checked).
         *
         * @param buffer       holding it (valid during the call).
         * @param offset       of its header.
         * @param length       of the packet.
         * @param messageCount as the decoder's validate returns it.
         * @param seqNum       its (first) sequence number.
         * @return true when taken (applied or kept until its turn); false when it could not be kept, so that the
         * request stays outstanding and is sent again.
         */
        boolean onRetransmission(DirectBuffer buffer, int offset, int length, int messageCount, long seqNum);

        /**
         * The snapshot's messages follow: the channel's books are emptied now (the protocol forgot its own state),
         * and the messages go to the sinks as live ones.
         */
        void onSnapshotBegin();

        /**
         * The snapshot is complete.
         *
         * @param nextSeqNum the first sequence number it does not include: the live stream continues there.
         */
        void onSnapshotEnd(long nextSeqNum);

        /**
         * A snapshot failed (the server refused the connection or the login, or closed or went silent before its
         * end); the protocol tries again after its delay. Counted; the books of a snapshot begun are STALE until the
         * next one ends.
         */
        void onSnapshotFailed();
    }

    /**
     * @return true when lost sequence numbers can be asked for again (a re-request server is configured).
     */
    boolean canRetransmit();

    /**
     * @return true when a snapshot can be fetched (a snapshot server is configured).
     */
    boolean canSnapshot();

    /**
     * Ask for sequence numbers {@code fromSeqNum..toSeqNum} again.
     *
     * @param fromSeqNum first lost.
     * @param toSeqNum   last lost, inclusive.
     * @return false when they cannot be asked for (no server, the session not known yet, the queue of gaps full).
     */
    boolean requestRetransmission(long fromSeqNum, long toSeqNum);

    /**
     * @return true when requested sequence numbers were given up on (not answered after the attempts: the server
     * no longer holds them, or does not answer): only a snapshot brings them back.
     */
    boolean retransmissionFailed();

    /**
     * Forget every gap asked for and every request outstanding (a snapshot replaces them).
     */
    void cancelRetransmissions();

    /**
     * Start fetching a snapshot (again, after a failure, once the protocol's retry delay has passed).
     */
    void startSnapshot();

    /**
     * @return true from {@link #startSnapshot()} until {@link Receiver#onSnapshotEnd(long)} was called.
     */
    boolean snapshotPending();

    /**
     * Make progress: send what is due, read the answers and the snapshot, and hand them to the receiver.
     *
     * @param receiver takes what comes back.
     * @return work done.
     */
    int poll(Receiver receiver);

    /**
     * @return re-requests sent (first sends, the rest of partial answers, re-sends after a timeout).
     */
    long requests();

    /**
     * @return snapshots that failed (connect, login, timeout, closed early); each is tried again.
     */
    long snapshotFailures();

    /**
     * Close the sockets.
     */
    void close();
}
