package io.xdpfeed.bench.live;

import java.util.List;

/**
 * The feed handler did not start (e.g. AF_XDP could not be set up): its message and log tail.
 */
public final class HandlerStartException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    private final String reason;

    HandlerStartException(final String message, final String reason, final Throwable cause)
    {
        super(message, cause);
        this.reason = reason;
    }

    /**
     * @return why, in one line for a person: the handler's own error line, else the message of the exception it
     * died of, never a stack frame.
     */
    public String reason()
    {
        return reason;
    }

    /**
     * The one line that says why a handler did not start, from its output.
     *
     * @param log the handler's output.
     * @return its {@code feed-handler: ...} error line, else the message of the exception it died of, else the
     * last line that is not part of a stack trace, else "no output".
     */
    static String reason(final List<String> log)
    {
        String exception = null;
        String last = null;
        for (final String line : log)
        {
            final String text = line.strip();
            if (text.isEmpty() || text.startsWith("at ") || text.startsWith("... ") || line.startsWith("\t"))
            {
                continue;
            }
            if (text.startsWith("feed-handler: ") && !text.startsWith("feed-handler: channels"))
            {
                return text.substring("feed-handler: ".length());
            }
            if (exception == null && (text.startsWith("Exception in thread") || text.startsWith("Caused by: ")))
            {
                exception = exceptionMessage(text);
            }
            last = text;
        }
        return exception != null ? exception : last != null ? last : "no output";
    }

    /**
     * "Exception in thread "main" a.b.SomeException: the message" -> "the message" (or the simple class name
     * when there is no message).
     */
    private static String exceptionMessage(final String line)
    {
        final String thrown = line.replaceFirst("^(Exception in thread \"[^\"]*\"|Caused by:) ", "");
        final int colon = thrown.indexOf(": ");
        if (colon > 0)
        {
            return thrown.substring(colon + 2);
        }
        return thrown.substring(thrown.lastIndexOf('.') + 1);
    }
}
