package io.xdpfeed.common.bus;

/**
 * A parameter the handler or a subscriber adds to an Aeron channel URI it was given, unless the URI already has it:
 * what the operator wrote is kept, and wins.
 */
public final class ChannelParams
{
    private ChannelParams()
    {
    }

    /**
     * @param channel an Aeron channel URI, e.g. {@code aeron:ipc} or {@code aeron:udp?endpoint=10.77.1.1:40457}.
     * @param key     of the parameter, e.g. {@code term-length}.
     * @param value   of the parameter when the channel has none.
     * @return {@code channel} itself when it has {@code key}, else {@code channel} with {@code key=value} appended.
     */
    public static String withDefault(final String channel, final String key, final String value)
    {
        final int query = channel.indexOf('?');
        if (query >= 0)
        {
            for (final String param : channel.substring(query + 1).split("\\|"))
            {
                if (param.startsWith(key + "="))
                {
                    return channel;
                }
            }
        }
        return channel + (query < 0 ? '?' : '|') + key + '=' + value;
    }
}
