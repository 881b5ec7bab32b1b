package io.xdpfeed.bench.remote;

import io.xdpfeed.bench.live.AeronChannels;
import io.xdpfeed.bench.live.Lab;
import io.xdpfeed.bench.live.LinkLossProbe;
import io.xdpfeed.bench.live.RemoteLayout;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab's handler-to-strategy link with 5% of the UDP datagrams dropped both ways, at the benchmark's volume: the
 * handler host's driver publishes 45,000 messages/s of 96 bytes (what 10,000 packets/s of the simulator make,
 * ~5.8 MB/s with headers) for 3 s on the layout's MDC channel ({@link RemoteLayout}, {@link AeronChannels}), dropping
 * what back-pressure refuses as the handler does; the strategy host's subscriber gets every message, and Aeron's own
 * counters show the recovery (NAKs sent by the strategy host, retransmissions by the handler host). With the default
 * 1,408-byte datagrams this volume falls behind on this machine (docs/distribution.md); no time is asserted.
 */
@Timeout(120)
class LossyLinkTest
{
    @TempDir
    Path temp;
    private Lab lab;

    @BeforeEach
    void setUp()
    {
        final String reason = Lab.unavailableReason();
        Assumptions.assumeTrue(reason == null, () -> "skipped: " + reason);
        lab = Lab.unique(Lab.findHome(), "xdpfeed-lossy", temp.resolve("lab"));
        lab.upWithStrategyHost();
    }

    @AfterEach
    void tearDown()
    {
        CloseHelper.quietClose(lab);
    }

    @Test
    void everyMessageCrossesFivePercentLossAtTheBenchmarksVolume() throws Exception
    {
        lab.loss(5);
        final RemoteLayout layout = new RemoteLayout(false);
        final String subscription = AeronChannels.remoteSubscription(Lab.STRATEGY_ADDRESS,
            RemoteLayout.SUBSCRIBER_PORT, Lab.HANDLER_TO_STRATEGY_ADDRESS, RemoteLayout.DATA_PORT);

        final LinkLossProbe.Result result = LinkLossProbe.run(lab, layout.publication(), subscription, List.of(),
            45_000, 3, 96, temp);

        assertEquals(45_000L * 3, result.offered());
        assertEquals(0, result.refused(), () -> "refused by back-pressure: " + result.format() + "\nhandler host: " +
            result.handler().format() + "\nstrategy host: " + result.strategy().format());
        assertEquals(result.offered(), result.received(), result::format);
        assertTrue(result.strategy().get("naks-sent") > 0, () -> "no NAK: " + result.strategy().format());
        assertTrue(result.handler().get("retransmits-sent") > 0, () -> "no retransmit: " + result.handler().format());
        assertEquals(result.handler().get("pub-pos"), result.strategy().get("rcv-pos"), "the strategy host's image " +
            "ends where the publication ends");
    }
}
