package io.xdpfeed.sim.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.sim.send.UdpSender;
import io.xdpfeed.sim.wire.DatagramSink;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * What runs around an ITCH session besides its capture: the live sender ({@code --send}, kernel UDP from 10.77.0.1,
 * paced by {@link ItchLiveSink}) and the recovery servers ({@link MoldUdp64RetransmissionServer},
 * {@link GlimpseSnapshotServer}), up while the session is generated and sent and for {@code --serve-seconds}
 * after it (0: until the process is killed).
 */
final class ItchRecoveryServers implements AutoCloseable
{
    /** Largest re-request answer: a MoldUDP64 packet of the session's own size. */
    static final int MAX_ANSWER = ItchPacketWriter.MAX_PACKET;
    /** SoupBinTCP's server heartbeat interval. */
    static final long HEARTBEAT_MS = 1_000;

    /**
     * The command line's choices.
     */
    static final class Options
    {
        boolean send;
        long rate;
        int ttl = 1;
        InetSocketAddress retransmit;
        long window;
        InetSocketAddress snapshot;
        String snapshotUsername;
        String snapshotPassword;
        long snapshotAt;
        long serveSeconds;

        boolean serving()
        {
            return retransmit != null || snapshot != null;
        }
    }

    private final Options options;
    private final ItchMessageLog log;
    private final UdpSender sender;
    private final ItchLiveSink live;
    private final MoldUdp64RetransmissionServer retransmission;
    private final GlimpseSnapshotServer snapshot;

    ItchRecoveryServers(
        final Options options, final ItchSession.Settings settings, final ItchMessageLog log, final PrintStream err)
    {
        this.options = options;
        this.log = log;
        sender = options.send ? new UdpSender(settings.channel(), options.ttl) : null;
        live = sender != null ? new ItchLiveSink(sender, options.rate, log) : null;
        MoldUdp64RetransmissionServer resend = null;
        try
        {
            resend = options.retransmit == null ? null : new MoldUdp64RetransmissionServer(options.retransmit,
                ItchSession.SESSION, log, MAX_ANSWER, options.window);
            snapshot = options.snapshot == null ? null : new GlimpseSnapshotServer(options.snapshot,
                ItchSession.SESSION, log, point(), HEARTBEAT_MS, 0);
            if (snapshot != null && options.snapshotUsername != null)
            {
                snapshot.account(options.snapshotUsername, options.snapshotPassword);
            }
        }
        catch (final RuntimeException ex)
        {
            if (resend != null)
            {
                resend.close();
            }
            if (sender != null)
            {
                sender.close();
            }
            throw ex;
        }
        retransmission = resend;
    }

    /**
     * @return the re-request server's address with the port it bound, or null when none runs.
     */
    InetSocketAddress retransmitBound()
    {
        return retransmission == null ? null :
            new InetSocketAddress(options.retransmit.getHostString(), retransmission.port());
    }

    /**
     * @return the snapshot server's address with the port it bound, or null when none runs.
     */
    InetSocketAddress snapshotBound()
    {
        return snapshot == null ? null : new InetSocketAddress(options.snapshot.getHostString(), snapshot.port());
    }

    /**
     * The servers' lines of {@code --config-out}, after the channel's ({@link ItchConfigOut}): the keys of the
     * engine's ITCH configuration, {@code CHANNEL@ADDRESS:PORT} with the port each server bound.
     *
     * @param channelId the channel.
     * @return the properties text (empty when no server runs).
     */
    String properties(final int channelId)
    {
        final StringBuilder text = new StringBuilder();
        final InetSocketAddress retransmit = retransmitBound();
        final InetSocketAddress glimpse = snapshotBound();
        if (retransmit != null)
        {
            text.append("xdpfeed.itch.retransmission=").append(channelId).append('@')
                .append(retransmit.getHostString()).append(':').append(retransmit.getPort()).append('\n');
        }
        if (glimpse != null)
        {
            text.append("xdpfeed.itch.snapshot=").append(channelId).append('@')
                .append(glimpse.getHostString()).append(':').append(glimpse.getPort()).append('\n');
            if (options.snapshotUsername != null)
            {
                text.append("xdpfeed.itch.snapshot.username=").append(options.snapshotUsername).append('\n')
                    .append("xdpfeed.itch.snapshot.password=").append(options.snapshotPassword).append('\n');
            }
        }
        return text.toString();
    }

    private LongSupplier point()
    {
        if (live != null)
        {
            return live::nextSequence;
        }
        return () -> options.snapshotAt > 0 ? Math.min(options.snapshotAt, log.messageCount() + 1) :
            log.messageCount() + 1;
    }

    /**
     * Generate the session into the sinks and, with {@code --send}, onto the network.
     *
     * @param session to run.
     * @param sinks   the capture, if any.
     * @return the truth at the end.
     */
    ItchTruth run(final ItchSession session, final DatagramSink... sinks)
    {
        if (live == null)
        {
            return session.run(sinks);
        }
        final DatagramSink[] all = Arrays.copyOf(sinks, sinks.length + 1);
        all[sinks.length] = live;
        return session.run(all);
    }

    /**
     * Keep the servers up after the session: {@code --serve-seconds}, or until the process is killed.
     *
     * @param out   for the line saying where they serve.
     * @param quiet no line.
     */
    void serveAfter(final PrintStream out, final boolean quiet)
    {
        if (!options.serving())
        {
            return;
        }
        if (!quiet)
        {
            out.println("serving recovery" + (retransmission != null ? ": re-requests on udp " + options.retransmit +
                " (port " + retransmission.port() + ")" : "") + (snapshot != null ? ", snapshots on tcp " +
                options.snapshot + " (port " + snapshot.port() + ")" : "") + (options.serveSeconds > 0 ?
                " for " + options.serveSeconds + " s" : " until killed"));
            out.flush();
        }
        try
        {
            if (options.serveSeconds > 0)
            {
                Thread.sleep(options.serveSeconds * 1_000L);
            }
            else
            {
                Thread.sleep(Long.MAX_VALUE);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @return the sender's and the servers' counters, a line each (empty when none runs).
     */
    String summary()
    {
        final StringBuilder text = new StringBuilder();
        if (sender != null)
        {
            text.append("sent: ").append(sender.statistics()).append('\n');
        }
        if (retransmission != null)
        {
            text.append("re-requests: ").append(retransmission.requestsServed()).append(" served (")
                .append(retransmission.messagesResent()).append(" messages), ")
                .append(retransmission.requestsRefused()).append(" refused\n");
        }
        if (snapshot != null)
        {
            text.append("snapshots: ").append(snapshot.snapshotsServed()).append(" served, ")
                .append(snapshot.loginsRejected()).append(" logins rejected\n");
        }
        return text.toString();
    }

    @Override
    public void close()
    {
        if (retransmission != null)
        {
            retransmission.close();
        }
        if (snapshot != null)
        {
            snapshot.close();
        }
        if (sender != null)
        {
            sender.close();
        }
    }
}
