package io.xdpfeed.common.bus;

/**
 * The default endpoints of the handler's two Aeron streams: the market-data stream it publishes and the control
 * stream it reads snapshot requests from. The handler's configuration and a subscriber's both start from these, so
 * that the two meet on one host without a setting.
 */
public final class StreamDefaults
{
    /** Channel of the market-data stream: IPC, handler and strategy on one host and one media driver. */
    public static final String MARKET_DATA_CHANNEL = "aeron:ipc";
    /** Stream id of the market-data stream. */
    public static final int MARKET_DATA_STREAM_ID = 1001;
    /** Channel of the control stream. */
    public static final String CONTROL_CHANNEL = "aeron:ipc";
    /** Stream id of the control stream. */
    public static final int CONTROL_STREAM_ID = 1002;

    private StreamDefaults()
    {
    }
}
