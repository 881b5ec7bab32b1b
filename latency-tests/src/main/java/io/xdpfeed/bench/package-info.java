/**
 * JMH benchmarks of the handler's hot path and the end-to-end latency harness.
 */
package io.xdpfeed.bench;
