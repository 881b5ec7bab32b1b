package io.xdpfeed.handler.capture;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Walks the records of a mapped capture file in place. After {@link #next()} returns {@link Step#RECORD}, the frame
 * is {@link #frameLength()} bytes at {@link #frameOffset()} of {@link #buffer()}.
 */
abstract class CaptureReader
{
    /**
     * What a step through the file found.
     */
    enum Step
    {
        /** A record is ready. */
        RECORD,
        /** The end of the file was reached cleanly. */
        END,
        /** The file is cut short or corrupt from here on; see {@link #damage()}. */
        DAMAGED,
        /** The file uses a link type the handler cannot read, from here on; see {@link #damage()}. */
        REFUSED
    }

    final UnsafeBuffer buffer;
    final int capacity;
    int position;
    int frameOffset;
    int frameLength;
    int originalLength;
    LinkType linkType;
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
     * @return {@link Step#RECORD}, {@link Step#END}, {@link Step#DAMAGED} or {@link Step#REFUSED}.
     */
    abstract Step next();

    /**
     * @return the format's short name, {@code pcap} or {@code pcapng}.
     */
    abstract String format();

    /**
     * Go back to the first record.
     */
    abstract void rewind();

    final Step refused(final String what, final long offset)
    {
        damage = what + " at byte offset " + offset;
        damageOffset = offset;
        position = capacity;
        return Step.REFUSED;
    }

    final Step damaged(final String what, final long offset)
    {
        damage = what + " at byte offset " + offset;
        damageOffset = offset;
        position = capacity;
        return Step.DAMAGED;
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

    LinkType linkType()
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
