package io.xdpfeed.bench.live;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one line the demo gives as its reason to fall back to kernel UDP, from a handler's output: never a stack frame.
 */
@Timeout(10)
class HandlerStartReasonTest
{
    @Test
    void theHandlersOwnErrorLine()
    {
        assertEquals("xdpfeed.interface=xfh0: no such device", HandlerStartException.reason(List.of(
            "feed-handler: xdpfeed.interface=xfh0: no such device")));
    }

    @Test
    void theMessageOfTheExceptionItDiedOfNotAFrame()
    {
        assertEquals("xsk_socket__create failed: Operation not supported", HandlerStartException.reason(
            List.of("WARNING: something", "Exception in thread \"main\" io.xdpfeed.ingress.IngressException: " +
                "xsk_socket__create failed: Operation not supported",
                "\tat io.xdpfeed.xdp.XskSocket.create(XskSocket.java:120)",
                "\tat io.xdpfeed.handler.engine.FeedHandler.main(FeedHandler.java:470)",
                "Caused by: java.lang.IllegalStateException: deeper",
                "\t... 3 more")));
        assertEquals("NullPointerException", HandlerStartException.reason(List.of(
            "Exception in thread \"main\" java.lang.NullPointerException",
            "\tat io.xdpfeed.handler.engine.FeedHandler.main(FeedHandler.java:470)")));
    }

    @Test
    void otherwiseTheLastLineThatIsNotAFrame()
    {
        assertEquals("killed", HandlerStartException.reason(List.of("starting", "killed", "\tat x.y(Z)")));
        assertEquals("no output", HandlerStartException.reason(List.of()));
    }
}
