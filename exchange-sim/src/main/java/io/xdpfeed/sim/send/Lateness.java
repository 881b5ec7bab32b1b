package io.xdpfeed.sim.send;

/**
 * How late paced ticks went out ({@link Pacer}): how late each tick's send started after its intended time.
 *
 * @param over1us   ticks whose send started more than 1 us late.
 * @param over10us  ticks whose send started more than 10 us late.
 * @param over100us ticks whose send started more than 100 us late.
 * @param maxNs     the latest a tick's send started, ns.
 */
public record Lateness(long over1us, long over10us, long over100us, long maxNs)
{
    /** No tick paced, or none late. */
    public static final Lateness NONE = new Lateness(0, 0, 0, 0);
}
