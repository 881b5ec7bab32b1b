package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.wire.DatagramSink;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a copy of every datagram, in send order.
 */
final class RecordingSink implements DatagramSink
{
    final List<Datagram> datagrams = new ArrayList<>();

    @Override
    public void onDatagram(
        final SimLine line, final DirectBuffer buffer, final int offset, final int length, final long timeNs)
    {
        final byte[] payload = new byte[length];
        buffer.getBytes(offset, payload);
        datagrams.add(new Datagram(line, payload, timeNs));
    }

    static List<Datagram> record(final SimulatorConfig config, final SimulationResult[] result)
    {
        final RecordingSink sink = new RecordingSink();
        result[0] = new ExchangeSimulator(config).run(sink);
        return sink.datagrams;
    }
}
