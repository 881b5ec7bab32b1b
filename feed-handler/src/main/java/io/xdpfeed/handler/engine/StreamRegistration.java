package io.xdpfeed.handler.engine;

import io.aeron.Aeron;
import io.aeron.ErrorCode;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.exceptions.RegistrationException;
import io.xdpfeed.common.config.ConfigurationException;

/**
 * The handler's Aeron streams added on the media driver, where the driver's refusal (a channel it cannot use, a log
 * that does not fit the Aeron directory's file system) stops the start with one line naming the setting, not a stack
 * trace.
 */
final class StreamRegistration
{
    private StreamRegistration()
    {
    }

    /**
     * @param aeron      client.
     * @param key        the setting that gave the channel, for the message.
     * @param configured the channel as the setting gave it, for the message.
     * @param channel    to publish on: the configured one, with what the handler adds to it.
     * @param streamId   to publish on.
     * @return the publication.
     * @throws ConfigurationException when the driver refuses it.
     */
    static ExclusivePublication publication(
        final Aeron aeron, final String key, final String configured, final String channel, final int streamId)
    {
        try
        {
            return aeron.addExclusivePublication(channel, streamId);
        }
        catch (final RegistrationException ex)
        {
            throw refused(key, configured, ex);
        }
    }

    /**
     * @param aeron    client.
     * @param key      the setting that gave the channel, for the message.
     * @param channel  to subscribe to.
     * @param streamId to subscribe to.
     * @return the subscription.
     * @throws ConfigurationException when the driver refuses it.
     */
    static Subscription subscription(final Aeron aeron, final String key, final String channel, final int streamId)
    {
        try
        {
            return aeron.addSubscription(channel, streamId);
        }
        catch (final RegistrationException ex)
        {
            throw refused(key, channel, ex);
        }
    }

    private static ConfigurationException refused(final String key, final String channel, final RegistrationException ex)
    {
        final String reason = ex.getMessage().replaceFirst("^ERROR - ", "").replaceFirst(", errorCodeValue=\\d+$", "");
        return new ConfigurationException(key + "=" + channel + ": the media driver refused it (" + reason + ")" +
            (ex.errorCode() == ErrorCode.STORAGE_SPACE ? ": free room there, or give the channel a smaller " +
            "term-length (e.g. aeron:ipc?term-length=16m)" : ""), ex);
    }
}
