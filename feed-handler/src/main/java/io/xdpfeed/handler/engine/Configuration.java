package io.xdpfeed.handler.engine;

import io.xdpfeed.common.bus.StreamDefaults;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.PropertiesLineMap;
import io.xdpfeed.handler.protocol.Protocols;
import io.xdpfeed.ingress.Arbitration;
import io.xdpfeed.ingress.IngressConfiguration;
import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.common.config.Durations;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The feed handler's configuration keys and defaults, read from system properties (a properties file given with
 * {@code --config FILE} is loaded into them; {@code -D} on the command line wins). Each getter parses its key and
 * throws {@link ConfigurationException} naming the key and the bad value.
 */
public final class Configuration
{
    /** Market-data protocol of the lines: {@code mdp3} (CME MDP 3.0) or {@code itch} (Nasdaq ITCH 5.0, MoldUDP64). */
    public static final String PROTOCOL_PROP_NAME = "xdpfeed.protocol";
    /** Default protocol. */
    public static final String PROTOCOL_DEFAULT = Protocols.MDP3;

    /** Path of CME's channel configuration file (config.xml). Required. */
    public static final String CME_CONFIG_PROP_NAME = "xdpfeed.cme.config";

    /** CME channel ids to handle, comma separated; empty for every channel of the config. */
    public static final String CHANNELS_PROP_NAME = "xdpfeed.channels";
    /** Default: every channel. */
    public static final String CHANNELS_DEFAULT = "";

    /** Packet transport: {@code xdp} (AF_XDP), {@code udp} (kernel sockets) or {@code auto}. */
    public static final String TRANSPORT_PROP_NAME = "xdpfeed.transport";
    /** Default transport. */
    public static final String TRANSPORT_DEFAULT = "auto";

    /** Network interface the multicast arrives on. */
    public static final String INTERFACE_PROP_NAME = "xdpfeed.interface";
    /** Default interface: none (the kernel's choice for udp). */
    public static final String INTERFACE_DEFAULT = "";

    /** NIC receive queue the AF_XDP socket binds to. */
    public static final String QUEUE_PROP_NAME = "xdpfeed.queue";
    /** Default queue. */
    public static final int QUEUE_DEFAULT = 0;

    /** CPU the receive thread is pinned to, -1 for none. */
    public static final String CPU_PROP_NAME = "xdpfeed.cpu";
    /** Default: not pinned. */
    public static final int CPU_DEFAULT = -1;

    /** Directory of an external media driver; empty to embed one (the default). */
    public static final String AERON_DIR_PROP_NAME = "xdpfeed.aeron.dir";
    /**
     * Default: embedded driver, in Aeron's {@code aeron.dir} when set, else in the stable
     * {@code /dev/shm/xdpfeed-aeron-<user>} ({@link AeronDirectory}: a dead driver's directory is reused, a live one's
     * refused).
     */
    public static final String AERON_DIR_DEFAULT = "";

    /**
     * Group given the embedded driver's directory (name or number): its members' strategies and feed-stat connect,
     * other users cannot read it. The handler's user must be a member. See {@link AeronDirectoryPermissions}.
     */
    public static final String AERON_GROUP_PROP_NAME = "xdpfeed.aeron.group";
    /** Default: the handler's primary group. */
    public static final String AERON_GROUP_DEFAULT = "";

    /**
     * Whether {@code scripts/feed-handler} gives up its capabilities once AF_XDP is set up, keeping only
     * CAP_NET_ADMIN (and CAP_SYS_ADMIN when root) to detach the program at exit
     * (io.xdpfeed.xdp.XdpPrivileges#dropAfterSetUp).
     */
    public static final String DROP_CAPABILITIES_PROP_NAME = "xdpfeed.capabilities.drop";
    /** Default: drop them. */
    public static final boolean DROP_CAPABILITIES_DEFAULT = true;

    /** Aeron channel of the market-data stream. */
    public static final String MD_CHANNEL_PROP_NAME = "xdpfeed.md.channel";
    /** Default market-data channel. */
    public static final String MD_CHANNEL_DEFAULT = StreamDefaults.MARKET_DATA_CHANNEL;

    /**
     * Whether the market-data publication's log buffers are allocated and touched when the publication is added
     * ({@code sparse=false} on its channel unless the channel says, and the handler's own Aeron client made with
     * {@code preTouchMappedMemory}), so that the receive thread never takes a page fault writing a record: without it
     * the first pass over the log (three terms: 192 MB for the default IPC term) faults once per page written.
     */
    public static final String MD_PRE_TOUCH_PROP_NAME = "xdpfeed.md.preTouch";
    /** Default: pre-touched. */
    public static final boolean MD_PRE_TOUCH_DEFAULT = true;

    /** Aeron stream id of the market-data stream. */
    public static final String MD_STREAM_PROP_NAME = "xdpfeed.md.stream";
    /** Default market-data stream id. */
    public static final int MD_STREAM_DEFAULT = StreamDefaults.MARKET_DATA_STREAM_ID;

    /** Aeron channel of the control stream (late-join requests). */
    public static final String CONTROL_CHANNEL_PROP_NAME = "xdpfeed.control.channel";
    /** Default control channel. */
    public static final String CONTROL_CHANNEL_DEFAULT = StreamDefaults.CONTROL_CHANNEL;

    /** Aeron stream id of the control stream. */
    public static final String CONTROL_STREAM_PROP_NAME = "xdpfeed.control.stream";
    /** Default control stream id. */
    public static final int CONTROL_STREAM_DEFAULT = StreamDefaults.CONTROL_STREAM_ID;

    /** Which copy of the snapshot (S) and definition (N) lines to use: A or B. */
    public static final String SNAPSHOT_FEED_PROP_NAME = "xdpfeed.snapshot.feed";
    /** Default: line A. */
    public static final String SNAPSHOT_FEED_DEFAULT = "A";

    /**
     * When the snapshot and definition lines are received: {@code on-demand} (joined when a channel needs them:
     * definitions until one whole loop was seen, the snapshot line on a late start or a gap, left when every
     * instrument is recovered) or {@code always} (every line subscribed from the start; no IGMP join on the recovery
     * path, but the recovery traffic flows all the time).
     */
    public static final String RECOVERY_LINES_PROP_NAME = "xdpfeed.recovery.lines";
    /** Default: on demand. */
    public static final String RECOVERY_LINES_DEFAULT = "on-demand";

    /** How long a MsgSeqNum hole waits for the other line before it is declared lost, e.g. {@code 2ms}. */
    public static final String GAP_WAIT_PROP_NAME = "xdpfeed.gap.wait";
    /** Default gap wait. */
    public static final long GAP_WAIT_DEFAULT_NS = ChannelOptions.DEFAULT_GAP_WAIT_NS;

    /** Packets held while a hole waits for the other line, a power of two. */
    public static final String REORDER_WINDOW_PROP_NAME = "xdpfeed.reorder.window";
    /** Default reorder window. */
    public static final int REORDER_WINDOW_DEFAULT = ChannelOptions.DEFAULT_REORDER_WINDOW;

    /** Packets the recovery queue of each channel holds, a power of two. */
    public static final String QUEUE_CAPACITY_PROP_NAME = "xdpfeed.recovery.queue.capacity";
    /** Default recovery queue capacity. */
    public static final int QUEUE_CAPACITY_DEFAULT = ChannelOptions.DEFAULT_QUEUE_CAPACITY;

    /** Agent threading: {@code DEDICATED} (receiver and conductor threads) or {@code SHARED} (one thread). */
    public static final String THREADING_MODE_PROP_NAME = "xdpfeed.threading.mode";
    /** Default threading mode. */
    public static final String THREADING_MODE_DEFAULT = "DEDICATED";

    /** Book depth before (or without) an instrument definition. */
    public static final String BOOK_DEPTH_PROP_NAME = "xdpfeed.book.depth";
    /** Default book depth. */
    public static final int BOOK_DEPTH_DEFAULT = ChannelOptions.DEFAULT_DEPTH;

    /** CME channel ids whose market-by-order books are kept, comma separated. */
    public static final String MBO_CHANNELS_PROP_NAME = "xdpfeed.mbo.channels";
    /** Default: none. */
    public static final String MBO_CHANNELS_DEFAULT = "";

    /** Orders each market-by-order book holds (pre-sized; orders beyond it are counted and refused). */
    public static final String MBO_MAX_ORDERS_PROP_NAME = "xdpfeed.mbo.max.orders";
    /** Default orders per market-by-order book. */
    public static final int MBO_MAX_ORDERS_DEFAULT = ChannelOptions.DEFAULT_MAX_ORDERS_PER_BOOK;

    /** A Heartbeat record after this long without any record, {@code 0} for none. */
    public static final String HEARTBEAT_INTERVAL_PROP_NAME = "xdpfeed.heartbeat.interval";
    /** Default heartbeat interval. */
    public static final long HEARTBEAT_INTERVAL_DEFAULT_NS = TimeUnit.SECONDS.toNanos(1);

    /** Unsolicited BookSnapshots of every instrument this often, {@code 0} for none. */
    public static final String SNAPSHOT_INTERVAL_PROP_NAME = "xdpfeed.snapshot.interval";
    /** Default: off. */
    public static final long SNAPSHOT_INTERVAL_DEFAULT_NS = 0;

    /** Most datagrams handed over per poll of the packet source. */
    public static final String POLL_LIMIT_PROP_NAME = "xdpfeed.poll.limit";
    /** Default poll limit. */
    public static final int POLL_LIMIT_DEFAULT = 64;

    /** Idle strategy of the receive thread: {@code spin}, {@code yield}, {@code backoff}; empty for the default. */
    public static final String RECEIVE_IDLE_PROP_NAME = "xdpfeed.receive.idle";
    /** Default: spin when pinned to a CPU, backoff otherwise. */
    public static final String RECEIVE_IDLE_DEFAULT = "";

    /**
     * SCHED_FIFO priority of the receive thread, 1..99; 0 (the default) leaves it in the time-sharing scheduler. A
     * real-time thread that yields gives the CPU only to real-time threads of its priority, never to ordinary tasks
     * (up to the kernel's real-time throttling): see docs/tail-latency.md.
     */
    public static final String RECEIVE_PRIORITY_PROP_NAME = "xdpfeed.receive.priority";
    /** Default: not real-time. */
    public static final int RECEIVE_PRIORITY_DEFAULT = 0;

    /**
     * Synthetic packets (in all, round-robin over the channels) driven through a scratch engine before the live lines
     * are joined, so that the first live packets run compiled code (io.xdpfeed.handler.engine.WarmUp,
     * docs/warmup.md); 0 turns it off.
     */
    public static final String WARMUP_PACKETS_PROP_NAME = "xdpfeed.warmup.packets";
    /** Default warm-up packets. */
    public static final int WARMUP_PACKETS_DEFAULT = 50_000;

    /** Record the wire, decode and publish latency tiers: {@code true} or {@code false}. */
    public static final String LATENCY_PROP_NAME = "xdpfeed.latency";
    /** Default: recorded. */
    public static final boolean LATENCY_DEFAULT = true;

    /** Interval of the latency histograms: counters, interval log lines. */
    public static final String LATENCY_INTERVAL_PROP_NAME = "xdpfeed.latency.interval";
    /** Default latency interval. */
    public static final long LATENCY_INTERVAL_DEFAULT_NS = TimeUnit.SECONDS.toNanos(1);

    /** Directory of the HdrHistogram interval log ({@code handler.hlog}); empty for none. */
    public static final String HLOG_DIR_PROP_NAME = "xdpfeed.hlog.dir";
    /** Default: no interval log. */
    public static final String HLOG_DIR_DEFAULT = "";

    /**
     * An incremental line that delivers no datagram for this long is SILENT (every line silent: the channel is
     * STALE); {@code 0} turns the check off. Judged live only, never on a capture.
     */
    public static final String LINE_SILENCE_PROP_NAME = "xdpfeed.line.silence";
    /**
     * Default line silence: 35 s. CME sends a heartbeat on every incremental line that has had no activity for
     * 30 s, so a healthy idle line is never quiet for longer than that; 5 s more allows for its lateness.
     */
    public static final long LINE_SILENCE_DEFAULT_NS = TimeUnit.SECONDS.toNanos(35);

    /**
     * Verify UDP checksums where the handler parses frames itself (AF_XDP): {@code true} or {@code false}. Off only
     * for a sender whose checksum offload never fills them in; the kernel socket transport always verifies.
     */
    public static final String UDP_CHECKSUM_PROP_NAME = IngressConfiguration.UDP_CHECKSUM_PROP_NAME;
    /** Default: verified, as the kernel does. */
    public static final boolean UDP_CHECKSUM_DEFAULT = IngressConfiguration.UDP_CHECKSUM_DEFAULT;

    /**
     * Where the A/B copies of the incremental lines are arbitrated: {@code kernel} (the XDP program drops the later
     * copy before the AF_XDP ring) or {@code user}. Kernel UDP and a kernel refusing the program arbitrate in user
     * space, saying so in one line. See docs/arbitration.md.
     */
    public static final String ARBITRATION_PROP_NAME = IngressConfiguration.ARBITRATION_PROP_NAME;
    /** Default: {@code kernel}, see {@link IngressConfiguration#ARBITRATION_DEFAULT}. */
    public static final String ARBITRATION_DEFAULT = IngressConfiguration.ARBITRATION_DEFAULT;

    private Configuration()
    {
    }

    /**
     * @return {@link #PROTOCOL_PROP_NAME}.
     */
    public static String protocol()
    {
        return string(PROTOCOL_PROP_NAME, PROTOCOL_DEFAULT);
    }

    /**
     * Check a protocol name.
     *
     * @param protocol a value of {@link #PROTOCOL_PROP_NAME}.
     * @return it, when known.
     * @throws ConfigurationException naming the key and the value when it is not.
     */
    public static String checkProtocol(final String protocol)
    {
        if (!Protocols.isKnown(protocol))
        {
            throw new ConfigurationException(PROTOCOL_PROP_NAME + "=" + protocol + " must be one of " +
                String.join(", ", Protocols.NAMES));
        }
        return protocol;
    }

    /**
     * The ITCH channel/line map from properties ({@link #ITCH_LINES_A_PROP_NAME} and the other ITCH keys).
     *
     * @param properties e.g. the system properties, or a file loaded with {@link ConfigurationKeys#load}.
     * @return the line map and the recovery servers.
     * @throws ConfigurationException naming the key and the value when one is bad.
     */
    public static PropertiesLineMap.Result itchLines(final Properties properties)
    {
        return PropertiesLineMap.itch(properties);
    }

    /**
     * @return {@link #CME_CONFIG_PROP_NAME}, null when not set.
     */
    public static String cmeConfig()
    {
        return string(CME_CONFIG_PROP_NAME, null);
    }

    /**
     * @return {@link #CHANNELS_PROP_NAME}.
     */
    public static int[] channels()
    {
        return ids(CHANNELS_PROP_NAME, string(CHANNELS_PROP_NAME, CHANNELS_DEFAULT));
    }

    /**
     * @return {@link #TRANSPORT_PROP_NAME}.
     */
    public static String transport()
    {
        return string(TRANSPORT_PROP_NAME, TRANSPORT_DEFAULT);
    }

    /**
     * @return {@link #INTERFACE_PROP_NAME}.
     */
    public static String interfaceName()
    {
        return string(INTERFACE_PROP_NAME, INTERFACE_DEFAULT);
    }

    /**
     * @return {@link #QUEUE_PROP_NAME}.
     */
    public static int queue()
    {
        return integer(QUEUE_PROP_NAME, QUEUE_DEFAULT);
    }

    /**
     * @return {@link #CPU_PROP_NAME}.
     */
    public static int cpu()
    {
        return integer(CPU_PROP_NAME, CPU_DEFAULT);
    }

    /**
     * @return {@link #AERON_DIR_PROP_NAME}.
     */
    public static String aeronDir()
    {
        return string(AERON_DIR_PROP_NAME, AERON_DIR_DEFAULT);
    }

    /**
     * @return {@link #AERON_GROUP_PROP_NAME}.
     */
    public static String aeronGroup()
    {
        return string(AERON_GROUP_PROP_NAME, AERON_GROUP_DEFAULT);
    }

    /**
     * @return {@link #DROP_CAPABILITIES_PROP_NAME}.
     */
    public static boolean dropCapabilities()
    {
        return bool(DROP_CAPABILITIES_PROP_NAME, DROP_CAPABILITIES_DEFAULT);
    }

    /**
     * @return {@link #MD_PRE_TOUCH_PROP_NAME}.
     */
    public static boolean marketDataPreTouch()
    {
        return bool(MD_PRE_TOUCH_PROP_NAME, MD_PRE_TOUCH_DEFAULT);
    }

    /**
     * @return {@link #MD_CHANNEL_PROP_NAME}.
     */
    public static String marketDataChannel()
    {
        return string(MD_CHANNEL_PROP_NAME, MD_CHANNEL_DEFAULT);
    }

    /**
     * @return {@link #MD_STREAM_PROP_NAME}.
     */
    public static int marketDataStream()
    {
        return integer(MD_STREAM_PROP_NAME, MD_STREAM_DEFAULT);
    }

    /**
     * @return {@link #CONTROL_CHANNEL_PROP_NAME}.
     */
    public static String controlChannel()
    {
        return string(CONTROL_CHANNEL_PROP_NAME, CONTROL_CHANNEL_DEFAULT);
    }

    /**
     * @return {@link #CONTROL_STREAM_PROP_NAME}.
     */
    public static int controlStream()
    {
        return integer(CONTROL_STREAM_PROP_NAME, CONTROL_STREAM_DEFAULT);
    }

    /**
     * @return {@link #SNAPSHOT_FEED_PROP_NAME}.
     */
    public static String snapshotFeed()
    {
        return string(SNAPSHOT_FEED_PROP_NAME, SNAPSHOT_FEED_DEFAULT);
    }

    /**
     * @return {@link #RECOVERY_LINES_PROP_NAME}.
     */
    public static String recoveryLines()
    {
        return string(RECOVERY_LINES_PROP_NAME, RECOVERY_LINES_DEFAULT);
    }

    /**
     * @return {@link #GAP_WAIT_PROP_NAME} in ns.
     */
    public static long gapWaitNs()
    {
        return duration(GAP_WAIT_PROP_NAME, GAP_WAIT_DEFAULT_NS);
    }

    /**
     * @return {@link #REORDER_WINDOW_PROP_NAME}.
     */
    public static int reorderWindow()
    {
        return integer(REORDER_WINDOW_PROP_NAME, REORDER_WINDOW_DEFAULT);
    }

    /**
     * @return {@link #QUEUE_CAPACITY_PROP_NAME}.
     */
    public static int queueCapacity()
    {
        return integer(QUEUE_CAPACITY_PROP_NAME, QUEUE_CAPACITY_DEFAULT);
    }

    /**
     * @return {@link #THREADING_MODE_PROP_NAME}.
     */
    public static String threadingMode()
    {
        return string(THREADING_MODE_PROP_NAME, THREADING_MODE_DEFAULT);
    }

    /**
     * @return {@link #BOOK_DEPTH_PROP_NAME}.
     */
    public static int bookDepth()
    {
        return integer(BOOK_DEPTH_PROP_NAME, BOOK_DEPTH_DEFAULT);
    }

    /**
     * @return {@link #MBO_CHANNELS_PROP_NAME}.
     */
    public static int[] mboChannels()
    {
        return ids(MBO_CHANNELS_PROP_NAME, string(MBO_CHANNELS_PROP_NAME, MBO_CHANNELS_DEFAULT));
    }

    /**
     * @param mboMaxOrders a value of {@link #MBO_MAX_ORDERS_PROP_NAME}.
     * @throws ConfigurationException naming the key and the value when it is not 1..2^24.
     */
    public static void checkMboMaxOrders(final long mboMaxOrders)
    {
        if (mboMaxOrders < 1 || mboMaxOrders > 1 << 24)
        {
            throw new ConfigurationException(MBO_MAX_ORDERS_PROP_NAME + "=" + mboMaxOrders +
                " is not 1..16777216 (orders per market-by-order book)");
        }
    }

    /**
     * @return {@link #MBO_MAX_ORDERS_PROP_NAME}.
     */
    public static int mboMaxOrders()
    {
        return integer(MBO_MAX_ORDERS_PROP_NAME, MBO_MAX_ORDERS_DEFAULT);
    }

    /**
     * @return {@link #HEARTBEAT_INTERVAL_PROP_NAME} in ns.
     */
    public static long heartbeatIntervalNs()
    {
        return duration(HEARTBEAT_INTERVAL_PROP_NAME, HEARTBEAT_INTERVAL_DEFAULT_NS);
    }

    /**
     * @return {@link #SNAPSHOT_INTERVAL_PROP_NAME} in ns.
     */
    public static long snapshotIntervalNs()
    {
        return duration(SNAPSHOT_INTERVAL_PROP_NAME, SNAPSHOT_INTERVAL_DEFAULT_NS);
    }

    /**
     * @return {@link #POLL_LIMIT_PROP_NAME}.
     */
    public static int pollLimit()
    {
        return integer(POLL_LIMIT_PROP_NAME, POLL_LIMIT_DEFAULT);
    }

    /**
     * @return {@link #RECEIVE_PRIORITY_PROP_NAME}.
     */
    public static int receivePriority()
    {
        return integer(RECEIVE_PRIORITY_PROP_NAME, RECEIVE_PRIORITY_DEFAULT);
    }

    /**
     * @return {@link #RECEIVE_IDLE_PROP_NAME}.
     */
    public static String receiveIdle()
    {
        return string(RECEIVE_IDLE_PROP_NAME, RECEIVE_IDLE_DEFAULT);
    }

    /**
     * @return {@link #WARMUP_PACKETS_PROP_NAME}.
     */
    public static int warmUpPackets()
    {
        return integer(WARMUP_PACKETS_PROP_NAME, WARMUP_PACKETS_DEFAULT);
    }

    /**
     * @return {@link #LATENCY_PROP_NAME}.
     */
    public static boolean latency()
    {
        return bool(LATENCY_PROP_NAME, LATENCY_DEFAULT);
    }

    /**
     * @return {@link #LATENCY_INTERVAL_PROP_NAME} in ns.
     */
    public static long latencyIntervalNs()
    {
        return duration(LATENCY_INTERVAL_PROP_NAME, LATENCY_INTERVAL_DEFAULT_NS);
    }

    /**
     * @return {@link #ARBITRATION_PROP_NAME}.
     */
    public static Arbitration arbitration()
    {
        final String value = string(ARBITRATION_PROP_NAME, ARBITRATION_DEFAULT);
        try
        {
            return Arbitration.parse(value);
        }
        catch (final IngressException ex)
        {
            throw new ConfigurationException(ARBITRATION_PROP_NAME + "=" + value + " is neither kernel nor user");
        }
    }

    /**
     * @return {@link #UDP_CHECKSUM_PROP_NAME}.
     */
    public static boolean udpChecksum()
    {
        final String value = string(UDP_CHECKSUM_PROP_NAME, Boolean.toString(UDP_CHECKSUM_DEFAULT));
        if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value))
        {
            throw new ConfigurationException(UDP_CHECKSUM_PROP_NAME + "=" + value + " is neither true nor false");
        }
        return Boolean.parseBoolean(value);
    }

    /**
     * @return {@link #HLOG_DIR_PROP_NAME}.
     */
    public static String hlogDir()
    {
        return string(HLOG_DIR_PROP_NAME, HLOG_DIR_DEFAULT);
    }

    /**
     * @return {@link #LINE_SILENCE_PROP_NAME} in ns.
     */
    public static long lineSilenceNs()
    {
        return duration(LINE_SILENCE_PROP_NAME, LINE_SILENCE_DEFAULT_NS);
    }

    static String string(final String key, final String defaultValue)
    {
        final String value = System.getProperty(key);
        return value == null ? defaultValue : value.trim();
    }

    static boolean bool(final String key, final boolean defaultValue)
    {
        final String value = string(key, Boolean.toString(defaultValue));
        if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value))
        {
            throw new ConfigurationException(key + "=" + value + " is neither true nor false");
        }
        return Boolean.parseBoolean(value);
    }

    static int integer(final String key, final int defaultValue)
    {
        final String value = System.getProperty(key);
        return value == null ? defaultValue : parseInt(key, value);
    }

    static long duration(final String key, final long defaultValueNs)
    {
        final String value = System.getProperty(key);
        return value == null ? defaultValueNs : Durations.parseNs(key, value);
    }

    /**
     * @param key   for the message.
     * @param value to parse.
     * @return the int.
     * @throws ConfigurationException naming key and value.
     */
    public static int parseInt(final String key, final String value)
    {
        try
        {
            return Integer.parseInt(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigurationException(key + "=" + value + " is not an integer");
        }
    }

    /**
     * @param key   for the message.
     * @param value comma-separated channel ids, may be empty.
     * @return the ids.
     * @throws ConfigurationException naming key and value.
     */
    public static int[] ids(final String key, final String value)
    {
        if (value == null || value.isBlank())
        {
            return new int[0];
        }
        final String[] parts = value.split(",");
        final int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            try
            {
                ids[i] = Integer.parseInt(parts[i].trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new ConfigurationException(key + "=" + value + ": '" + parts[i].trim() +
                    "' is not a channel id");
            }
        }
        return ids;
    }
}
