package io.xdpfeed.ingress;

import io.xdpfeed.nativeio.LibXdp;

import java.util.Locale;

/**
 * Where the XDP program runs.
 */
public enum XdpAttachMode
{
    /** Native when the driver supports it, else SKB, saying why. */
    AUTO(LibXdp.XDP_MODE_UNSPEC),
    /** In the driver, before an skb exists: the fast path. */
    NATIVE(LibXdp.XDP_MODE_NATIVE),
    /** Generic XDP after the skb is built: works on every interface, slower. */
    SKB(LibXdp.XDP_MODE_SKB);

    private final int libxdpMode;

    XdpAttachMode(final int libxdpMode)
    {
        this.libxdpMode = libxdpMode;
    }

    /**
     * The {@code enum xdp_attach_mode} value.
     *
     * @return the libxdp mode.
     */
    public int libxdpMode()
    {
        return libxdpMode;
    }

    /**
     * Parse {@code auto}, {@code native} or {@code skb} (also {@code drv} for native).
     *
     * @param value case-insensitive name.
     * @return the mode.
     */
    public static XdpAttachMode parse(final String value)
    {
        return switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "auto" -> AUTO;
            case "native", "drv" -> NATIVE;
            case "skb", "generic" -> SKB;
            default -> throw new IngressException("unknown XDP attach mode '" + value + "': use auto, native or skb");
        };
    }

    /**
     * The mode of a libxdp constant.
     *
     * @param libxdpMode {@code enum xdp_attach_mode}.
     * @return the mode, {@link #AUTO} for anything else.
     */
    public static XdpAttachMode ofLibxdpMode(final int libxdpMode)
    {
        return switch (libxdpMode)
        {
            case LibXdp.XDP_MODE_NATIVE -> NATIVE;
            case LibXdp.XDP_MODE_SKB -> SKB;
            default -> AUTO;
        };
    }

    /**
     * Lower-case name for logs and configuration.
     *
     * @return e.g. {@code native}.
     */
    @Override
    public String toString()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
