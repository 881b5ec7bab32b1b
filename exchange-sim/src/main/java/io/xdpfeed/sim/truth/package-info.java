/**
 * Ground truth: the final market-by-price books ({@link io.xdpfeed.sim.truth.TruthBook}) and order books
 * ({@link io.xdpfeed.sim.truth.TruthOrderBook}) a correct feed handler must end with, their JSON files
 * ({@link io.xdpfeed.sim.truth.TruthJson}, {@link io.xdpfeed.sim.truth.OrderTruthJson}) and the comparison of a
 * handler's books against them ({@link io.xdpfeed.sim.truth.BookComparison}). An implementation independent of the
 * handler's on purpose: it is the reference the handler is checked against. Depends only on the config package.
 */
package io.xdpfeed.sim.truth;
