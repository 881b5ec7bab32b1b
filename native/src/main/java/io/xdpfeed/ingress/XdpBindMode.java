package io.xdpfeed.ingress;


import java.util.Locale;

/**
 * How an AF_XDP socket shares frames with the driver.
 */
public enum XdpBindMode
{
    /** Zero-copy when the driver offers it, else copy, saying why. */
    AUTO,
    /** The NIC DMAs into the UMEM: needs driver support; fails otherwise. */
    ZERO_COPY,
    /** The kernel copies each frame into the UMEM: works everywhere (veth, SKB mode). */
    COPY;

    /**
     * Parse {@code auto}, {@code zerocopy} or {@code copy}.
     *
     * @param value case-insensitive name.
     * @return the mode.
     */
    public static XdpBindMode parse(final String value)
    {
        return switch (value.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""))
        {
            case "auto" -> AUTO;
            case "zerocopy", "zc" -> ZERO_COPY;
            case "copy" -> COPY;
            default -> throw new IngressException("unknown XDP bind mode '" + value + "': use auto, zerocopy or copy");
        };
    }

    /**
     * Lower-case name for logs and configuration.
     *
     * @return e.g. {@code zerocopy}.
     */
    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT).replace("_", "");
    }
}
