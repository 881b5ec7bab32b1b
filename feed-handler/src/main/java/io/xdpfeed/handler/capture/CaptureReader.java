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

    /** LINKTYPE_ETHERNET. */
    static final int LINKTYPE_ETHERNET = 1;
    /** LINKTYPE_RAW: IPv4 or IPv6, no link header. */
    static final int LINKTYPE_RAW = 101;
    /** LINKTYPE_LINUX_SLL: Linux cooked header, what {@code tcpdump -i any} writes. */
    static final int LINKTYPE_LINUX_SLL = 113;
    /** LINKTYPE_IPV4: IPv4, no link header. */
    static final int LINKTYPE_IPV4 = 228;
    /** LINKTYPE_LINUX_SLL2: Linux cooked header v2, what {@code dumpcap -i any} and newer tcpdump write. */
    static final int LINKTYPE_LINUX_SLL2 = 276;

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

    /**
     * @param linkType a pcap LINKTYPE_ value.
     * @return true when frames of that link type are parsed.
     */
    static boolean supported(final int linkType)
    {
        return linkType == LINKTYPE_ETHERNET || linkType == LINKTYPE_RAW || linkType == LINKTYPE_LINUX_SLL ||
            linkType == LINKTYPE_IPV4 || linkType == LINKTYPE_LINUX_SLL2;
    }

    /**
     * @param what     which header names the link type, e.g. {@code pcap} or {@code pcapng interface 1}.
     * @param linkType the unsupported link type.
     * @return a one-line message naming it and what is read.
     */
    static String unsupported(final String what, final int linkType)
    {
        return what + " link type " + linkType + " is not supported: the replay reads Ethernet (1), raw IPv4 " +
            "(101, 228) and Linux cooked captures (113 SLL, 276 SLL2, as 'tcpdump -i any' writes them)";
    }

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
