/**
 * Times of day of an exchange's time zone as times since the epoch, and back.
 */
package io.xdpfeed.common.time;
