package io.xdpfeed.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ControlPublicationChannelTest
{
    @Test
    void theControlPublicationGetsASmallTermUnlessItsChannelGivesOne()
    {
        assertEquals("aeron:ipc?term-length=65536", new MarketDataSubscriber.Context()
            .controlChannel("aeron:ipc").controlPublicationChannel());
        assertEquals("aeron:udp?endpoint=10.77.1.1:40457|term-length=65536", new MarketDataSubscriber.Context()
            .controlChannel("aeron:udp?endpoint=10.77.1.1:40457").controlPublicationChannel());
        assertEquals("aeron:ipc?term-length=1m", new MarketDataSubscriber.Context()
            .controlChannel("aeron:ipc?term-length=1m").controlPublicationChannel());
    }
}
