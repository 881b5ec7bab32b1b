package io.xdpfeed.handler.replay;

import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.channel.ChannelState;
import io.xdpfeed.handler.engine.FeedEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay --orders}: the real v9 capture (2018-09-12, MBO order ids in 46 and 47) replayed with order books on.
 * The expected orders were cross-checked with an independent decode of the capture (walk every A/B-deduplicated
 * datagram, apply 47 entries and 46 OrderID entries through their ReferenceID): 139 instruments end with 147 orders,
 * the same set the engine writes.
 */
@Timeout(60)
class OrderReplayTest
{
    @TempDir
    Path dir;

    private static String run(final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = ReplayMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theV9CaptureReplaysToTheExpectedOrderBooks() throws Exception
    {
        final Path orders = dir.resolve("orders.json");
        run("--config", TestCaptures.resource("cme-mdp3/" + TestCaptures.V9 + ".config.xml").toString(),
            TestCaptures.capture(TestCaptures.V9).toString(), "--orders", orders.toString());

        final List<String> lines = Files.readAllLines(orders);
        assertEquals("{", lines.get(0));
        assertEquals("}", lines.get(lines.size() - 1));
        // 170506 (ES): a bid order deleted and another modified by the 47 at MsgSeqNum 884140, two asks left, best
        // (lowest) price first
        assertTrue(lines.contains("\"170506\":{\"bids\":[],\"asks\":[[88463941772,1423908494,12952000000000,2]," +
            "[88463941750,1423908452,12953000000000,4]]},"), "170506");
        assertTrue(lines.contains("\"157660\":{\"bids\":[],\"asks\":[[563189401446,10623363030,15250000000000,1]]},"));
        assertTrue(lines.contains("\"5966\":{\"bids\":[[563189402781,10623363258,25450000000000,1]],\"asks\":[]},"));
        assertTrue(lines.contains("\"18\":{\"bids\":[],\"asks\":[[88463941771,1423908493,1300500000,1]]},"));

        int withOrders = 0;
        int orderCount = 0;
        for (final String line : lines)
        {
            // every order is "[" then its id; the side arrays open with "[["
            final int count = line.split("\\[\\d", -1).length - 1;
            withOrders += count > 0 ? 1 : 0;
            orderCount += count;
        }
        assertEquals(139, withOrders);
        assertEquals(147, orderCount);
    }

    @Test
    void ordersAreOnlyKeptWhenAsked()
    {
        final EngineReplay.Result plain = EngineReplay.run(TestCaptures.capture(TestCaptures.V9),
            TestCaptures.config(TestCaptures.V9));
        final FeedEngine engine = plain.engine();
        for (int i = 0; i < engine.channelCount(); i++)
        {
            final ChannelState channel = engine.channel(i);
            if (channel != null)
            {
                assertEquals(0, channel.orderEvents());
            }
        }
        assertEquals("{\n}\n", io.xdpfeed.handler.replay.OrderBookJsonWriter.toJson(engine));
    }
}
