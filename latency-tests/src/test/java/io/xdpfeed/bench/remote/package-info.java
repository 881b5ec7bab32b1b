/**
 * Distribution beyond one host: remote subscribers over Aeron UDP, each host with its own media driver.
 */
package io.xdpfeed.bench.remote;
