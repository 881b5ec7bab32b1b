package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * The UDP side of MoldUDP64 re-requests: a non-blocking socket connected to the retransmission server, the
 * {@link MoldUdp64Requester.RequestSender} of a {@link MoldUdp64Requester}, and the reader of its answers.
 * {@link #poll} reads the datagrams waiting, validates each ({@link MoldUdp64Framing}; one of another session is
 * counted too), tells the requester its range and hands the packet on. Bad answers and socket errors are counted,
 * never thrown; nothing is allocated after construction. One thread.
 */
public final class MoldUdp64RetransmissionChannel implements MoldUdp64Requester.RequestSender, AutoCloseable
{
    /**
     * Receives each valid answer.
     */
    @FunctionalInterface
    public interface AnswerHandler
    {
        /**
         * @param buffer holding the MoldUDP64 packet (valid during the call).
         * @param offset of its header.
         * @param length of the packet.
         */
        void onAnswer(DirectBuffer buffer, int offset, int length);
    }

    private final DatagramChannel channel;
    private final byte[] session;
    private final ByteBuffer in = ByteBuffer.allocateDirect(65_536);
    private final UnsafeBuffer inBuffer = new UnsafeBuffer(in);
    private final ByteBuffer out = ByteBuffer.allocateDirect(64);
    private final UnsafeBuffer outBuffer = new UnsafeBuffer(out);
    private final MoldUdp64Framing framing = new MoldUdp64Framing();
    private final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder();
    private MoldUdp64Requester requester;
    private final long[] malformed = new long[MoldUdp64Framing.REASON_COUNT];
    private long otherSession;
    private long sendErrors;
    private long receiveErrors;

    /**
     * Open the socket.
     *
     * @param server  the retransmission server.
     * @param session the MoldUDP64 session answers must carry (10 characters).
     * @throws IOException when the socket cannot be opened or connected.
     */
    public MoldUdp64RetransmissionChannel(final InetSocketAddress server, final String session) throws IOException
    {
        this.session = session.getBytes(StandardCharsets.US_ASCII);
        channel = DatagramChannel.open();
        try
        {
            channel.configureBlocking(false);
            channel.connect(server);
        }
        catch (final IOException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * Set the session answers must carry (a feed's session is known from its packets, not when the socket opens).
     *
     * @param session the 10 characters of the MoldUDP64 session.
     */
    public void session(final byte[] session)
    {
        System.arraycopy(session, 0, this.session, 0, this.session.length);
    }

    /**
     * @param requester told the range of each valid answer.
     * @return this.
     */
    public MoldUdp64RetransmissionChannel requester(final MoldUdp64Requester requester)
    {
        this.requester = requester;
        return this;
    }

    @Override
    public boolean send(final DirectBuffer buffer, final int offset, final int length)
    {
        outBuffer.putBytes(0, buffer, offset, length);
        out.clear().limit(length);
        try
        {
            return channel.write(out) == length;
        }
        catch (final IOException ex)
        {
            sendErrors++;
            return false;
        }
    }

    /**
     * Read the answers waiting.
     *
     * @param handler gets each valid answer.
     * @param limit   most datagrams read.
     * @return valid answers read.
     */
    public int poll(final AnswerHandler handler, final int limit)
    {
        int answers = 0;
        for (int i = 0; i < limit; i++)
        {
            in.clear();
            final int length;
            try
            {
                length = channel.read(in);
            }
            catch (final IOException ex)
            {
                // e.g. ECONNREFUSED after a request to a closed port: counted, the requester's timeout re-sends
                receiveErrors++;
                return answers;
            }
            if (length <= 0)
            {
                return answers;
            }
            final int count = framing.validate(inBuffer, 0, length);
            if (count < 0)
            {
                malformed[-count]++;
                continue;
            }
            header.wrap(inBuffer, 0, MoldUdp64HeaderDecoder.BLOCK_LENGTH, 0);
            if (!sameSession())
            {
                otherSession++;
                continue;
            }
            if (count == 0 || count == MoldUdp64Framing.END_OF_SESSION)
            {
                continue;
            }
            if (requester != null)
            {
                requester.onResponse(header.sequenceNumber(), count);
            }
            handler.onAnswer(inBuffer, 0, length);
            answers++;
        }
        return answers;
    }

    private boolean sameSession()
    {
        for (int i = 0; i < session.length; i++)
        {
            if (header.session(i) != session[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param reason a negative {@link MoldUdp64Framing#validate} result.
     * @return answers dropped for that reason.
     */
    public long malformed(final int reason)
    {
        return malformed[-reason];
    }

    /**
     * @return answers dropped as malformed, every reason.
     */
    public long malformedTotal()
    {
        long total = 0;
        for (final long count : malformed)
        {
            total += count;
        }
        return total;
    }

    /**
     * @return well-formed answers of another session, dropped.
     */
    public long otherSession()
    {
        return otherSession;
    }

    /**
     * @return requests the socket refused.
     */
    public long sendErrors()
    {
        return sendErrors;
    }

    /**
     * @return socket errors while reading (e.g. the server's port closed).
     */
    public long receiveErrors()
    {
        return receiveErrors;
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            // closing: nothing left to do
        }
    }
}
