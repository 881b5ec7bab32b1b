package io.xdpfeed.handler.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The link state of a network interface, read from {@code /sys/class/net/IF/operstate} (RFC 2863 operational
 * state). Down means {@code down}, {@code lowerlayerdown}, {@code notpresent}, or the interface is gone; every other
 * state ({@code up}, and {@code unknown} as loopback and some virtual devices report) counts as up. The conductor
 * reads it once a second: a file open and read, never on the receive thread's path.
 */
public final class LinkState
{
    private final Path path;
    private final ByteBuffer buffer = ByteBuffer.allocate(32);

    /**
     * @param interfaceName e.g. {@code eth0}.
     */
    public LinkState(final String interfaceName)
    {
        this(Path.of("/sys/class/net", interfaceName, "operstate"));
    }

    /**
     * @param operstate the file holding the state.
     */
    public LinkState(final Path operstate)
    {
        this.path = operstate;
    }

    /**
     * @return true when the link is down or the interface is gone.
     */
    public boolean isDown()
    {
        final String state = read();
        return state == null || "down".equals(state) || "lowerlayerdown".equals(state) || "notpresent".equals(state);
    }

    /**
     * @return the state word, or null when it cannot be read.
     */
    public String read()
    {
        buffer.clear();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            while (buffer.hasRemaining() && channel.read(buffer) > 0)
            {
                // read the whole (short) word
            }
        }
        catch (final IOException ex)
        {
            return null;
        }
        buffer.flip();
        return StandardCharsets.US_ASCII.decode(buffer).toString().trim();
    }

    /**
     * @return the file read.
     */
    public Path path()
    {
        return path;
    }
}
