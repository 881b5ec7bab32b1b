package io.xdpfeed.sim.market;

/**
 * What the market model generated, counted for the run's summary ({@link MarketModel#count(MarketCount)}).
 */
public enum MarketCount
{
    /** Match events, channel resets included. */
    EVENTS,
    /** Trades. */
    TRADES,
    /** Trades that took more than one level. */
    SWEEPS,
    /** DeleteFrom entries. */
    DELETE_FROM,
    /** DeleteThru entries. */
    DELETE_THRU,
    /** Overlay entries. */
    OVERLAYS,
    /** Events that updated an implied book. */
    IMPLIED_UPDATES,
    /** SecurityStatus30 messages. */
    STATUS_MESSAGES,
    /** ChannelReset4 events. */
    RESETS
}
