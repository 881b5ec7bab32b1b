/**
 * Recording of the normalized market-data stream with Aeron Archive: an embedded ArchivingMediaDriver or an external
 * archive, segments purged by age, a stopped recording (a full disk) counted and said, off the receive path.
 */
package io.xdpfeed.handler.archive;
