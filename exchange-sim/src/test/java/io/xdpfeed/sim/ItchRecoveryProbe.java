package io.xdpfeed.sim;

import io.xdpfeed.codecs.itch.MoldUdp64HeaderDecoder;
import io.xdpfeed.codecs.itch.MoldUdp64HeaderEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A recovery client for {@link ItchLiveSendTest}, run in the lab's receiving namespace: one MoldUDP64 re-request
 * and one GLIMPSE snapshot from the simulator's servers on the exchange side, printed as lines the test compares.
 * Arguments: server address, re-request port, snapshot port, first sequence number, count.
 */
final class ItchRecoveryProbe
{
    private ItchRecoveryProbe()
    {
    }

    /**
     * @param args address, re-request port, snapshot port, first sequence number, count.
     * @throws Exception when a server does not answer (the test fails on the exit code).
     */
    public static void main(final String[] args) throws Exception
    {
        final String host = args[0];
        try (DatagramChannel channel = DatagramChannel.open())
        {
            channel.connect(new InetSocketAddress(host, Integer.parseInt(args[1])));
            final UnsafeBuffer request = new UnsafeBuffer(new byte[20]);
            new MoldUdp64HeaderEncoder().wrap(request, 0).session("XDPFEED001")
                .sequenceNumber(Long.parseLong(args[3])).messageCount(Integer.parseInt(args[4]));
            channel.write(ByteBuffer.wrap(request.byteArray()));
            final ByteBuffer answer = ByteBuffer.allocate(2048);
            channel.read(answer);
            final MoldUdp64HeaderDecoder header = new MoldUdp64HeaderDecoder()
                .wrap(new UnsafeBuffer(answer.array()), 0, 20, 0);
            System.out.println("resend " + header.sequenceNumber() + " " + header.messageCount() + " " +
                HexFormat.of().formatHex(answer.array(), 20, answer.position()));
        }
        try (Socket socket = new Socket(host, Integer.parseInt(args[2])))
        {
            final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(47);
            out.writeBytes("L" + "probe " + "password  " + " ".repeat(10) + " ".repeat(19) + "1");
            out.flush();
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            long messages = 0;
            while (true)
            {
                final byte[] packet = new byte[in.readUnsignedShort()];
                in.readFully(packet);
                if (packet[0] == 'S' && packet[1] == 'G')
                {
                    System.out.println("snapshot " + messages + " " +
                        new String(packet, 2, 20, StandardCharsets.US_ASCII).trim());
                    break;
                }
                messages += packet[0] == 'S' ? 1 : 0;
            }
            out.writeShort(1);
            out.writeByte('O');
            out.flush();
        }
    }
}
