package io.xdpfeed.handler.config;

/**
 * A configuration that cannot be used: the message names the bad value and what to do about it.
 * Thrown only at setup, never on the hot path.
 */
public class ConfigurationException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message naming the bad value and what to do.
     */
    public ConfigurationException(final String message)
    {
        super(message);
    }

    /**
     * @param message naming the bad value and what to do.
     * @param cause   the underlying failure.
     */
    public ConfigurationException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
