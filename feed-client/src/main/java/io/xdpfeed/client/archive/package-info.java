/**
 * {@code scripts/archive-replay}: a recorded session of the handler's stream replayed from Aeron Archive into the
 * feed-client API.
 */
package io.xdpfeed.client.archive;
