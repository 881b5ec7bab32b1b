/**
 * What the handler and its subscribers agree on about the Aeron streams between them.
 */
package io.xdpfeed.common.bus;
