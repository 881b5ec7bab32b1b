package io.xdpfeed.cli;

/**
 * A command line that cannot be used: an unknown option, a missing value, a value that is not a number or is out of
 * range. The message is one line naming the option and the bad value; a main program prints it and exits with
 * {@link CommandLine#EXIT_USAGE}. An {@link IllegalArgumentException}, so that mains which already catch those for
 * their usage errors need no second catch.
 */
public final class UsageException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the option and the bad value.
     */
    public UsageException(final String message)
    {
        super(message);
    }
}
