/**
 * IPv4 and multicast addresses as the feed carries them: ints in network order read big-endian.
 */
package io.xdpfeed.common.net;
