package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.capture.PcapPacketSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real Nasdaq sample captures of {@code codecs}' tests and the independent reading of their fields
 * ({@code expected-fields.txt}, one line per message: {@code type|name=value|...}): for tests of what the book
 * builder tells about one kind of message.
 */
final class ItchSamples
{
    private static final Path SAMPLES = Path.of("..", "codecs", "src", "test", "resources", "itch");

    private ItchSamples()
    {
    }

    /**
     * @param capture the capture's path under the samples, e.g. {@code v5.0.20230822/CrossTrade.pcap}.
     * @param type    the message type.
     * @return the expected-fields lines of that capture's messages of that type, in capture order.
     */
    static List<String> expectedLines(final String capture, final char type)
    {
        final List<String> lines = new ArrayList<>();
        boolean inFile = false;
        try
        {
            for (final String line : Files.readAllLines(SAMPLES.resolve("expected-fields.txt")))
            {
                if (line.startsWith("== "))
                {
                    inFile = line.equals("== " + capture);
                }
                else if (inFile && line.startsWith(type + "|"))
                {
                    lines.add(line);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return lines;
    }

    /**
     * @param line an expected-fields line.
     * @param name a field's name.
     * @return its value as written (not trimmed).
     */
    static String field(final String line, final String name)
    {
        for (final String part : line.split("\\|"))
        {
            if (part.startsWith(name + "="))
            {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException(name + " not in " + line);
    }

    /**
     * Every message of the capture, framed and handed to the builder one by one (sequence 0: no sequencing).
     *
     * @param capture the capture's path under the samples.
     * @param builder told each message.
     */
    static void apply(final String capture, final ItchBookBuilder builder)
    {
        final MoldUdp64Framing framing = new MoldUdp64Framing();
        try (PcapPacketSource source = PcapPacketSource.open(SAMPLES.resolve(capture)))
        {
            while (!source.isEnd())
            {
                source.poll((group, port, buffer, offset, length, receiveTimeNs) ->
                {
                    final int count = framing.validate(buffer, offset, length);
                    int position = offset + MoldUdp64Framing.HEADER_LENGTH;
                    for (int i = 0; i < count; i++)
                    {
                        final int messageLength = framing.messageLength(buffer, position);
                        builder.onMessage(buffer, position + MoldUdp64Framing.BLOCK_HEADER_LENGTH, messageLength, 0);
                        position += MoldUdp64Framing.BLOCK_HEADER_LENGTH + messageLength;
                    }
                }, 16);
            }
        }
    }
}
