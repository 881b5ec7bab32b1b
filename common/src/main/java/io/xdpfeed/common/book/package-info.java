/**
 * Book structures the handler and the client keep alike: the market-by-order table of one instrument.
 */
package io.xdpfeed.common.book;
