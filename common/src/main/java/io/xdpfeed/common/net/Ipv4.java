package io.xdpfeed.common.net;

import io.xdpfeed.common.config.ConfigurationException;

/**
 * IPv4 addresses as ints in network order read big-endian (224.0.31.1 is {@code 0xE0001F01}), the form the ingress
 * hands datagrams over in and the simulator writes: dotted-quad parsing without a name lookup, formatting, and the
 * multicast test.
 * <p>
 * {@link #parse} reports a bad address as {@link #INVALID} rather than throwing, so that a caller outside the
 * configuration (the native ingress) throws its own exception; configuration readers (the handler's line map, the
 * simulator's channel) use {@link #configured(String)}.
 */
public final class Ipv4
{
    /** What {@link #parse} returns for text that is not a dotted-quad IPv4 address. */
    public static final long INVALID = -1;

    private Ipv4()
    {
    }

    /**
     * Parse a dotted-quad IPv4 address: four decimal octets 0..255, blanks around the whole allowed.
     *
     * @param dottedQuad e.g. {@code 224.0.31.1}.
     * @return the address read big-endian (0..2^32-1), or {@link #INVALID}.
     */
    public static long parse(final String dottedQuad)
    {
        final String[] parts = dottedQuad.trim().split("\\.", -1);
        if (parts.length != 4)
        {
            return INVALID;
        }
        long address = 0;
        for (final String part : parts)
        {
            final int octet;
            try
            {
                octet = Integer.parseInt(part);
            }
            catch (final NumberFormatException ex)
            {
                return INVALID;
            }
            if (octet < 0 || octet > 255)
            {
                return INVALID;
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    /**
     * Parse a dotted-quad IPv4 address given in a configuration.
     *
     * @param dottedQuad e.g. {@code 224.0.31.11}.
     * @return the address as an int read big-endian.
     * @throws ConfigurationException {@code not an IPv4 address: '<text>'}, when it is not one.
     */
    public static int configured(final String dottedQuad)
    {
        final long address = parse(dottedQuad);
        if (address == INVALID)
        {
            throw new ConfigurationException("not an IPv4 address: '" + dottedQuad + "'");
        }
        return (int)address;
    }

    /**
     * @param address IPv4 address as an int read big-endian.
     * @return dotted quad, e.g. {@code 224.0.31.1}.
     */
    public static String format(final int address)
    {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "." +
            (address & 0xFF);
    }

    /**
     * @param address IPv4 address as an int read big-endian.
     * @return {@code a.b.c.d:port}.
     */
    public static String format(final int address, final int port)
    {
        return format(address) + ":" + port;
    }

    /**
     * @param address IPv4 address as an int read big-endian.
     * @return true when it is a multicast group: 224.0.0.0/4.
     */
    public static boolean isMulticast(final int address)
    {
        return (address >>> 28) == 0xE;
    }
}
