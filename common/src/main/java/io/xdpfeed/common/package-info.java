/**
 * Code the handler, the client and the simulator share, one implementation each; nothing native and nothing of the
 * handler, so a strategy that links only {@code feed-client} links this too.
 */
package io.xdpfeed.common;
