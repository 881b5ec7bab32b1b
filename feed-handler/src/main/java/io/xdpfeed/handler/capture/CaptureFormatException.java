package io.xdpfeed.handler.capture;

/**
 * A file that is not a capture this handler reads, with the byte offset where that was found. Thrown only when
 * a capture is opened, never while its records are read (damage there is reported by
 * {@link PcapPacketSource#damage()}).
 */
public class CaptureFormatException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final long offset;

    /**
     * @param message what is wrong and what to do.
     * @param offset  byte offset in the file where it was found.
     */
    public CaptureFormatException(final String message, final long offset)
    {
        super(message + " (at byte offset " + offset + ")");
        this.offset = offset;
    }

    /**
     * @return byte offset in the file where the problem was found.
     */
    public long offset()
    {
        return offset;
    }
}
