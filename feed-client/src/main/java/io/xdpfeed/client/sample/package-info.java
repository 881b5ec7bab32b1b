/**
 * A sample strategy: {@link io.xdpfeed.client.sample.SampleStrategy} subscribes, keeps books and prints top of book
 * and the client-side latency percentiles every second ({@code scripts/sample-strategy}).
 */
package io.xdpfeed.client.sample;
