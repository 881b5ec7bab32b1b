package io.xdpfeed.common.config;

/**
 * A duration setting: digits and an optional unit (ns, us, ms, s, m, h, d), as the handler's gap wait, intervals,
 * timeouts and the archive's purge age take it.
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
        return parseNs(key, value, "500us, 2ms, 1s");
    }

    /**
     * Parse a duration: digits and a unit, {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h},
     * {@code d}, or none for ns.
     *
     * @param key      for the message.
     * @param value    to parse.
     * @param examples of the key's values, for the message (e.g. {@code "24h, 90m, 30s"}).
     * @return ns.
     * @throws ConfigurationException naming key and value: not digits and a unit, negative, or more than a long.
     */
    public static long parseNs(final String key, final String value, final String examples)
    {
        final String text = value.trim().toLowerCase();
        if (text.startsWith("-"))
        {
            throw new ConfigurationException(key + "=" + value + " is negative: give a duration like 2ms");
        }
        int digits = 0;
        while (digits < text.length() && Character.isDigit(text.charAt(digits)))
        {
            digits++;
        }
        final long scaleNs = switch (text.substring(digits).trim())
        {
            case "", "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            default -> -1L;
        };
        try
        {
            if (digits == 0 || scaleNs < 0)
            {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(Long.parseLong(text.substring(0, digits)), scaleNs);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new ConfigurationException(key + "=" + value + " is not a duration: use e.g. " + examples);
        }
    }
}
