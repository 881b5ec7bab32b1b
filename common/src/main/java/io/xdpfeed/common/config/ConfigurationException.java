package io.xdpfeed.common.config;

/**
 * A bad setting or configuration file: the message names the setting and what is wrong with it, so a program's main
 * can stop start-up with that one line. Thrown only at setup, never on the hot path. The message is always one line: a
 * value quoted from the file (by this project or by the XML parser) has its control characters escaped, so a value
 * holding a line break cannot split the one-line error into several or write to the terminal.
 */
public class ConfigurationException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong, naming the setting.
     */
    public ConfigurationException(final String message)
    {
        super(oneLine(message));
    }

    /**
     * @param message what is wrong, naming the setting.
     * @param cause   the underlying failure.
     */
    public ConfigurationException(final String message, final Throwable cause)
    {
        super(oneLine(message), cause);
    }

    /**
     * @param message any text, or null.
     * @return the text with line breaks, tabs and other control characters written as Java escapes ({@code \n},
     * {@code \t}, {@code \u001b}), or null.
     */
    static String oneLine(final String message)
    {
        if (message == null)
        {
            return null;
        }
        StringBuilder escaped = null;
        for (int i = 0; i < message.length(); i++)
        {
            final char c = message.charAt(i);
            final boolean control = c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029' || c == '\u0085';
            if (control && escaped == null)
            {
                escaped = new StringBuilder(message.length() + 16).append(message, 0, i);
            }
            if (escaped != null)
            {
                if (!control)
                {
                    escaped.append(c);
                }
                else if (c == '\n')
                {
                    escaped.append("\\n");
                }
                else if (c == '\r')
                {
                    escaped.append("\\r");
                }
                else if (c == '\t')
                {
                    escaped.append("\\t");
                }
                else
                {
                    escaped.append(String.format("\\u%04x", (int)c));
                }
            }
        }
        return escaped == null ? message : escaped.toString();
    }
}
