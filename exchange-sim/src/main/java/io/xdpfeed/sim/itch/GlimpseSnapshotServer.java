package io.xdpfeed.sim.itch;

import io.xdpfeed.codecs.itch.EndOfSnapshotEncoder;
import io.xdpfeed.codecs.itch.SoupBinTcpHeaderEncoder;
import io.xdpfeed.codecs.itch.SoupBinTcpLogin;
import io.xdpfeed.codecs.itch.SoupLoginAcceptedEncoder;
import io.xdpfeed.codecs.itch.SoupLoginRejectedEncoder;
import io.xdpfeed.codecs.itch.SoupLoginRequestDecoder;
import io.xdpfeed.common.config.ConfigurationException;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A GLIMPSE-style snapshot server over SoupBinTCP 3.00: one TCP connection per snapshot.
 * <p>
 * The client sends a Login Request ('L': username 6, password 10, requested session 10, requested sequence number
 * 20); any username and password are accepted unless an {@link #account} is set, then a login with another username
 * or password (compared without the padding, ignoring case, as SoupBinTCP's alphanumeric fields) is refused with
 * Login Rejected ('J', reason 'A', not authorized); a requested session that is neither blank nor this session is
 * refused with Login Rejected ('J', reason 'S'). Then: Login Accepted ('A': session, next
 * sequence number 1), one Sequenced Data packet ('S') per ITCH message of the snapshot at the sequence point the
 * {@code point} supplier gives when the client logs in ({@link GlimpseSnapshotBuilder}), and the GLIMPSE
 * end-of-snapshot message 'G' whose sequence number is that point: the first live MoldUDP64 message after the
 * snapshot. The server then waits for the client's Logout Request ('O'), sending a Server Heartbeat ('H') after
 * every {@code heartbeatMs} without sending; after 15 heartbeat intervals with nothing from the client it sends End
 * of Session ('Z') and closes. {@code delayMs} (tests) holds the snapshot back after the login, heartbeating.
 * One thread accepts; each connection has a thread of its own.
 */
public final class GlimpseSnapshotServer implements AutoCloseable
{
    private static final int IDLE_HEARTBEATS = 15;

    private final ServerSocket listener;
    private final String session;
    private final ItchMessageLog log;
    private final LongSupplier point;
    private final long heartbeatMs;
    private final long delayMs;
    private final Thread thread;
    private final AtomicLong snapshots = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private volatile String[] account;

    /**
     * Bind and start accepting.
     *
     * @param bind        address and port (port 0: an ephemeral one, see {@link #port()}).
     * @param session     the MoldUDP64 session the snapshot belongs to (10 characters).
     * @param log         the session's messages.
     * @param point       the sequence point of a snapshot taken now (messages before it are in the snapshot).
     * @param heartbeatMs server heartbeat interval (SoupBinTCP: 1000).
     * @param delayMs     time between the login and the snapshot (0; tests use it to see heartbeats).
     * @throws ConfigurationException when the address cannot be bound.
     */
    public GlimpseSnapshotServer(
        final InetSocketAddress bind, final String session, final ItchMessageLog log, final LongSupplier point,
        final long heartbeatMs, final long delayMs)
    {
        this.session = session;
        this.log = log;
        this.point = point;
        this.heartbeatMs = heartbeatMs;
        this.delayMs = delayMs;
        try
        {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(bind);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("snapshot server: cannot bind " + bind + ": " + ex.getMessage(), ex);
        }
        thread = new Thread(this::accept, "itch-glimpse");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Accept only this login from now on.
     *
     * @param username 1-6 letters or digits.
     * @param password up to 10 letters or digits.
     * @return this.
     */
    public GlimpseSnapshotServer account(final String username, final String password)
    {
        if (username.isEmpty() || SoupBinTcpLogin.problem(username, SoupBinTcpLogin.USERNAME_LENGTH) != null ||
            SoupBinTcpLogin.problem(password, SoupBinTcpLogin.PASSWORD_LENGTH) != null)
        {
            throw new IllegalArgumentException("SoupBinTCP login: a username of 1-6 letters or digits, a password " +
                "of up to 10");
        }
        account = new String[]{username.trim(), password.trim()};
        return this;
    }

    private void accept()
    {
        while (!listener.isClosed())
        {
            try
            {
                final Socket socket = listener.accept();
                final Thread connection = new Thread(() -> serve(socket), "itch-glimpse-client");
                connection.setDaemon(true);
                connection.start();
            }
            catch (final IOException ex)
            {
                if (listener.isClosed())
                {
                    return;
                }
            }
        }
    }

    private void reject(final OutputStream out, final char reason) throws IOException
    {
        // counted before the client can read the refusal
        rejected.incrementAndGet();
        final UnsafeBuffer reject = packet('J', SoupLoginRejectedEncoder.BLOCK_LENGTH);
        new SoupLoginRejectedEncoder().wrap(reject, SoupBinTcpHeaderEncoder.BLOCK_LENGTH)
            .rejectReasonCode((byte)reason);
        write(out, reject);
        out.flush();
    }

    private void serve(final Socket socket)
    {
        try (socket)
        {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int)Math.max(1, heartbeatMs));
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            final OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            final byte[] login = readLogin(in);
            if (login == null)
            {
                rejected.incrementAndGet();
                return;
            }
            final SoupLoginRequestDecoder request = new SoupLoginRequestDecoder();
            request.wrap(new UnsafeBuffer(login), 1, SoupLoginRequestDecoder.BLOCK_LENGTH, 0);
            final String requested = request.requestedSession().trim();
            final String[] account = this.account;
            if (account != null && (!request.username().trim().equalsIgnoreCase(account[0]) ||
                !request.password().trim().equalsIgnoreCase(account[1])))
            {
                reject(out, 'A');
                return;
            }
            if (!requested.isEmpty() && !requested.equals(session.trim()))
            {
                reject(out, 'S');
                return;
            }
            final UnsafeBuffer accepted = packet('A', SoupLoginAcceptedEncoder.BLOCK_LENGTH);
            new SoupLoginAcceptedEncoder().wrap(accepted, SoupBinTcpHeaderEncoder.BLOCK_LENGTH)
                .session(leftPadded(session, 10)).sequenceNumber(leftPadded("1", 20));
            write(out, accepted);
            out.flush();
            final long deadline = System.nanoTime() + delayMs * 1_000_000L;
            while (System.nanoTime() < deadline)
            {
                Thread.sleep(Math.min(heartbeatMs, Math.max(1, (deadline - System.nanoTime()) / 1_000_000L)));
                heartbeat(out);
            }
            final long snapshotPoint = point.getAsLong();
            final byte[] data = new byte[3 + 65_535];
            final UnsafeBuffer sequenced = new UnsafeBuffer(data);
            final IOException[] failure = new IOException[1];
            GlimpseSnapshotBuilder.at(log, snapshotPoint).write(session,
                (buffer, offset, length, index) -> sequenced(out, sequenced, buffer, offset, length, failure));
            if (failure[0] != null)
            {
                throw failure[0];
            }
            final UnsafeBuffer end = packet('S', EndOfSnapshotEncoder.BLOCK_LENGTH);
            new EndOfSnapshotEncoder().wrap(end, SoupBinTcpHeaderEncoder.BLOCK_LENGTH).messageType((byte)'G')
                .sequenceNumber(leftPadded(Long.toString(snapshotPoint), 20));
            // counted before the client can read the end (and apply the snapshot); taken back if it cannot be sent
            snapshots.incrementAndGet();
            try
            {
                write(out, end);
                out.flush();
            }
            catch (final IOException ex)
            {
                snapshots.decrementAndGet();
                throw ex;
            }
            awaitLogout(in, out);
        }
        catch (final IOException ex)
        {
            // the client went away: nothing to clean up beyond the socket
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return the login packet (type byte first), or null when the first packet is not a whole login request.
     */
    private byte[] readLogin(final DataInputStream in) throws IOException
    {
        final long deadline = System.nanoTime() + IDLE_HEARTBEATS * heartbeatMs * 1_000_000L;
        while (true)
        {
            try
            {
                final int length = in.readUnsignedShort();
                if (length != 1 + SoupLoginRequestDecoder.BLOCK_LENGTH)
                {
                    return null;
                }
                final byte[] login = new byte[length];
                in.readFully(login);
                return login[0] == 'L' ? login : null;
            }
            catch (final SocketTimeoutException ex)
            {
                if (System.nanoTime() > deadline)
                {
                    return null;
                }
            }
        }
    }

    private void awaitLogout(final DataInputStream in, final OutputStream out) throws IOException
    {
        int idle = 0;
        while (idle < IDLE_HEARTBEATS)
        {
            try
            {
                final int length = in.readUnsignedShort();
                final byte[] packet = new byte[length];
                in.readFully(packet);
                idle = 0;
                if (length > 0 && packet[0] == 'O')
                {
                    return;
                }
            }
            catch (final SocketTimeoutException ex)
            {
                idle++;
                heartbeat(out);
            }
        }
        write(out, packet('Z', 0));
        out.flush();
    }

    private void heartbeat(final OutputStream out) throws IOException
    {
        write(out, packet('H', 0));
        out.flush();
        heartbeats.incrementAndGet();
    }

    private static void sequenced(
        final OutputStream out, final UnsafeBuffer packet, final DirectBuffer buffer, final int offset,
        final int length, final IOException[] failure)
    {
        new SoupBinTcpHeaderEncoder().wrap(packet, 0).packetLength(1 + length).packetType((byte)'S');
        packet.putBytes(SoupBinTcpHeaderEncoder.BLOCK_LENGTH, buffer, offset, length);
        try
        {
            out.write(packet.byteArray(), 0, SoupBinTcpHeaderEncoder.BLOCK_LENGTH + length);
        }
        catch (final IOException ex)
        {
            failure[0] = ex;
        }
    }

    private static UnsafeBuffer packet(final char type, final int payload)
    {
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[SoupBinTcpHeaderEncoder.BLOCK_LENGTH + payload]);
        new SoupBinTcpHeaderEncoder().wrap(packet, 0).packetLength(1 + payload).packetType((byte)type);
        return packet;
    }

    private static void write(final OutputStream out, final UnsafeBuffer packet) throws IOException
    {
        out.write(packet.byteArray(), 0, packet.capacity());
    }

    private static String leftPadded(final String text, final int length)
    {
        return " ".repeat(Math.max(0, length - text.length())) + text;
    }

    /**
     * @return the port bound.
     */
    public int port()
    {
        return listener.getLocalPort();
    }

    /**
     * @return snapshots sent whole (up to and with the end-of-snapshot message).
     */
    public long snapshotsServed()
    {
        return snapshots.get();
    }

    /**
     * @return connections refused (no login request, another session).
     */
    public long loginsRejected()
    {
        return rejected.get();
    }

    /**
     * @return server heartbeats sent.
     */
    public long heartbeatsSent()
    {
        return heartbeats.get();
    }

    /**
     * Stop accepting; connections being served finish on their own threads.
     */
    @Override
    public void close()
    {
        try
        {
            listener.close();
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
