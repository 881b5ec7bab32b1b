package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.itch.SoupBinTcpLogin;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.protocol.MessageSinks;
import io.xdpfeed.handler.protocol.PacketDecoder;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.handler.protocol.StreamRecovery;
import io.xdpfeed.handler.protocol.SyntheticPackets;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Properties;

/**
 * Nasdaq TotalView-ITCH 5.0 over MoldUDP64 as the engine's {@link Protocol}: each channel's decoder is an
 * {@link ItchPacketDecoder} (MoldUDP64 framing, the sequencer stepping by the message count, one
 * {@link ItchBookBuilder} applying the messages) whose changes an {@link ItchSinkListener} says in the sinks' terms.
 * <p>
 * The channel asks for two decoders over the same sinks (the live one and the queued replay's); both get the same
 * book builder, because ITCH's order store is the feed's, not an instrument's: there is one order book per channel,
 * whichever decoder runs. Capacities are the same for every channel: {@link #INSTANCE} has the defaults,
 * {@link #configure} takes {@code xdpfeed.itch.max.orders} and {@code xdpfeed.itch.max.instruments}.
 * <p>
 * Recovery: {@link #configure} reads the channels' MoldUDP64 re-request and GLIMPSE snapshot servers
 * ({@code xdpfeed.itch.retransmission}, {@code xdpfeed.itch.snapshot}) and the GLIMPSE login
 * ({@code xdpfeed.itch.snapshot.username}, {@code .password}) and how the re-requests are made
 * ({@link RetransmissionTuning}: {@code xdpfeed.itch.retransmission.requests}, {@code .messages}, {@code .timeout},
 * {@code .attempts}); a channel with a server gets an {@link ItchRecovery} ({@link #recovery}), which the engine's gap
 * fill drives.
 */
public final class ItchProtocol implements Protocol
{
    /** Most orders live at once per channel, by default. */
    public static final int DEFAULT_MAX_ORDERS = 65_536;
    /** Most instruments (stock locate codes in use) per channel, by default. */
    public static final int DEFAULT_MAX_INSTRUMENTS = 1024;
    /** Largest {@code xdpfeed.itch.max.orders}: the order store's limit ({@link ItchOrders}). */
    public static final int MAX_ORDERS_LIMIT = 1 << 24;
    /** Largest {@code xdpfeed.itch.max.instruments}: one book per stock locate code (2 bytes). */
    public static final int MAX_INSTRUMENTS_LIMIT = 1 << 16;

    /** The protocol with the default capacities (what {@code xdpfeed.protocol=itch} uses). */
    public static final ItchProtocol INSTANCE = new ItchProtocol(DEFAULT_MAX_ORDERS, DEFAULT_MAX_INSTRUMENTS);

    private static final MoldUdp64Framing FRAMING = new MoldUdp64Framing();

    private final int maxOrders;
    private final int maxInstruments;
    private final Map<Integer, String> retransmissionServers;
    private final Map<Integer, String> snapshotServers;
    private final String snapshotUsername;
    private final String snapshotPassword;
    private final RetransmissionTuning retransmissionTuning;
    private MessageSinks lastSinks;
    private ItchPacketDecoder lastDecoder;

    /**
     * @param maxOrders      most orders live at once per channel.
     * @param maxInstruments most instruments per channel.
     */
    public ItchProtocol(final int maxOrders, final int maxInstruments)
    {
        this(maxOrders, maxInstruments, Map.of(), Map.of(), "", "", RetransmissionTuning.DEFAULT);
    }

    /**
     * @param maxOrders             most orders live at once per channel.
     * @param maxInstruments        most instruments per channel.
     * @param retransmissionServers channel id -> MoldUDP64 re-request server {@code address:port}.
     * @param snapshotServers       channel id -> GLIMPSE server {@code address:port}.
     * @param snapshotUsername      of the GLIMPSE servers' SoupBinTCP login (up to 6 letters or digits, "" for none).
     * @param snapshotPassword      of that login (up to 10 letters or digits, "" for none).
     * @param retransmissionTuning  how the re-request servers are asked.
     */
    public ItchProtocol(
        final int maxOrders,
        final int maxInstruments,
        final Map<Integer, String> retransmissionServers,
        final Map<Integer, String> snapshotServers,
        final String snapshotUsername,
        final String snapshotPassword,
        final RetransmissionTuning retransmissionTuning)
    {
        this.maxOrders = maxOrders;
        this.maxInstruments = maxInstruments;
        this.retransmissionServers = Map.copyOf(retransmissionServers);
        this.snapshotServers = Map.copyOf(snapshotServers);
        this.snapshotUsername = snapshotUsername;
        this.snapshotPassword = snapshotPassword;
        this.retransmissionTuning = retransmissionTuning;
    }

    /**
     * The recovery servers of {@code xdpfeed.itch.retransmission} and {@code xdpfeed.itch.snapshot} (checked with
     * the lines, {@link PropertiesLineMap#itch}) and the GLIMPSE login; without a server, this protocol.
     *
     * @throws ConfigurationException naming the key: a login that SoupBinTCP cannot carry, a login without a
     *                                snapshot server, a re-request setting out of its range or without a re-request
     *                                server.
     */
    @Override
    public Protocol configure(final Properties properties)
    {
        final String username = login(properties, PropertiesLineMap.ITCH_SNAPSHOT_USERNAME_PROP_NAME,
            SoupBinTcpLogin.USERNAME_LENGTH);
        final String password = login(properties, PropertiesLineMap.ITCH_SNAPSHOT_PASSWORD_PROP_NAME,
            SoupBinTcpLogin.PASSWORD_LENGTH);
        if (!(username.isEmpty() && password.isEmpty()) &&
            isBlank(properties.getProperty(PropertiesLineMap.ITCH_SNAPSHOT_PROP_NAME)))
        {
            throw new ConfigurationException((username.isEmpty() ? PropertiesLineMap.ITCH_SNAPSHOT_PASSWORD_PROP_NAME :
                PropertiesLineMap.ITCH_SNAPSHOT_USERNAME_PROP_NAME) + " is set but " + PropertiesLineMap.ITCH_SNAPSHOT_PROP_NAME +
                " names no snapshot server to log in to");
        }
        final int orders = count(properties, PropertiesLineMap.ITCH_MAX_ORDERS_PROP_NAME, maxOrders, MAX_ORDERS_LIMIT);
        final int instruments = count(properties, PropertiesLineMap.ITCH_MAX_INSTRUMENTS_PROP_NAME, maxInstruments,
            MAX_INSTRUMENTS_LIMIT);
        final RetransmissionTuning tuning = RetransmissionTuning.from(properties);
        final String tuningKey = RetransmissionTuning.firstKeySet(properties);
        if (tuningKey != null && isBlank(properties.getProperty(PropertiesLineMap.ITCH_RETRANSMISSION_PROP_NAME)))
        {
            throw new ConfigurationException(tuningKey + " is set but " + PropertiesLineMap.ITCH_RETRANSMISSION_PROP_NAME +
                " names no re-request server");
        }
        if (isBlank(properties.getProperty(PropertiesLineMap.ITCH_RETRANSMISSION_PROP_NAME)) &&
            isBlank(properties.getProperty(PropertiesLineMap.ITCH_SNAPSHOT_PROP_NAME)))
        {
            return orders == maxOrders && instruments == maxInstruments ? this :
                new ItchProtocol(orders, instruments, retransmissionServers, snapshotServers, snapshotUsername,
                    snapshotPassword, retransmissionTuning);
        }
        final PropertiesLineMap.Result result = PropertiesLineMap.itch(properties);
        return new ItchProtocol(orders, instruments, result.retransmission(), result.snapshot(), username, password,
            tuning);
    }

    /**
     * @return {@code key}'s value without surrounding blanks, "" when it is not set.
     */
    static String value(final Properties properties, final String key)
    {
        return properties.getProperty(key, "").strip();
    }

    /**
     * @return {@code key}'s value, {@code defaultValue} when it is not set.
     * @throws ConfigurationException naming the key and the value when it is not an integer in 1..limit.
     */
    static int count(final Properties properties, final String key, final int defaultValue, final int limit)
    {
        final String value = value(properties, key);
        if (value.isEmpty())
        {
            return defaultValue;
        }
        final int count;
        try
        {
            count = Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigurationException(key + "=" + value + " is not an integer");
        }
        if (count < 1 || count > limit)
        {
            throw new ConfigurationException(key + "=" + value + ": must be 1.." + limit);
        }
        return count;
    }

    /**
     * @return most orders live at once per channel.
     */
    public int maxOrders()
    {
        return maxOrders;
    }

    /**
     * @return how the re-request servers are asked.
     */
    public RetransmissionTuning retransmissionTuning()
    {
        return retransmissionTuning;
    }

    /**
     * @return most instruments with a book per channel.
     */
    public int maxInstruments()
    {
        return maxInstruments;
    }

    /**
     * @return the key's value without surrounding blanks, "" when not set.
     * @throws ConfigurationException naming the key (never the value: a password) when SoupBinTCP cannot carry it.
     */
    private static String login(final Properties properties, final String key, final int length)
    {
        final String value = value(properties, key);
        final String problem = SoupBinTcpLogin.problem(value, length);
        if (problem != null)
        {
            throw new ConfigurationException(key + ": " + problem);
        }
        return value;
    }

    /**
     * An {@link ItchRecovery} for a channel with a re-request or a snapshot server, else null.
     *
     * @throws ConfigurationException naming the key when the re-request server's socket cannot be opened.
     */
    @Override
    public StreamRecovery recovery(final int channelId, final PacketDecoder decoder)
    {
        final String retransmission = retransmissionServers.get(channelId);
        final String snapshot = snapshotServers.get(channelId);
        if ((retransmission == null && snapshot == null) || !(decoder instanceof final ItchPacketDecoder itch))
        {
            return null;
        }
        try
        {
            return new ItchRecovery(itch, address(retransmission), address(snapshot), snapshotUsername,
                snapshotPassword, retransmissionTuning, SystemNanoClock.INSTANCE);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException(PropertiesLineMap.ITCH_RETRANSMISSION_PROP_NAME + ": channel " + channelId +
                " at " + retransmission + ": cannot open a UDP socket: " + ex.getMessage(), ex);
        }
    }

    /**
     * @return true when the protocol has a recovery server for some channel.
     */
    public boolean hasRecovery()
    {
        return !retransmissionServers.isEmpty() || !snapshotServers.isEmpty();
    }

    private static InetSocketAddress address(final String endpoint)
    {
        if (endpoint == null)
        {
            return null;
        }
        final int colon = endpoint.lastIndexOf(':');
        // an IPv4 literal (checked by PropertiesLineMap): no name lookup
        return new InetSocketAddress(endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
    }

    private static boolean isBlank(final String value)
    {
        return value == null || value.isBlank();
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public synchronized PacketDecoder decoder(final MessageSinks sinks)
    {
        if (sinks == lastSinks)
        {
            // the second decoder of the same channel: the same builder (one order store per channel); the channel
            // is then forgotten here
            final ItchPacketDecoder second = new ItchPacketDecoder(lastDecoder);
            lastSinks = null;
            lastDecoder = null;
            return second;
        }
        final ItchPacketDecoder decoder = new ItchPacketDecoder(sinks, maxOrders, maxInstruments);
        lastSinks = sinks;
        lastDecoder = decoder;
        return decoder;
    }

    /**
     * {@inheritDoc}
     */
    public boolean isFramed(final DirectBuffer buffer, final int offset, final int length)
    {
        return FRAMING.validate(buffer, offset, length) >= 0;
    }

    /**
     * Synthetic ITCH for the warm-up: {@link ItchWarmUpPackets} (system events, stock directory, trading actions,
     * then order flow of four instruments).
     */
    public SyntheticPackets warmUpPackets(final long seed)
    {
        return new ItchWarmUpPackets(seed);
    }
}
