package io.xdpfeed.handler.engine;

/**
 * How the handler's agents are given threads.
 */
public enum ThreadingMode
{
    /** The receive agent and the conductor agent each on their own thread: the receive thread can be pinned. */
    DEDICATED,
    /** Both agents on one thread in a {@link org.agrona.concurrent.CompositeAgent}: for a laptop or a test. */
    SHARED
}
