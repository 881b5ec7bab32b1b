/**
 * The market model: the exchange's own books of every instrument ({@link io.xdpfeed.sim.market.Instrument},
 * {@link io.xdpfeed.sim.market.BookSide}), deeper than the feed shows, moved by a seeded random walk
 * ({@link io.xdpfeed.sim.market.MarketModel}: adds, changes, deletes, trades that sweep levels, implied books,
 * status changes), and with market by order the resting orders of every level
 * ({@link io.xdpfeed.sim.market.OrderFlow}, {@link io.xdpfeed.sim.market.LevelOrders}). Each event is encoded as
 * it happens into the wire package's event encoder; {@link io.xdpfeed.sim.market.MbpBook} is the book as a feed
 * consumer keeps it, which the published state and the truth are read from. Depends on the truth package only for
 * the form of the exchange's resting orders ({@link io.xdpfeed.sim.market.Instrument#restingOrders()}), never on the
 * wire format or the senders.
 */
package io.xdpfeed.sim.market;
