package io.xdpfeed.sim.send;

import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.wire.DatagramSink;
import org.agrona.DirectBuffer;

/**
 * Hands every datagram to an ingress {@link DatagramHandler} with its group address and port, as a packet source
 * would: lets a feed handler's pipeline consume a simulation in memory, without a capture file.
 *
 * @param channel whose addresses are passed on.
 * @param handler receiving each datagram; receiveTimeNs is the datagram's send time (ns since the epoch).
 */
public record HandlerSink(ChannelConfig channel, DatagramHandler handler) implements DatagramSink
{
    @Override
    public void onDatagram(
        final SimLine line, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
    {
        handler.onDatagram(channel.groupAddress(line), channel.port(line), buffer, offset, length, timeNs);
    }
}
