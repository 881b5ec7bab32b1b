package io.xdpfeed.handler.capture;

/**
 * The pcap link types (LINKTYPE_ values, the header each frame of an interface starts with) the replay reads; a
 * capture of any other is refused.
 */
enum LinkType
{
    /** LINKTYPE_ETHERNET. */
    ETHERNET(1),
    /** LINKTYPE_RAW: IPv4 or IPv6, no link header. */
    RAW(101),
    /** LINKTYPE_LINUX_SLL: Linux cooked header, what {@code tcpdump -i any} writes. */
    LINUX_SLL(113),
    /** LINKTYPE_IPV4: IPv4, no link header. */
    IPV4(228),
    /** LINKTYPE_LINUX_SLL2: Linux cooked header v2, what {@code dumpcap -i any} and newer tcpdump write. */
    LINUX_SLL2(276);

    private static final LinkType[] VALUES = values();

    private final int code;

    LinkType(final int code)
    {
        this.code = code;
    }

    /**
     * @param code a pcap LINKTYPE_ value, as a file header or interface description gives it.
     * @return its link type, or null when frames of that link type are not parsed.
     */
    static LinkType of(final int code)
    {
        for (final LinkType type : VALUES)
        {
            if (type.code == code)
            {
                return type;
            }
        }
        return null;
    }

    /**
     * @param what which header names the link type, e.g. {@code pcap} or {@code pcapng interface 1}.
     * @param code the unsupported LINKTYPE_ value.
     * @return a one-line message naming it and what is read.
     */
    static String unsupported(final String what, final int code)
    {
        return what + " link type " + code + " is not supported: the replay reads Ethernet (1), raw IPv4 " +
            "(101, 228) and Linux cooked captures (113 SLL, 276 SLL2, as 'tcpdump -i any' writes them)";
    }
}
