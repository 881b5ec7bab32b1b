/**
 * The running handler: {@link io.xdpfeed.handler.engine.FeedHandler} (the launcher and its one fluent
 * {@code Context}, whose settings are grouped by concern in {@code IngressSettings}, {@code RecoverySettings},
 * {@code PublicationSettings} and {@code StatsSettings}), {@link io.xdpfeed.handler.engine.Configuration} (keys and
 * defaults), {@link io.xdpfeed.handler.engine.FeedEngine} (datagram routing to the channels, late-join answers), the
 * {@link io.xdpfeed.handler.engine.ReceiveAgent} and {@link io.xdpfeed.handler.engine.ConductorAgent}, the Aeron
 * {@link io.xdpfeed.handler.engine.HandlerCounters}, and the {@link io.xdpfeed.handler.engine.WarmUp} that drives
 * synthetic packets through scratch engines before the live lines are joined. The command line is
 * {@link io.xdpfeed.handler.FeedHandlerMain};
 * capture replay and the JSON writers are in {@code io.xdpfeed.handler.replay}, which depends on this package and
 * never the other way round.
 */
package io.xdpfeed.handler.engine;
