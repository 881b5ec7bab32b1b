/**
 * Books kept by the handler: {@link io.xdpfeed.handler.book.MbpBook} (market by price, outright and implied, in
 * fixed-size {@link io.xdpfeed.handler.book.PriceLevels} arrays applying CME's New/Change/Delete/DeleteThru/
 * DeleteFrom/Overlay actions) and {@link io.xdpfeed.handler.book.OrderBook} (market by order from templates 47/53,
 * pooled orders). No allocation in steady state.
 */
package io.xdpfeed.handler.book;
