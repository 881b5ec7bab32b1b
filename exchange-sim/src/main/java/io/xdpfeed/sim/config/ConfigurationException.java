package io.xdpfeed.sim.config;

/**
 * A simulator setting is invalid or cannot be honoured; the message names the setting, the bad value and what to do.
 */
public final class ConfigurationException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * New exception.
     *
     * @param message naming the setting, the bad value and what to do.
     */
    public ConfigurationException(final String message)
    {
        super(message);
    }

    /**
     * New exception with a cause.
     *
     * @param message naming the setting, the bad value and what to do.
     * @param cause   the underlying failure.
     */
    public ConfigurationException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
