/**
 * A/B line arbitration: the first valid copy of each MsgSeqNum of a channel wins, later copies are duplicates,
 * a jump forward is a gap. The decision is a return code so that the engine can intercept it (queue during
 * recovery, start recovery on a gap).
 */
package io.xdpfeed.handler.arbitration;
