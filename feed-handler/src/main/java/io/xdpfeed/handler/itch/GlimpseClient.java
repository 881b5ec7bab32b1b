package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.EndOfSnapshotDecoder;
import io.xdpfeed.codecs.itch.SoupBinTcpHeaderDecoder;
import io.xdpfeed.codecs.itch.SoupBinTcpHeaderEncoder;
import io.xdpfeed.codecs.itch.SoupLoginAcceptedDecoder;
import io.xdpfeed.codecs.itch.SoupLoginRequestEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SocketChannel;
import java.util.Arrays;

/**
 * A non-blocking GLIMPSE 5.0 client over SoupBinTCP 3.00: connect, log in for sequence 1, hand every sequenced
 * ITCH message of the snapshot to a {@link SnapshotListener}, read the end-of-snapshot message 'G' (the MoldUDP64
 * sequence number of the first live message after the snapshot), log out.
 * <p>
 * Driven by {@link #poll(long)} with the caller's {@code nanoTime}: no call blocks, none throws. Server heartbeats
 * ('H') are counted; a client heartbeat ('R') goes out after {@code heartbeatIntervalNs} without sending; debug
 * packets ('+') are skipped; an unknown packet type or an empty sequenced packet is counted ({@link #malformed()})
 * and skipped, since the length prefix keeps the framing. Whatever stops the snapshot is one state,
 * {@link State#FAILED}, with its reason ({@link #failure()}): connect refused or timed out, login rejected, nothing
 * read for {@code readTimeoutNs}, the connection closed or the session ended before 'G', a packet longer than the
 * buffer or an unreadable login accepted / 'G', a socket error. Nothing is allocated per packet. One thread.
 */
public final class GlimpseClient implements AutoCloseable
{
    /**
     * Where the client is.
     */
    public enum State
    {
        /** Not started. */
        IDLE,
        /** TCP connect under way. */
        CONNECTING,
        /** Login request sent, waiting for login accepted. */
        LOGGING_IN,
        /** Logged in, reading the snapshot. */
        RECEIVING,
        /** 'G' read and logged out: {@link #endOfSnapshotSequence()} holds. */
        COMPLETE,
        /** Stopped; see {@link #failure()}. */
        FAILED
    }

    /**
     * Why the client failed.
     */
    public enum Failure
    {
        /** None. */
        NONE,
        /** The TCP connection could not be made. */
        CONNECT_FAILED,
        /** The TCP connection was not made within the connect timeout. */
        CONNECT_TIMEOUT,
        /** The server answered the login with Login Rejected. */
        LOGIN_REJECTED,
        /** Nothing read within the read timeout. */
        READ_TIMEOUT,
        /** The server closed the connection before 'G'. */
        CLOSED_EARLY,
        /** The server sent End of Session before 'G'. */
        END_OF_SESSION_EARLY,
        /** A packet that cannot be read: longer than the buffer, a login accepted or 'G' without its fields. */
        MALFORMED,
        /** A socket error. */
        IO_ERROR
    }

    /**
     * Receives the snapshot's ITCH messages, in order.
     */
    @FunctionalInterface
    public interface SnapshotListener
    {
        /**
         * @param buffer   holding the message (valid during the call).
         * @param offset   of its type byte.
         * @param length   of the message.
         * @param sequence its SoupBinTCP sequence number (1 for the first message of the snapshot).
         */
        void onMessage(DirectBuffer buffer, int offset, int length, long sequence);
    }

    private static final int HEADER = SoupBinTcpHeaderDecoder.BLOCK_LENGTH;

    private final SnapshotListener listener;
    private final long connectTimeoutNs;
    private final long readTimeoutNs;
    private final long heartbeatIntervalNs;
    private final ByteBuffer in;
    private final UnsafeBuffer inBuffer;
    private final ByteBuffer out = ByteBuffer.allocateDirect(256);
    private final UnsafeBuffer outBuffer = new UnsafeBuffer(out);
    private final SoupBinTcpHeaderDecoder header = new SoupBinTcpHeaderDecoder();
    private final SoupBinTcpHeaderEncoder headerEncoder = new SoupBinTcpHeaderEncoder();
    private final SoupLoginRequestEncoder login = new SoupLoginRequestEncoder();
    private final SoupLoginAcceptedDecoder accepted = new SoupLoginAcceptedDecoder();
    private final EndOfSnapshotDecoder endOfSnapshot = new EndOfSnapshotDecoder();
    private final byte[] username;
    private final byte[] password;
    private final byte[] session = new byte[10];

    private SocketChannel channel;
    private State state = State.IDLE;
    private Failure failure = Failure.NONE;
    private long startedNs;
    private long lastReadNs;
    private long lastSentNs;
    private long sequence;
    private long endOfSnapshotSequence;
    private long messages;
    private long heartbeatsReceived;
    private long heartbeatsSent;
    private long malformed;
    private long failures;

    /**
     * @param listener            gets every message of the snapshot.
     * @param username            SoupBinTCP username (up to 6 characters).
     * @param password            SoupBinTCP password (up to 10 characters).
     * @param connectTimeoutNs    longest TCP connect.
     * @param readTimeoutNs       longest time without reading anything once connected (SoupBinTCP: 15 s).
     * @param heartbeatIntervalNs a client heartbeat after this long without sending (SoupBinTCP: 1 s).
     * @param bufferBytes         receive buffer; bounds a packet's length (at least 1024).
     */
    public GlimpseClient(
        final SnapshotListener listener, final String username, final String password, final long connectTimeoutNs,
        final long readTimeoutNs, final long heartbeatIntervalNs, final int bufferBytes)
    {
        if (username.length() > 6 || password.length() > 10 || bufferBytes < 1024)
        {
            throw new IllegalArgumentException("username up to 6 characters, password up to 10, buffer >= 1024");
        }
        this.listener = listener;
        this.connectTimeoutNs = connectTimeoutNs;
        this.readTimeoutNs = readTimeoutNs;
        this.heartbeatIntervalNs = heartbeatIntervalNs;
        this.username = padRight(username, 6);
        this.password = padRight(password, 10);
        in = ByteBuffer.allocateDirect(bufferBytes);
        inBuffer = new UnsafeBuffer(in);
    }

    /**
     * Start connecting (a client is used for one snapshot; {@link #close()} then start again for another).
     *
     * @param server the GLIMPSE server.
     * @param nowNs  the caller's {@code nanoTime}.
     * @return the state: {@link State#CONNECTING}, or {@link State#FAILED} at once.
     */
    public State start(final InetSocketAddress server, final long nowNs)
    {
        close();
        state = State.CONNECTING;
        failure = Failure.NONE;
        startedNs = nowNs;
        lastReadNs = nowNs;
        sequence = 0;
        endOfSnapshotSequence = 0;
        in.clear();
        out.clear().limit(0);
        try
        {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(server))
            {
                sendLogin(nowNs);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            fail(Failure.CONNECT_FAILED);
        }
        return state;
    }

    /**
     * Make progress: finish the connect, send what waits, read and hand on the packets that arrived, heartbeat,
     * check the timeouts.
     *
     * @param nowNs the caller's {@code nanoTime}.
     * @return the state after it.
     */
    public State poll(final long nowNs)
    {
        try
        {
            switch (state)
            {
                case CONNECTING ->
                {
                    if (channel.finishConnect())
                    {
                        sendLogin(nowNs);
                    }
                    else if (nowNs - startedNs >= connectTimeoutNs)
                    {
                        fail(Failure.CONNECT_TIMEOUT);
                    }
                }
                case LOGGING_IN, RECEIVING ->
                {
                    flush(nowNs);
                    read(nowNs);
                    if (state == State.RECEIVING && out.remaining() == 0 && nowNs - lastSentNs >= heartbeatIntervalNs)
                    {
                        queue('R', 0);
                        heartbeatsSent++;
                        flush(nowNs);
                    }
                    if ((state == State.LOGGING_IN || state == State.RECEIVING) &&
                        nowNs - lastReadNs >= readTimeoutNs)
                    {
                        fail(Failure.READ_TIMEOUT);
                    }
                }
                default ->
                {
                    // IDLE, COMPLETE, FAILED: nothing to do
                }
            }
        }
        catch (final IOException ex)
        {
            fail(state == State.CONNECTING ? Failure.CONNECT_FAILED : Failure.IO_ERROR);
        }
        return state;
    }

    private void sendLogin(final long nowNs) throws IOException
    {
        state = State.LOGGING_IN;
        lastReadNs = nowNs;
        final int offset = queue('L', SoupLoginRequestEncoder.BLOCK_LENGTH);
        login.wrap(outBuffer, offset).putUsername(username, 0).putPassword(password, 0);
        for (int i = 0; i < 10; i++)
        {
            login.requestedSession(i, (byte)' ');
        }
        for (int i = 0; i < 19; i++)
        {
            login.requestedSequenceNumber(i, (byte)' ');
        }
        login.requestedSequenceNumber(19, (byte)'1');
        flush(nowNs);
    }

    /**
     * Append a packet's header to what is to be sent.
     *
     * @return the offset of its payload.
     */
    private int queue(final char type, final int payload)
    {
        final int start = out.limit();
        out.limit(start + HEADER + payload);
        headerEncoder.wrap(outBuffer, start).packetLength(1 + payload).packetType((byte)type);
        return start + HEADER;
    }

    private void flush(final long nowNs) throws IOException
    {
        if (out.remaining() > 0)
        {
            channel.write(out);
            lastSentNs = nowNs;
            if (out.remaining() == 0)
            {
                out.clear().limit(0);
            }
        }
    }

    private void read(final long nowNs) throws IOException
    {
        final int read = channel.read(in);
        if (read < 0)
        {
            fail(Failure.CLOSED_EARLY);
            return;
        }
        if (read > 0)
        {
            lastReadNs = nowNs;
        }
        int position = 0;
        final int end = in.position();
        while (end - position >= 2 && (state == State.LOGGING_IN || state == State.RECEIVING))
        {
            final int length = inBuffer.getShort(position, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (length + 2 > in.capacity())
            {
                fail(Failure.MALFORMED);
                return;
            }
            if (end - position < 2 + length)
            {
                break;
            }
            if (length == 0)
            {
                malformed++;
            }
            else
            {
                onPacket(position, length, nowNs);
            }
            position += 2 + length;
        }
        in.limit(end).position(position);
        in.compact();
    }

    private void onPacket(final int position, final int length, final long nowNs) throws IOException
    {
        header.wrap(inBuffer, position, HEADER, 0);
        final int payload = position + HEADER;
        final int payloadLength = length - 1;
        switch (header.packetType())
        {
            case 'A' ->
            {
                if (state != State.LOGGING_IN || payloadLength < SoupLoginAcceptedDecoder.BLOCK_LENGTH)
                {
                    fail(Failure.MALFORMED);
                    return;
                }
                accepted.wrap(inBuffer, payload, SoupLoginAcceptedDecoder.BLOCK_LENGTH, 0);
                accepted.getSession(session, 0);
                sequence = parseNumber(inBuffer, payload + SoupLoginAcceptedDecoder.sequenceNumberEncodingOffset(),
                    SoupLoginAcceptedDecoder.sequenceNumberLength());
                if (sequence < 0)
                {
                    fail(Failure.MALFORMED);
                    return;
                }
                state = State.RECEIVING;
            }
            case 'J' -> fail(Failure.LOGIN_REJECTED);
            case 'H' -> heartbeatsReceived++;
            case 'Z' -> fail(Failure.END_OF_SESSION_EARLY);
            case '+' ->
            {
                // debug text: nothing to do
            }
            case 'S' ->
            {
                if (state != State.RECEIVING || payloadLength < 1)
                {
                    malformed++;
                    return;
                }
                if (inBuffer.getByte(payload) == 'G')
                {
                    onEndOfSnapshot(payload, payloadLength, nowNs);
                    return;
                }
                messages++;
                listener.onMessage(inBuffer, payload, payloadLength, sequence++);
            }
            default -> malformed++;
        }
    }

    private void onEndOfSnapshot(final int payload, final int payloadLength, final long nowNs) throws IOException
    {
        if (payloadLength < EndOfSnapshotDecoder.BLOCK_LENGTH)
        {
            fail(Failure.MALFORMED);
            return;
        }
        endOfSnapshot.wrap(inBuffer, payload, EndOfSnapshotDecoder.BLOCK_LENGTH, 0);
        final long next = parseNumber(inBuffer, payload + EndOfSnapshotDecoder.sequenceNumberEncodingOffset(),
            EndOfSnapshotDecoder.sequenceNumberLength());
        if (next <= 0)
        {
            fail(Failure.MALFORMED);
            return;
        }
        endOfSnapshotSequence = next;
        sequence++;
        queue('O', 0);
        flush(nowNs);
        state = State.COMPLETE;
        closeChannel();
    }

    /**
     * An ASCII number, right justified and space padded on the left.
     *
     * @return its value, or -1 when it holds anything else (or nothing).
     */
    static long parseNumber(final DirectBuffer buffer, final int offset, final int length)
    {
        long value = 0;
        boolean digits = false;
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (b >= '0' && b <= '9')
            {
                if (value > (Long.MAX_VALUE - 9) / 10)
                {
                    return -1;
                }
                value = value * 10 + (b - '0');
                digits = true;
            }
            else if (b != ' ' || digits)
            {
                return -1;
            }
        }
        return digits ? value : -1;
    }

    private void fail(final Failure reason)
    {
        state = State.FAILED;
        failure = reason;
        failures++;
        closeChannel();
    }

    private void closeChannel()
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                // closing: nothing left to do
            }
            channel = null;
        }
    }

    /**
     * @return where the client is.
     */
    public State state()
    {
        return state;
    }

    /**
     * @return why it failed ({@link Failure#NONE} unless {@link State#FAILED}).
     */
    public Failure failure()
    {
        return failure;
    }

    /**
     * @return the MoldUDP64 sequence number of the first live message after the snapshot, once
     * {@link State#COMPLETE}; else 0.
     */
    public long endOfSnapshotSequence()
    {
        return endOfSnapshotSequence;
    }

    /**
     * @param index 0..9.
     * @return a byte of the session the server logged the client into (left padded with spaces).
     */
    public byte session(final int index)
    {
        return session[index];
    }

    /**
     * @return ITCH messages of the snapshot handed on.
     */
    public long messages()
    {
        return messages;
    }

    /**
     * @return server heartbeats read.
     */
    public long heartbeatsReceived()
    {
        return heartbeatsReceived;
    }

    /**
     * @return client heartbeats sent.
     */
    public long heartbeatsSent()
    {
        return heartbeatsSent;
    }

    /**
     * @return packets skipped: unknown type, empty, sequenced data before the login was accepted.
     */
    public long malformed()
    {
        return malformed;
    }

    /**
     * @return snapshots that failed since construction.
     */
    public long failures()
    {
        return failures;
    }

    /**
     * Close the connection (the state stays).
     */
    @Override
    public void close()
    {
        closeChannel();
    }

    private static byte[] padRight(final String text, final int length)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)' ');
        for (int i = 0; i < text.length(); i++)
        {
            bytes[i] = (byte)text.charAt(i);
        }
        return bytes;
    }
}
