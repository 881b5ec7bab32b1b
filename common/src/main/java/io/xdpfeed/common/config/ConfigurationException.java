package io.xdpfeed.common.config;

/**
 * A bad setting or configuration file: the message names the setting and what is wrong with it, so a program's main
 * can stop start-up with that one line.
 */
public class ConfigurationException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the setting.
     */
    public ConfigurationException(final String message)
    {
        super(message);
    }

    /**
     * @param message what is wrong, naming the setting.
     * @param cause   the underlying failure.
     */
    public ConfigurationException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
