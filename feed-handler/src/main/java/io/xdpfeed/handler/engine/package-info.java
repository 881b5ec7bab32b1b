/**
 * The running handler: {@link io.xdpfeed.handler.engine.FeedHandler} (launcher, {@code Context}, main),
 * {@link io.xdpfeed.handler.engine.Configuration} (keys and defaults), {@link io.xdpfeed.handler.engine.FeedEngine}
 * (datagram routing to the channels, late-join answers), the {@link io.xdpfeed.handler.engine.ReceiveAgent} and
 * {@link io.xdpfeed.handler.engine.ConductorAgent}, the Aeron {@link io.xdpfeed.handler.engine.HandlerCounters},
 * and the replay entry points {@link io.xdpfeed.handler.engine.EngineReplay} and
 * {@link io.xdpfeed.handler.engine.BookJsonWriter}.
 */
package io.xdpfeed.handler.engine;
