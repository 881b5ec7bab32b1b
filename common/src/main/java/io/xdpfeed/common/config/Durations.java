package io.xdpfeed.common.config;

/**
 * A duration setting: a number with an optional unit (ns, us, ms, s), as the handler's gap wait, intervals and
 * timeouts take it.
 */
public final class Durations
{
    private Durations()
    {
    }

    /**
     * Parse a duration with an optional unit: {@code 500us}, {@code 2ms}, {@code 1s}, or plain ns.
     *
     * @param key   for the message.
     * @param value to parse.
     * @return ns.
     * @throws ConfigurationException naming key and value.
     */
    public static long parseNs(final String key, final String value)
    {
        final String text = value.trim().toLowerCase();
        final long multiplier;
        final String number;
        if (text.endsWith("ns"))
        {
            multiplier = 1;
            number = text.substring(0, text.length() - 2);
        }
        else if (text.endsWith("us"))
        {
            multiplier = 1_000;
            number = text.substring(0, text.length() - 2);
        }
        else if (text.endsWith("ms"))
        {
            multiplier = 1_000_000;
            number = text.substring(0, text.length() - 2);
        }
        else if (text.endsWith("s"))
        {
            multiplier = 1_000_000_000;
            number = text.substring(0, text.length() - 1);
        }
        else
        {
            multiplier = 1;
            number = text;
        }
        try
        {
            final long amount = Long.parseLong(number.trim());
            if (amount < 0)
            {
                throw new ConfigurationException(key + "=" + value + " is negative: give a duration like 2ms");
            }
            return Math.multiplyExact(amount, multiplier);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new ConfigurationException(key + "=" + value + " is not a duration: use e.g. 500us, 2ms, 1s");
        }
    }
}
