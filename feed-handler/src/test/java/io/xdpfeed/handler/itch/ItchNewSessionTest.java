package io.xdpfeed.handler.itch;

import io.xdpfeed.handler.engine.FeedEngine;
import io.xdpfeed.handler.itch.ItchBookBuilder.Count;
import io.xdpfeed.handler.replay.BookJsonWriter;
import io.xdpfeed.sim.itch.ItchSession;
import io.xdpfeed.sim.itch.ItchTruth;
import io.xdpfeed.sim.truth.TruthJson;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two MoldUDP64 sessions one after the other on the same lines (the next trading day): the second starts at sequence
 * number 1 under another session id, and the engine's books end equal to the second session's truth alone: the
 * first session's orders and levels are gone.
 */
@Timeout(30)
class ItchNewSessionTest
{
    @Test
    void aNewSessionStartsFromEmptyBooks() throws Exception
    {
        final ItchSession.Settings first = new ItchSession.Settings(3, 2_000, 5, 0, 0,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel());
        final ItchSession.Settings second = new ItchSession.Settings(3, 1_000, 6, 0, 0,
            ItchSession.DEFAULT_START_EPOCH_NS, ItchSession.Settings.defaultChannel());
        final List<UnsafeBuffer> datagrams = new ArrayList<>();
        new ItchSession(first).run((line, buffer, offset, length, timeNs) ->
            ItchLineA.copy(datagrams, line, buffer, offset, length, null));
        final int firstSession = datagrams.size();
        final ItchTruth truth = new ItchSession(second).run((line, buffer, offset, length, timeNs) ->
            ItchLineA.copy(datagrams, line, buffer, offset, length, "XDPFEED002"));

        final FeedEngine engine = ItchLineA.run(ItchProtocol.INSTANCE, first, datagrams);

        final ItchPacketDecoder decoder = (ItchPacketDecoder)engine.channel(0).decoder();
        assertEquals(2, decoder.sessions());
        assertEquals(1, engine.channel(0).sequencer().sequenceResets());
        assertTrue(firstSession > 1_000);
        assertEquals(TruthJson.toJson(truth.books(10)),
            TruthJson.toJson(TruthJson.parse(BookJsonWriter.toJson(engine))));
        assertEquals(truth.orderCount(), decoder.builder().orders().orderCount());
        assertEquals(0, decoder.builder().count(Count.UNKNOWN_ORDERS) +
            decoder.builder().count(Count.DUPLICATE_ORDERS));
    }
}
