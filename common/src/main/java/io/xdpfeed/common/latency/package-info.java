/**
 * Latency tiers recorded into HdrHistogram recorders and written to HdrHistogram interval logs, for the handler's
 * tiers and the subscriber's alike.
 */
package io.xdpfeed.common.latency;
