package io.xdpfeed.ingress;

/**
 * A packet source could not be set up. The message is one line that says what went wrong and what to do, e.g.
 * {@code "AF_XDP needs CAP_NET_RAW (open the AF_XDP socket), not granted to this process: grant ..."}.
 * Never thrown on the receive path.
 */
public final class IngressException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * An ingress setup failure.
     *
     * @param message one line: what failed and what to do.
     */
    public IngressException(final String message)
    {
        super(message);
    }

    /**
     * An ingress setup failure with its cause.
     *
     * @param message one line: what failed and what to do.
     * @param cause   the underlying exception.
     */
    public IngressException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
