package io.xdpfeed.sim.config;

import java.util.SplittableRandom;

/**
 * The simulators' random streams, each drawn from the run's seed with a salt of its own, so that what one stream
 * decides (which packets are lost, the orders behind a level) never moves the draws of another: the same seed gives
 * the same market with and without faults or market by order.
 */
public enum RandomStream
{
    /** The market (MDP 3.0) or the order flow (ITCH): the seed itself. */
    MARKET(0),
    /** Which packets are lost on which line (and, in MDP 3.0, where the bursts lost on both lie). */
    FAULTS(0x9E3779B97F4A7C15L),
    /** Where the bursts lost on both lines lie, in ITCH. */
    BURSTS(0xC2B2AE3D27D4EB4FL),
    /** Market by order: the orders behind each level change. */
    ORDERS(0x6A09E667F3BCC909L),
    /** Where the operational halts of an ITCH session lie, of which stock, and how long. */
    HALTS(0xBB67AE8584CAA73BL),
    /** Which stocks the imbalance indicators of an ITCH session's closing cross are of. */
    IMBALANCES(0x3C6EF372FE94F82BL);

    private final long salt;

    RandomStream(final long salt)
    {
        this.salt = salt;
    }

    /**
     * A generator of this stream.
     *
     * @param seed the run's seed.
     * @return a new generator, the same draws for the same seed.
     */
    public SplittableRandom of(final long seed)
    {
        return new SplittableRandom(seed ^ salt);
    }
}
