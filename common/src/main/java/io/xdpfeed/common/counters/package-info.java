/**
 * Counters kept by an enum: one value per constant, read by the constant instead of one field and one getter each.
 */
package io.xdpfeed.common.counters;
