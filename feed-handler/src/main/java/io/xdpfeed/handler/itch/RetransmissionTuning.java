package io.xdpfeed.handler.itch;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.common.config.Durations;
import io.xdpfeed.handler.config.PropertiesLineMap;

import java.util.Properties;

/**
 * How an ITCH channel asks its MoldUDP64 re-request server for lost messages ({@link MoldUdp64Requester}): requests
 * outstanding at once, messages asked for in one request, the wait for an answer before a request is sent again, and
 * the sends of one request before it is given up (the gap then needs the GLIMPSE snapshot). The defaults suit a server
 * on the same network; a distant or slow one wants a longer timeout, a server that limits requests fewer or smaller
 * ones.
 *
 * @param requests  re-requests outstanding at once, 1..{@value #MAX_REQUESTS}.
 * @param messages  messages asked for in one request, 1..{@value #MAX_MESSAGES} (the server answers what fits one
 *                  packet; the rest is asked again).
 * @param timeoutNs wait for an answer before the request is sent again, {@value #MIN_TIMEOUT_NS} ns..
 *                  {@value #MAX_TIMEOUT_NS} ns.
 * @param attempts  sends of one request before it is given up, 1..{@value #MAX_ATTEMPTS}.
 */
public record RetransmissionTuning(int requests, int messages, long timeoutNs, int attempts)
{
    /** The most requests outstanding at once that can be set. */
    public static final int MAX_REQUESTS = 64;
    /** The most messages one MoldUDP64 request can name (0xFFFF is the end of session). */
    public static final int MAX_MESSAGES = 0xFFFE;
    /** The shortest timeout that can be set: 1 ms. */
    public static final long MIN_TIMEOUT_NS = 1_000_000L;
    /** The longest timeout that can be set: 60 s. */
    public static final long MAX_TIMEOUT_NS = 60_000_000_000L;
    /** The most sends of one request that can be set. */
    public static final int MAX_ATTEMPTS = 100;

    /** 8 requests of up to 256 messages, 100 ms to answer, 3 sends each. */
    public static final RetransmissionTuning DEFAULT = new RetransmissionTuning(8, 256, 100_000_000L, 3);

    /**
     * @throws IllegalArgumentException when a value is outside its range.
     */
    public RetransmissionTuning
    {
        if (requests < 1 || requests > MAX_REQUESTS || messages < 1 || messages > MAX_MESSAGES ||
            timeoutNs < MIN_TIMEOUT_NS || timeoutNs > MAX_TIMEOUT_NS || attempts < 1 || attempts > MAX_ATTEMPTS)
        {
            throw new IllegalArgumentException("requests 1.." + MAX_REQUESTS + ", messages 1.." + MAX_MESSAGES +
                ", timeout 1ms..60s, attempts 1.." + MAX_ATTEMPTS + ": " + requests + ", " + messages + ", " +
                timeoutNs + "ns, " + attempts);
        }
    }

    /**
     * The tuning of {@code xdpfeed.itch.retransmission.requests}, {@code .messages}, {@code .timeout} and
     * {@code .attempts}, each defaulting to {@link #DEFAULT}'s.
     *
     * @param properties of the handler.
     * @return the tuning.
     * @throws ConfigurationException naming the key and its value when one is not a number in its range.
     */
    public static RetransmissionTuning from(final Properties properties)
    {
        final String timeout = ItchProtocol.value(properties, PropertiesLineMap.ITCH_RETRANSMISSION_TIMEOUT_PROP_NAME);
        final long timeoutNs = timeout.isEmpty() ? DEFAULT.timeoutNs :
            Durations.parseNs(PropertiesLineMap.ITCH_RETRANSMISSION_TIMEOUT_PROP_NAME, timeout);
        if (timeoutNs < MIN_TIMEOUT_NS || timeoutNs > MAX_TIMEOUT_NS)
        {
            throw new ConfigurationException(PropertiesLineMap.ITCH_RETRANSMISSION_TIMEOUT_PROP_NAME + "=" + timeout +
                ": must be 1ms..60s");
        }
        return new RetransmissionTuning(
            ItchProtocol.count(properties, PropertiesLineMap.ITCH_RETRANSMISSION_REQUESTS_PROP_NAME, DEFAULT.requests, MAX_REQUESTS),
            ItchProtocol.count(properties, PropertiesLineMap.ITCH_RETRANSMISSION_MESSAGES_PROP_NAME, DEFAULT.messages, MAX_MESSAGES),
            timeoutNs,
            ItchProtocol.count(properties, PropertiesLineMap.ITCH_RETRANSMISSION_ATTEMPTS_PROP_NAME, DEFAULT.attempts, MAX_ATTEMPTS));
    }

    /**
     * @return the first of the tuning keys that is set, or null when none is.
     */
    static String firstKeySet(final Properties properties)
    {
        for (final String key : new String[]{PropertiesLineMap.ITCH_RETRANSMISSION_REQUESTS_PROP_NAME,
            PropertiesLineMap.ITCH_RETRANSMISSION_MESSAGES_PROP_NAME,
            PropertiesLineMap.ITCH_RETRANSMISSION_TIMEOUT_PROP_NAME,
            PropertiesLineMap.ITCH_RETRANSMISSION_ATTEMPTS_PROP_NAME})
        {
            if (!ItchProtocol.value(properties, key).isEmpty())
            {
                return key;
            }
        }
        return null;
    }
}
