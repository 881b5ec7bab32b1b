/**
 * What a bad setting throws, for the handler and the simulator alike.
 */
package io.xdpfeed.common.config;
