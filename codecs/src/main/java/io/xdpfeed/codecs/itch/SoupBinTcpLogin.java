package io.xdpfeed.codecs.itch;

/**
 * The SoupBinTCP 3.00 Login Request's credentials: a username of up to {@link #USERNAME_LENGTH} and a password of up
 * to {@link #PASSWORD_LENGTH} characters, alphanumeric, sent padded on the right with spaces and compared without
 * regard to case. What the handler's configuration and the simulator's snapshot server both accept.
 */
public final class SoupBinTcpLogin
{
    /** Characters of the username field. */
    public static final int USERNAME_LENGTH = 6;
    /** Characters of the password field. */
    public static final int PASSWORD_LENGTH = 10;

    private SoupBinTcpLogin()
    {
    }

    /**
     * @param value  a username or a password.
     * @param length its field's length ({@link #USERNAME_LENGTH} or {@link #PASSWORD_LENGTH}).
     * @return null when the value fits the field, else what is wrong with it (one line, without the value).
     */
    public static String problem(final String value, final int length)
    {
        if (value.length() > length)
        {
            return "at most " + length + " characters";
        }
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'))
            {
                return "letters and digits only (SoupBinTCP alphanumeric)";
            }
        }
        return null;
    }
}
