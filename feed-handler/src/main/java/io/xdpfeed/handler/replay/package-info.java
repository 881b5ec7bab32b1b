/**
 * The capture replay tool ({@code scripts/replay}) and the demo ({@code scripts/demo}): a capture file pushed
 * through the same packet path as live traffic, with a summary of counts and, optionally, every book, trade and
 * volume entry as JSON lines.
 */
package io.xdpfeed.handler.replay;
