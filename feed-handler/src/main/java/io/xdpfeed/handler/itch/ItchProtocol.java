package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.protocol.MessageSinks;
import io.xdpfeed.handler.protocol.PacketDecoder;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.handler.protocol.SyntheticPackets;

/**
 * Nasdaq TotalView-ITCH 5.0 over MoldUDP64 as the engine's {@link Protocol}: each channel's decoder is an
 * {@link ItchPacketDecoder} (MoldUDP64 framing, the sequencer stepping by the message count, one
 * {@link ItchBookBuilder} applying the messages) whose changes an {@link ItchSinkListener} says in the sinks' terms.
 * <p>
 * The channel asks for two decoders over the same sinks (the live one and the queued replay's); both get the same
 * book builder, because ITCH's order store is the feed's, not an instrument's: there is one order book per channel,
 * whichever decoder runs. Capacities are fixed here, for every channel: {@link #INSTANCE} has the defaults.
 */
public final class ItchProtocol implements Protocol
{
    /** Most orders live at once per channel, by default. */
    public static final int DEFAULT_MAX_ORDERS = 65_536;
    /** Most instruments (stock locate codes in use) per channel, by default. */
    public static final int DEFAULT_MAX_INSTRUMENTS = 1024;

    /** The protocol with the default capacities (what {@code xdpfeed.protocol=itch} uses). */
    public static final ItchProtocol INSTANCE = new ItchProtocol(DEFAULT_MAX_ORDERS, DEFAULT_MAX_INSTRUMENTS);

    private final int maxOrders;
    private final int maxInstruments;
    private MessageSinks lastSinks;
    private ItchPacketDecoder lastDecoder;

    /**
     * @param maxOrders      most orders live at once per channel.
     * @param maxInstruments most instruments per channel.
     */
    public ItchProtocol(final int maxOrders, final int maxInstruments)
    {
        this.maxOrders = maxOrders;
        this.maxInstruments = maxInstruments;
    }

    /**
     * {@inheritDoc}
     */
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
     * Synthetic ITCH for the warm-up: {@link ItchWarmUpPackets} (system events, stock directory, trading actions,
     * then order flow of four instruments).
     */
    public SyntheticPackets warmUpPackets(final long seed)
    {
        return new ItchWarmUpPackets(seed);
    }
}
