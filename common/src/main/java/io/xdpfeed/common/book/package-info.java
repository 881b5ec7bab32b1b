/**
 * Book structures the handler and the client keep alike: one side of a market-by-price book and the market-by-order
 * table of one instrument.
 */
package io.xdpfeed.common.book;
