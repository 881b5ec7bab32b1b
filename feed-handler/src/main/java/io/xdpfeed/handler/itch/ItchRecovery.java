package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.protocol.StreamRecovery;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Nasdaq's two ways back for one ITCH channel, as the engine's {@link StreamRecovery}: MoldUDP64 re-requests to the
 * retransmission server ({@link MoldUdp64Requester} over a {@link MoldUdp64RetransmissionChannel}, as its
 * {@link RetransmissionTuning} says: so many requests of up to so many messages outstanding, each re-sent after the
 * timeout and given up after so many sends), and a GLIMPSE snapshot over SoupBinTCP
 * ({@link GlimpseClient}, tried again {@link #SNAPSHOT_RETRY_NS} after a failure).
 * <p>
 * The answers are handed to the engine's receiver as packets of the stream (the requester told of an answer only when
 * the receiver took it, so that one it could not keep is asked for again). A snapshot's messages are applied here,
 * through the channel's {@link ItchBookBuilder} (forgotten first) into the channel's sinks, between the receiver's
 * begin (the engine empties its books) and end (the sequence number of 'G'). The requests name the session of the
 * packets the channel decoded. Time is this object's clock ({@code System.nanoTime}), whatever the engine's source
 * clock is. Receive thread only; nothing thrown from {@link #poll}; no allocation per packet (a snapshot opens a TCP
 * connection).
 */
final class ItchRecovery implements StreamRecovery, GlimpseClient.SnapshotListener,
    MoldUdp64RetransmissionChannel.AnswerHandler
{
    /** Gaps waiting to be requested. */
    static final int GAP_QUEUE_CAPACITY = 1024;
    /** Wait after a failed snapshot before the next attempt. */
    static final long SNAPSHOT_RETRY_NS = 1_000_000_000L;
    /** Answers read per poll. */
    static final int ANSWERS_PER_POLL = 16;

    private static final long SECOND_NS = 1_000_000_000L;
    private static final int SNAPSHOT_BUFFER_BYTES = 1 << 16;

    private final ItchPacketDecoder decoder;
    private final ItchBookBuilder builder;
    private final NanoClock clock;
    private final MoldUdp64Framing framing = new MoldUdp64Framing();
    private final MoldUdp64Requester requester;
    private final MoldUdp64RetransmissionChannel channel;
    private final InetSocketAddress snapshotServer;
    private final GlimpseClient glimpse;

    private Receiver receiver;
    private boolean snapshotPending;
    private boolean snapshotConnecting;
    private boolean snapshotBegun;
    private long snapshotNotBeforeNs;
    private long snapshotFailures;

    /**
     * @param decoder              the channel's live decoder (its builder, its session).
     * @param retransmissionServer the MoldUDP64 re-request server, or null.
     * @param snapshotServer       the GLIMPSE server, or null.
     * @param username             of the GLIMPSE login (up to 6 characters, blank for none).
     * @param password             of the GLIMPSE login (up to 10 characters, blank for none).
     * @param tuning               how the re-request server is asked.
     * @param clock                time of the requests and the snapshot.
     * @throws IOException when the UDP socket to the re-request server cannot be opened.
     */
    ItchRecovery(
        final ItchPacketDecoder decoder,
        final InetSocketAddress retransmissionServer,
        final InetSocketAddress snapshotServer,
        final String username,
        final String password,
        final RetransmissionTuning tuning,
        final NanoClock clock) throws IOException
    {
        this.decoder = decoder;
        this.builder = decoder.builder();
        this.clock = clock;
        this.snapshotServer = snapshotServer;
        if (retransmissionServer != null)
        {
            final String noSession = " ".repeat(MoldUdp64Framing.SESSION_LENGTH);
            channel = new MoldUdp64RetransmissionChannel(retransmissionServer, noSession);
            requester = new MoldUdp64Requester(noSession, tuning.requests(), tuning.messages(), tuning.timeoutNs(),
                tuning.attempts(), GAP_QUEUE_CAPACITY, channel);
        }
        else
        {
            channel = null;
            requester = null;
        }
        glimpse = snapshotServer == null ? null :
            new GlimpseClient(this, username, password, 2 * SECOND_NS, 15 * SECOND_NS, SECOND_NS,
                SNAPSHOT_BUFFER_BYTES);
    }

    /**
     * {@inheritDoc}
     */
    public boolean canRetransmit()
    {
        return requester != null;
    }

    /**
     * {@inheritDoc}
     */
    public boolean canSnapshot()
    {
        return glimpse != null;
    }

    /**
     * {@inheritDoc}
     */
    public boolean requestRetransmission(final long fromSeqNum, final long toSeqNum)
    {
        if (requester == null || decoder.sessions() == 0)
        {
            // the session is learnt from the packets: none decoded yet (a late start), nothing to name
            return false;
        }
        requester.session(decoder.session());
        channel.session(decoder.session());
        return requester.onGap(fromSeqNum, toSeqNum + 1);
    }

    /**
     * {@inheritDoc}
     */
    public boolean retransmissionFailed()
    {
        return requester != null && requester.needsSnapshot();
    }

    /**
     * {@inheritDoc}
     */
    public void cancelRetransmissions()
    {
        if (requester != null)
        {
            requester.clear();
        }
    }

    /**
     * {@inheritDoc}
     */
    public void startSnapshot()
    {
        snapshotPending = true;
    }

    /**
     * {@inheritDoc}
     */
    public boolean snapshotPending()
    {
        return snapshotPending;
    }

    /**
     * {@inheritDoc}
     */
    public int poll(final Receiver receiver)
    {
        this.receiver = receiver;
        final long nowNs = clock.nanoTime();
        int work = 0;
        if (requester != null)
        {
            work += requester.poll(nowNs);
            work += channel.poll(this, ANSWERS_PER_POLL);
        }
        if (snapshotPending)
        {
            work += pollSnapshot(nowNs);
        }
        return work;
    }

    private int pollSnapshot(final long nowNs)
    {
        if (!snapshotConnecting)
        {
            if (nowNs - snapshotNotBeforeNs < 0)
            {
                return 0;
            }
            snapshotConnecting = true;
            snapshotBegun = false;
            glimpse.start(snapshotServer, nowNs);
            return 1;
        }
        final GlimpseClient.State state = glimpse.poll(nowNs);
        if (state == GlimpseClient.State.COMPLETE)
        {
            if (!snapshotBegun)
            {
                begin();
            }
            snapshotPending = false;
            snapshotConnecting = false;
            snapshotBegun = false;
            glimpse.close();
            receiver.onSnapshotEnd(glimpse.endOfSnapshotSequence());
            return 1;
        }
        if (state == GlimpseClient.State.FAILED)
        {
            snapshotFailures++;
            receiver.onSnapshotFailed();
            snapshotConnecting = false;
            glimpse.close();
            snapshotNotBeforeNs = nowNs + SNAPSHOT_RETRY_NS;
            return 1;
        }
        return 0;
    }

    private void begin()
    {
        snapshotBegun = true;
        builder.reset();
        receiver.onSnapshotBegin();
    }

    /**
     * A message of the snapshot: applied to the channel's books (after they were emptied, at the first one), with
     * its SoupBinTCP sequence number (GLIMPSE sends no MoldUDP64 one; an order's priority is then its place in the
     * snapshot, which keeps the time priority the snapshot lists orders in); its records carry msgSeqNum 0.
     */
    public void onMessage(final DirectBuffer buffer, final int offset, final int length, final long sequence)
    {
        if (!snapshotBegun)
        {
            begin();
        }
        decoder.applySnapshotMessage(buffer, offset, length, sequence);
    }

    /**
     * A valid answer of the session: handed to the engine as a packet of the stream; the requester learns of it
     * only when the engine took it.
     */
    public void onAnswer(final DirectBuffer buffer, final int offset, final int length)
    {
        final int count = framing.validate(buffer, offset, length);
        final long seqNum = framing.sequenceNumber(buffer, offset);
        if (receiver.onRetransmission(buffer, offset, length, count, seqNum))
        {
            requester.onResponse(seqNum, count);
        }
    }

    /**
     * {@inheritDoc}
     */
    public long requests()
    {
        return requester == null ? 0 : requester.requests();
    }

    /**
     * {@inheritDoc}
     */
    public long snapshotFailures()
    {
        return snapshotFailures;
    }

    /**
     * @return the requester (its counts).
     */
    MoldUdp64Requester requester()
    {
        return requester;
    }

    /**
     * {@inheritDoc}
     */
    public void close()
    {
        if (channel != null)
        {
            channel.close();
        }
        if (glimpse != null)
        {
            glimpse.close();
        }
    }
}
