package io.xdpfeed.ingress;

import java.util.Locale;

/**
 * Which {@link PacketSource} carries live traffic.
 */
public enum Transport
{
    /** AF_XDP through the XDP steering program; fails with the reason when it cannot be set up. */
    XDP,
    /** Kernel UDP sockets: works everywhere, slower. */
    UDP,
    /** AF_XDP when it can be set up, else kernel UDP, logging why. */
    AUTO;

    /**
     * Parse {@code xdp}, {@code udp} or {@code auto}.
     *
     * @param value case-insensitive name.
     * @return the transport.
     */
    public static Transport parse(final String value)
    {
        return switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "xdp" -> XDP;
            case "udp" -> UDP;
            case "auto" -> AUTO;
            default -> throw new IngressException("unknown transport '" + value + "': use xdp, udp or auto");
        };
    }

    /**
     * Lower-case name as in configuration and reports.
     *
     * @return e.g. {@code xdp}.
     */
    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
