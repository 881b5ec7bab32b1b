/**
 * What a bad setting throws, for the handler and the simulator alike, and how a duration setting is read.
 */
package io.xdpfeed.common.config;
