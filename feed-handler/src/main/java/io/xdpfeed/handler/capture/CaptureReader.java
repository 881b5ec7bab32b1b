package io.xdpfeed.handler.capture;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Walks the records of a mapped capture file in place. After {@link #next()} returns {@link #RECORD}, the frame is
 * {@link #frameLength()} bytes at {@link #frameOffset()} of {@link #buffer()}.
 */
abstract class CaptureReader
{
    /** A record is ready. */
    static final int RECORD = 0;
    /** The end of the file was reached cleanly. */
    static final int END = 1;
    /** The file is cut short or corrupt from here on; see {@link #damage()}. */
    static final int DAMAGED = 2;

    /** LINKTYPE_ETHERNET. */
    static final int LINKTYPE_ETHERNET = 1;

    final UnsafeBuffer buffer;
    final int capacity;
    int position;
    int frameOffset;
    int frameLength;
    int originalLength;
    int linkType;
    long timestampNs;
    String damage;
    long damageOffset = -1;

    CaptureReader(final UnsafeBuffer buffer)
    {
        this.buffer = buffer;
        this.capacity = buffer.capacity();
    }

    /**
     * Advance to the next packet record.
     *
     * @return {@link #RECORD}, {@link #END} or {@link #DAMAGED}.
     */
    abstract int next();

    /**
     * @return the format's short name, {@code pcap} or {@code pcapng}.
     */
    abstract String format();

    /**
     * Go back to the first record.
     */
    abstract void rewind();

    final int damaged(final String what, final long offset)
    {
        damage = what + " at byte offset " + offset;
        damageOffset = offset;
        position = capacity;
        return DAMAGED;
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    int frameOffset()
    {
        return frameOffset;
    }

    int frameLength()
    {
        return frameLength;
    }

    int originalLength()
    {
        return originalLength;
    }

    int linkType()
    {
        return linkType;
    }

    long timestampNs()
    {
        return timestampNs;
    }

    String damage()
    {
        return damage;
    }

    long damageOffset()
    {
        return damageOffset;
    }
}
