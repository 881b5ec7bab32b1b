package io.xdpfeed.sim.itch;

import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderEncoder;
import io.xdpfeed.common.config.ConfigurationException;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A MoldUDP64 re-request server: UDP unicast, one request in, one downstream packet out to the requester.
 * <p>
 * A request is the 20-byte MoldUDP64 header: session (10), sequence number of the first message wanted (uint64),
 * requested message count (uint16). The answer is a downstream packet of the session from that sequence number with
 * as many of the requested messages as fit {@code maxPayload} bytes, copied from the session's
 * {@link ItchMessageLog}. A request is refused (counted, not answered, as MoldUDP64 servers do) when it is not 20
 * bytes, names another session, asks for 0 messages or 0xFFFF, starts outside the log, or starts before the
 * retention window ({@code window} messages back from the log's end; 0 keeps the whole log): such a gap is too old
 * to re-request and needs a snapshot. One thread; {@link #close()} stops it.
 */
public final class MoldUdp64RetransmissionServer implements AutoCloseable
{
    private final DatagramChannel channel;
    private final String session;
    private final ItchMessageLog log;
    private final int maxPayload;
    private final long window;
    private final Thread thread;
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong messagesResent = new AtomicLong();

    /**
     * Bind and start serving.
     *
     * @param bind       address and port (port 0: an ephemeral one, see {@link #port()}).
     * @param session    the MoldUDP64 session (10 characters, space padded).
     * @param log        the session's messages.
     * @param maxPayload largest answer, bytes (a MoldUDP64 packet within one Ethernet frame: 1400).
     * @param window     messages kept for re-requests, back from the log's end (0: all).
     * @throws ConfigurationException when the address cannot be bound.
     */
    public MoldUdp64RetransmissionServer(
        final InetSocketAddress bind, final String session, final ItchMessageLog log, final int maxPayload,
        final long window)
    {
        this.session = session;
        this.log = log;
        this.maxPayload = maxPayload;
        this.window = window;
        try
        {
            channel = DatagramChannel.open();
            channel.bind(bind);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("retransmission server: cannot bind " + bind + ": " + ex.getMessage(),
                ex);
        }
        thread = new Thread(this::serve, "itch-retransmission");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve()
    {
        final ByteBuffer in = ByteBuffer.allocateDirect(2048);
        final ByteBuffer out = ByteBuffer.allocateDirect(maxPayload);
        final UnsafeBuffer request = new UnsafeBuffer(in);
        final UnsafeBuffer answer = new UnsafeBuffer(out);
        final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder();
        final MoldUdp64HeaderEncoder encoder = new MoldUdp64HeaderEncoder();
        while (channel.isOpen())
        {
            try
            {
                in.clear();
                final SocketAddress from = channel.receive(in);
                if (from == null)
                {
                    continue;
                }
                final int length = in.position();
                if (length != MoldUdp64HeaderDecoder.BLOCK_LENGTH)
                {
                    refused.incrementAndGet();
                    continue;
                }
                header.wrap(request, 0, MoldUdp64HeaderDecoder.BLOCK_LENGTH, 0);
                final long first = header.sequenceNumber();
                final int count = header.messageCount();
                final long end = log.messageCount();
                if (!session.equals(header.session()) || count == 0 || count == 0xFFFF || first < 1 || first > end ||
                    (window > 0 && first <= end - window))
                {
                    refused.incrementAndGet();
                    continue;
                }
                final int n = log.copyBlocks(first, count, maxPayload - MoldUdp64HeaderEncoder.BLOCK_LENGTH, answer,
                    MoldUdp64HeaderEncoder.BLOCK_LENGTH);
                encoder.wrap(answer, 0).session(session).sequenceNumber(first).messageCount(n);
                out.clear().limit(MoldUdp64HeaderEncoder.BLOCK_LENGTH + log.blocksLength(first, n));
                served.incrementAndGet();
                messagesResent.addAndGet(n);
                channel.send(out, from);
            }
            catch (final ClosedChannelException ex)
            {
                return;
            }
            catch (final IOException ex)
            {
                refused.incrementAndGet();
            }
        }
    }

    /**
     * @return the port bound.
     */
    public int port()
    {
        try
        {
            return ((InetSocketAddress)channel.getLocalAddress()).getPort();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    /**
     * @return requests answered.
     */
    public long requestsServed()
    {
        return served.get();
    }

    /**
     * @return requests refused (malformed, another session, outside the log or the window).
     */
    public long requestsRefused()
    {
        return refused.get();
    }

    /**
     * @return messages sent in answers.
     */
    public long messagesResent()
    {
        return messagesResent.get();
    }

    /**
     * Stop serving and release the port.
     */
    @Override
    public void close()
    {
        try
        {
            channel.close();
            thread.join(2_000);
        }
        catch (final IOException ex)
        {
            // closing: nothing left to do
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
