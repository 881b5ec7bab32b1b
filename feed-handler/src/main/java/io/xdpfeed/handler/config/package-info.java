/**
 * The handler's line map: which (multicast group, UDP port) is which CME channel, feed type and line (A or B),
 * read from CME's {@code config.xml} by {@link io.xdpfeed.handler.config.CmeConfigParser} into a
 * {@link io.xdpfeed.handler.config.LineMap} that the hot path looks up in O(1) without allocation.
 */
package io.xdpfeed.handler.config;
