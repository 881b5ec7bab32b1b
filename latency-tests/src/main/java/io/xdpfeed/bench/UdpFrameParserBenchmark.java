package io.xdpfeed.bench;

import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.UdpFrameParser;
import io.xdpfeed.sim.config.ChannelConfig;
import io.xdpfeed.sim.wire.UdpFrameEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The cost of the UDP checksum where the handler parses frames itself (AF_XDP, capture replay): one op = one
 * Ethernet/IPv4/UDP frame through {@link UdpFrameParser#parseEthernet} to a handler that reads the payload's first
 * long, with {@code checksum} on (the default) or off, for a 200-byte and a 1,400-byte UDP payload (the frame is
 * 42 bytes more). The frame stays in L1: what is measured is the arithmetic, not the memory.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED" })
public class UdpFrameParserBenchmark
{
    /** UDP payload bytes. */
    @Param({ "200", "1400" })
    public int payloadBytes;

    /** Verify the UDP checksum. */
    @Param({ "true", "false" })
    public boolean checksum;

    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[2048]);
    private final Consumer consumer = new Consumer();
    private int frameLength;

    /** Reads the first long of each payload so that the parse cannot be optimised away. */
    static final class Consumer implements DatagramHandler
    {
        long sum;

        public void onDatagram(
            final int groupAddress, final int port, final DirectBuffer buffer, final int offset, final int length,
            final long receiveTimeNs)
        {
            sum += buffer.getLong(offset) + length;
        }
    }

    /**
     * One frame of random payload with a valid checksum, as the simulator writes it.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        final byte[] payload = new byte[payloadBytes];
        new SplittableRandom(payloadBytes).nextBytes(payload);
        final UdpFrameEncoder encoder = new UdpFrameEncoder(new byte[]{ 2, 0, 0, 0, 0, 1 },
            ChannelConfig.parseAddress("10.77.0.1"), 50000, ChannelConfig.parseAddress("239.77.0.1"), 30001, 8, true);
        frameLength = encoder.encode(frame, 0, new UnsafeBuffer(payload), 0, payload.length);
        if (UdpFrameParser.DELIVERED != UdpFrameParser.parseEthernet(frame, 0, frameLength, 0, consumer, true))
        {
            throw new IllegalStateException("the frame's checksum does not hold");
        }
    }

    /**
     * @return the parse result, {@link UdpFrameParser#DELIVERED}.
     */
    @Benchmark
    public int parse()
    {
        return UdpFrameParser.parseEthernet(frame, 0, frameLength, 0, consumer, checksum);
    }

    /**
     * @return the checksum verdict alone.
     */
    @Benchmark
    public boolean checksumOnly()
    {
        return UdpFrameParser.checksumHolds(frame, UdpFrameEncoder.ETHERNET_LENGTH,
            UdpFrameEncoder.ETHERNET_LENGTH + UdpFrameEncoder.IPV4_LENGTH, UdpFrameEncoder.UDP_LENGTH + payloadBytes);
    }
}
