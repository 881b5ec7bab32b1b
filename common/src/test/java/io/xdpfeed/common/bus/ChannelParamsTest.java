package io.xdpfeed.common.bus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChannelParamsTest
{
    @Test
    void aParameterIsAddedUnlessTheChannelHasIt()
    {
        assertEquals("aeron:ipc?sparse=false", ChannelParams.withDefault("aeron:ipc", "sparse", "false"));
        assertEquals("aeron:udp?endpoint=10.77.1.2:40458|sparse=false",
            ChannelParams.withDefault("aeron:udp?endpoint=10.77.1.2:40458", "sparse", "false"));
        assertEquals("aeron:ipc?term-length=16m|sparse=true",
            ChannelParams.withDefault("aeron:ipc?term-length=16m|sparse=true", "sparse", "false"));
        assertEquals("aeron:ipc?term-length=1m|term=64k",
            ChannelParams.withDefault("aeron:ipc?term-length=1m", "term", "64k"));
    }
}
