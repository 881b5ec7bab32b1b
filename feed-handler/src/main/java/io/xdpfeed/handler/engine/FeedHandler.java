package io.xdpfeed.handler.engine;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.archive.ArchivingMediaDriver;
import io.aeron.driver.MediaDriver;
import io.xdpfeed.handler.archive.ArchiveRecording;
import io.xdpfeed.handler.archive.ArchiveSettings;
import io.xdpfeed.handler.archive.HandlerArchive;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.protocol.Protocols;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.publish.SnapshotRequestAdapter;
import io.xdpfeed.handler.stats.CalibratedEpochClock;
import io.xdpfeed.common.latency.EpochOffset;
import io.xdpfeed.handler.stats.HandlerCounter;
import io.xdpfeed.handler.stats.HandlerLatency;
import io.xdpfeed.handler.stats.LatencyIntervalLog;
import io.xdpfeed.handler.stats.PacketTimer;
import io.xdpfeed.handler.stats.StatsAgent;
import io.xdpfeed.handler.stats.StatsCounters;
import io.xdpfeed.handler.stats.TimedChannelListener;
import io.xdpfeed.handler.stats.TimedDatagramHandler;
import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.ingress.SubscriptionControl;
import io.xdpfeed.ingress.ThreadAffinity;
import io.xdpfeed.xdp.XdpPrivileges;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;

import java.io.File;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The feed handler: packet source, {@link FeedEngine} (books, recovery) and {@link MarketDataProxy} on a
 * {@link ReceiveAgent}, line joins on a {@link ConductorAgent}, records on Aeron (an embedded media driver unless
 * {@code xdpfeed.aeron.dir} names an external one), counters visible to AeronStat.
 * <pre>
 *   try (FeedHandler handler = FeedHandler.launch(new FeedHandler.Context().cmeConfig("config.xml")))
 *   {
 *       ...
 *   }
 * </pre>
 * Run it with {@code scripts/feed-handler --config handler.properties} ({@link io.xdpfeed.handler.FeedHandlerMain}).
 */
public final class FeedHandler implements AutoCloseable
{
    /** Aeron's own property: when set, the directory of the embedded media driver. */
    public static final String AERON_DIR_SYSTEM_PROP_NAME = "aeron.dir";

    private final Context context;
    private final MediaDriver driver;
    private final ArchivingMediaDriver archivingDriver;
    private final ArchiveRecording recording;
    private final Aeron aeron;
    private final boolean ownsAeron;
    private final ExclusivePublication publication;
    private final Subscription controlSubscription;
    private final PacketSource source;
    private final FeedEngine engine;
    private final MarketDataProxy proxy;
    private final HandlerCounters counters;
    private final HandlerLatency latency;
    private final StatsCounters statsCounters;
    private final StatsAgent stats;
    private final ReceiveAgent receiver;
    private final ConductorAgent conductor;
    private final LineControl lineControl;
    private final AgentRunner receiverRunner;
    private final AgentRunner conductorRunner;
    private boolean closed;

    private FeedHandler(final Context context)
    {
        this.context = context;
        MediaDriver driver = null;
        ArchivingMediaDriver archivingDriver = null;
        ArchiveRecording recording = null;
        Aeron aeron = context.aeron();
        final boolean ownsAeron = aeron == null;
        PacketSource source = null;
        LatencyIntervalLog log = null;
        AgentRunner receiving = null;
        AgentRunner conducting = null;
        try
        {
            if (aeron == null)
            {
                String dir = context.aeronDir();
                if (dir.isEmpty())
                {
                    dir = context.embeddedAeronDir();
                    // a stable name: a dead driver's directory is removed, a live one's refused (AeronDirectory)
                    final String removed = AeronDirectory.claim(dir, CommonContext.DRIVER_TIMEOUT_MS);
                    if (removed != null)
                    {
                        System.out.println("feed-handler: " + removed);
                    }
                    final MediaDriver.Context driverContext = new MediaDriver.Context()
                        .aeronDirectoryName(dir)
                        .dirDeleteOnShutdown(true)
                        // a UDP market-data channel is read on this host through spies (aeron-spy:): they alone
                        // make it connected, as an IPC subscriber does, so local strategies need no remote one
                        .spiesSimulateConnection(true);
                    if (System.getProperty("aeron.threading.mode") == null)
                    {
                        driverContext.threadingMode(io.aeron.driver.ThreadingMode.SHARED);
                    }
                    AeronDirectoryPermissions.restrictUmask();
                    if (context.archive().mode() == ArchiveSettings.Mode.EMBEDDED)
                    {
                        archivingDriver = HandlerArchive.launchEmbedded(driverContext.dirDeleteOnStart(false),
                            context.archive());
                        driver = archivingDriver.mediaDriver();
                    }
                    else
                    {
                        driver = AeronDirectory.launch(driverContext);
                    }
                    AeronDirectoryPermissions.apply(Path.of(dir), context.aeronGroup());
                }
                else
                {
                    requireRunningDriver(dir);
                }
                // the client maps the market-data log: touched then, not by the receive thread's first writes
                aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir)
                    .preTouchMappedMemory(context.marketDataPreTouch()));
            }
            this.driver = driver;
            this.archivingDriver = archivingDriver;
            this.aeron = aeron;
            this.ownsAeron = ownsAeron;

            // before the source exists: no live line is joined, no live packet waits behind the warm-up; said once
            // the source is open, so that a start that fails says only why (one line)
            // the warm-up drives the protocol's synthetic packets; a protocol without them: skipped, said in one line
            final boolean warmsUp = context.warmUpPackets() > 0 && WarmUp.supports(context.protocol());
            if (context.warmUpPackets() > 0 && !warmsUp)
            {
                System.out.println("feed-handler: warm-up skipped (no synthetic packets of protocol " +
                    context.protocol() + ")");
            }
            final WarmUp.Result warmedUp = warmsUp ? warmUp(context, aeron) : null;

            final boolean linesOnDemand = context.packetSource() == null && context.lineControl() == null &&
                context.recoveryLinesOnDemand();
            source = context.packetSource() != null ? context.packetSource() :
                context.packetSourceFactory().open(context,
                linesOnDemand ? context.incrementalLines() : context.subscribedLines());
            this.source = source;
            if (warmedUp != null)
            {
                System.out.println("feed-handler: " + warmedUp.describe());
            }
            if (context.dropCapabilities())
            {
                dropCapabilities(context.receivePriority() > 0);
            }
            if (context.lineControl() != null)
            {
                lineControl = context.lineControl();
            }
            else if (!linesOnDemand)
            {
                lineControl = LineControl.NONE;
            }
            else if (source instanceof final SubscriptionControl subscriptions)
            {
                lineControl = new SourceLineControl(subscriptions);
            }
            else
            {
                throw new ConfigurationException(Configuration.RECOVERY_LINES_PROP_NAME + "=" +
                    context.recoveryLines() + ": the " + source.transport() + " source cannot join lines while " +
                    "running: set " + Configuration.RECOVERY_LINES_PROP_NAME + "=always");
            }

            publication = StreamRegistration.publication(aeron, Configuration.MD_CHANNEL_PROP_NAME,
                context.marketDataChannel(), context.marketDataPublicationChannel(), context.marketDataStream());
            controlSubscription = StreamRegistration.subscription(aeron, Configuration.CONTROL_CHANNEL_PROP_NAME,
                context.controlChannel(), context.controlStream());
            counters = new HandlerCounters(aeron);
            proxy = new MarketDataProxy(publication, context.epochClock(),
                counters.counter(HandlerCounter.RECORDS_PUBLISHED),
                counters.counter(HandlerCounter.BACK_PRESSURE_DROPS),
                counters.counter(HandlerCounter.NOT_CONNECTED_DROPS));
            if (context.archive().mode() != ArchiveSettings.Mode.OFF)
            {
                // recorded by the archive's own local subscription: the receive path never waits on it
                recording = new ArchiveRecording(aeron, HandlerArchive.connect(aeron, ArchiveSettings.MODE_PROP_NAME +
                    "=" + context.archive().mode().name().toLowerCase()), publication, context.archive(),
                    SystemEpochClock.INSTANCE, System.out::println);
            }
            this.recording = recording;

            final boolean captureTimes = "pcap".equals(source.transport());
            final long receiveTimeOffsetNs = captureTimes ? 0 :
                context.epochClock() instanceof final CalibratedEpochClock calibrated ? calibrated.offsetNs() :
                EpochOffset.measure(context.epochClock(), SystemNanoClock.INSTANCE);
            latency = context.latency() ? new HandlerLatency() : null;
            final PacketTimer timer = latency == null ? null :
                new PacketTimer(latency, SystemNanoClock.INSTANCE, receiveTimeOffsetNs, !captureTimes);
            final ChannelListener listener = timer == null ? proxy :
                new TimedChannelListener(proxy, timer, context.epochClock());
            engine = new FeedEngine(context.protocolInstance(), context.lineMap(), context.channelOptions()
                .withReceiveTimeOffsetNs(receiveTimeOffsetNs), context.snapshotFeed(), context.subscribedChannels(),
                context.mboChannelPredicate(), listener, proxy, counters);
            final DatagramHandler handler = timer == null ? engine : new TimedDatagramHandler(engine, timer);
            statsCounters = new StatsCounters(aeron, latency != null);
            if (latency != null && !context.hlogDir().isEmpty())
            {
                log = openLog(context.hlogDir());
            }
            stats = new StatsAgent(latency, statsCounters, source, log, SystemNanoClock.INSTANCE,
                SystemEpochClock.INSTANCE, context.latencyIntervalNs());
            receiver = new ReceiveAgent(source, engine, handler,
                new SnapshotRequestAdapter(controlSubscription, engine), context.nanoClock(),
                context.pollLimit(), context.heartbeatIntervalNs(), context.snapshotIntervalNs());
            if (receiveTimeOffsetNs != 0 && !(context.epochClock() instanceof CalibratedEpochClock))
            {
                // a CalibratedEpochClock is System.nanoTime + a constant: re-sampling would only add read jitter
                receiver.followEpochClock(context.epochClock());
            }
            receiver.pinTo(context.cpu());
            // silence is judged on the conductor's clock: meaningless for a capture replayed as fast as it reads
            final long lineSilenceNs = captureTimes ? 0 : context.lineSilenceNs();
            final String linkName = context.interfaceName();
            conductor = new ConductorAgent(engine, lineControl, SystemNanoClock.INSTANCE, counters)
                .lineSilenceNs(lineSilenceNs)
                .linkState(lineSilenceNs == 0 || linkName == null || linkName.isEmpty() ? null :
                    new LinkState(linkName));

            final ErrorHandler errorHandler = context.errorHandler();
            if (context.threadingMode() == ThreadingMode.SHARED)
            {
                receiving = new AgentRunner(context.receiveIdleStrategy(), errorHandler,
                    counters.counter(HandlerCounter.ERRORS), recording == null ?
                    new CompositeAgent(receiver, conductor, stats) :
                    new CompositeAgent(receiver, conductor, stats, recording));
                startReceiver(receiving, context.cpu(), context.receivePriority());
            }
            else
            {
                receiving = new AgentRunner(context.receiveIdleStrategy(), errorHandler,
                    counters.counter(HandlerCounter.ERRORS), receiver);
                final Agent offCriticalPath = recording == null ? new CompositeAgent(conductor, stats) :
                    new CompositeAgent(conductor, stats, recording);
                conducting = new AgentRunner(context.conductorIdleStrategy(), errorHandler,
                    counters.counter(HandlerCounter.ERRORS), offCriticalPath);
                startReceiver(receiving, context.cpu(), context.receivePriority());
                AgentRunner.startOnThread(conducting);
            }
            receiverRunner = receiving;
            conductorRunner = conducting;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(receiving, conducting, recording, log, source);
            if (ownsAeron)
            {
                CloseHelper.quietCloseAll(aeron, archivingDriver != null ? archivingDriver : driver);
            }
            throw ex;
        }
    }

    private static WarmUp.Result warmUp(final Context context, final Aeron aeron)
    {
        final long receiveTimeOffsetNs = context.epochClock() instanceof final CalibratedEpochClock calibrated ?
            calibrated.offsetNs() : EpochOffset.measure(context.epochClock(), SystemNanoClock.INSTANCE);
        return WarmUp.run(aeron, context.protocol(), context.lineMap(),
            context.channelOptions().withReceiveTimeOffsetNs(receiveTimeOffsetNs), context.snapshotFeed(),
            context.subscribedChannels(), context.mboChannelPredicate(), context.epochClock(), context.latency(),
            context.warmUpPackets());
    }

    /**
     * An external driver is checked before connecting: Aeron's client would wait its whole driver timeout (10 s)
     * and then throw, where one line now says what is missing.
     */
    static void requireRunningDriver(final String dir)
    {
        // a live driver refreshes its heartbeat every millisecond or so: 2 s without one is a dead driver's directory
        requireRunningDriver(dir, Math.min(2_000, new Aeron.Context().driverTimeoutMs()));
    }

    static void requireRunningDriver(final String dir, final long timeoutMs)
    {
        final File directory = new File(dir);
        final File cnc = new File(directory, CncFileDescriptor.CNC_FILE);
        if (!cnc.isFile())
        {
            throw new ConfigurationException(Configuration.AERON_DIR_PROP_NAME + "=" + dir + ": no media driver " +
                "there (no " + CncFileDescriptor.CNC_FILE + "): start one, or leave it empty for an embedded driver");
        }
        if (!CommonContext.isDriverActive(directory, timeoutMs, message -> { }))
        {
            throw new ConfigurationException(Configuration.AERON_DIR_PROP_NAME + "=" + dir + ": the media driver " +
                "there is not running (no heartbeat for " + timeoutMs + " ms): start it, or leave the key empty " +
                "for an embedded driver");
        }
    }

    /**
     * Conclude the context and start the handler.
     *
     * @param context configuration; concluded here.
     * @return the running handler; close it to stop.
     * @throws ConfigurationException naming the bad key and value.
     */
    public static FeedHandler launch(final Context context)
    {
        context.conclude();
        return new FeedHandler(context);
    }

    /**
     * Once the source is set up, before the agents start (they inherit this thread's capabilities): keep only
     * CAP_NET_ADMIN (and CAP_SYS_ADMIN when root), which detaching the XDP program at exit needs, and CAP_SYS_NICE
     * for a real-time receive thread, which gives it up once it is real-time.
     */
    private static void dropCapabilities(final boolean keepSysNice)
    {
        final List<String> dropped = XdpPrivileges.dropAfterSetUp(keepSysNice);
        if (!dropped.isEmpty())
        {
            System.out.println("feed-handler: capabilities dropped after set-up: " + String.join(" ", dropped) +
                " (kept " + String.join(" ", XdpPrivileges.permitted()) + " to detach the XDP program at exit)");
        }
    }

    private static LatencyIntervalLog openLog(final String directory)
    {
        final File file = new File(directory, LatencyIntervalLog.FILE_NAME);
        try
        {
            return new LatencyIntervalLog(file, System.currentTimeMillis());
        }
        catch (final FileNotFoundException ex)
        {
            throw new ConfigurationException(Configuration.HLOG_DIR_PROP_NAME + "=" + directory + ": cannot create " +
                file + " (" + ex.getMessage() + "): give a writable directory");
        }
    }

    /**
     * Start the receive agent's thread, pinned to {@code cpu} (sched_setaffinity) when it is not -1 and made
     * SCHED_FIFO at {@code priority} when it is not 0. Waits until both are done, so that a CPU the process may not
     * use, or a priority it may not take, stops start-up naming the setting.
     */
    private static void startReceiver(final AgentRunner runner, final int cpu, final int priority)
    {
        if (cpu < 0 && priority == 0)
        {
            AgentRunner.startOnThread(runner);
            return;
        }
        final CompletableFuture<Boolean> ready = new CompletableFuture<>();
        AgentRunner.startOnThread(runner, runnable -> new Thread(() ->
        {
            String setting = Configuration.CPU_PROP_NAME + "=" + cpu;
            try
            {
                if (cpu >= 0)
                {
                    ThreadAffinity.pinCurrentThread(cpu);
                }
                if (priority > 0)
                {
                    setting = Configuration.RECEIVE_PRIORITY_PROP_NAME + "=" + priority;
                    ThreadAffinity.realtime(priority);
                    if (XdpPrivileges.permitted().contains("CAP_SYS_NICE"))
                    {
                        XdpPrivileges.dropAfterSetUp();
                    }
                }
                ready.complete(true);
            }
            catch (final RuntimeException ex)
            {
                ready.completeExceptionally(new ConfigurationException(setting + ": " + ex.getMessage(), ex));
                return;
            }
            runnable.run();
        }));
        try
        {
            ready.join();
        }
        catch (final CompletionException ex)
        {
            throw (ConfigurationException)ex.getCause();
        }
    }

    /**
     * @return the concluded configuration.
     */
    public Context context()
    {
        return context;
    }

    /**
     * @return the Aeron client.
     */
    public Aeron aeron()
    {
        return aeron;
    }

    /**
     * @return the embedded media driver, or null with an external one.
     */
    public MediaDriver driver()
    {
        return driver;
    }

    /**
     * @return the recording of the market-data stream, or null when {@code xdpfeed.archive=off}.
     */
    public ArchiveRecording recording()
    {
        return recording;
    }

    /**
     * @return the packet source (polled by the receive thread; {@link PacketSource#transport()} names the transport
     * actually used, e.g. {@code udp} when {@code auto} could not use AF_XDP).
     */
    public PacketSource source()
    {
        return source;
    }

    /**
     * @return the engine (owned by the receive thread: read its counters through Aeron while running).
     */
    public FeedEngine engine()
    {
        return engine;
    }

    /**
     * @return the conductor (joins and leaves the recovery lines).
     */
    public ConductorAgent conductor()
    {
        return conductor;
    }

    /**
     * @return what joins and leaves the recovery lines: {@link LineControl#NONE} when every line is received from
     * the start.
     */
    public LineControl lineControl()
    {
        return lineControl;
    }

    /**
     * @return the counters.
     */
    public HandlerCounters counters()
    {
        return counters;
    }

    /**
     * @return the latency tiers recorded by the receive thread, or null when latency is off.
     */
    public HandlerLatency latency()
    {
        return latency;
    }

    /**
     * @return the stats agent: interval histograms, interval log, latency and ingress counters.
     */
    public StatsAgent stats()
    {
        return stats;
    }

    /**
     * @return the publisher (owned by the receive thread).
     */
    public MarketDataProxy proxy()
    {
        return proxy;
    }

    /**
     * Stop the agents, close the source, the streams and, when embedded, the media driver and its directory.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.closeAll(receiverRunner, conductorRunner);
        if (engine != null)
        {
            // the receive thread has stopped: the sockets of the protocol's recovery (ITCH servers) are closed here
            engine.close();
        }
        if (counters != null && !aeron.isClosed())
        {
            // the last totals: the conductor sums them every millisecond, a stopped handler's are final
            counters.sumChannels();
        }
        CloseHelper.closeAll(recording, counters, statsCounters, source, publication, controlSubscription);
        if (ownsAeron)
        {
            CloseHelper.closeAll(aeron, archivingDriver != null ? archivingDriver : driver);
        }
    }

    /**
     * Configuration of a {@link FeedHandler}, Aeron style: every value defaults from {@link Configuration}
     * (system properties), setters override, {@link #conclude()} fills the rest, validates and throws
     * {@link ConfigurationException} naming the key and the bad value. The settings are grouped by concern, each
     * group with its own checks: {@link IngressSettings}, {@link RecoverySettings}, {@link PublicationSettings},
     * {@link StatsSettings}; this class adds the threading, the clocks and the error handler.
     */
    public static final class Context extends StatsSettings<Context>
    {
        private boolean concluded;
        private String threadingModeName = Configuration.threadingMode();
        private ThreadingMode threadingMode;
        private IdleStrategy conductorIdleStrategy;
        private NanoClock nanoClock;
        private ErrorHandler errorHandler;
        private int warmUpPackets = Configuration.warmUpPackets();

        /**
         * Fill defaults and validate. Idempotent.
         *
         * @return this.
         * @throws ConfigurationException naming the key and the bad value.
         */
        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            concludeIngress();
            concludePublication();
            concludeRecovery();
            if (threadingMode == null)
            {
                try
                {
                    threadingMode = ThreadingMode.valueOf(threadingModeName.toUpperCase());
                }
                catch (final IllegalArgumentException ex)
                {
                    throw new ConfigurationException(Configuration.THREADING_MODE_PROP_NAME + "=" +
                        threadingModeName + " is neither DEDICATED nor SHARED");
                }
            }
            if (conductorIdleStrategy == null)
            {
                conductorIdleStrategy = new SleepingMillisIdleStrategy(1);
            }
            if (nanoClock == null)
            {
                nanoClock = SystemNanoClock.INSTANCE;
            }
            concludeStats();
            if (errorHandler == null)
            {
                errorHandler = Throwable::printStackTrace;
            }
            if (warmUpPackets < 0 || warmUpPackets > 10_000_000)
            {
                throw new ConfigurationException(Configuration.WARMUP_PACKETS_PROP_NAME + "=" + warmUpPackets +
                    " is not between 0 (off) and 10000000");
            }
            concluded = true;
            return this;
        }

        /**
         * @return threading mode (after conclude).
         */
        public ThreadingMode threadingMode()
        {
            return threadingMode;
        }

        /**
         * @param mode threading mode.
         * @return this.
         */
        public Context threadingMode(final ThreadingMode mode)
        {
            this.threadingMode = mode;
            return this;
        }

        /**
         * @return conductor idle strategy.
         */
        public IdleStrategy conductorIdleStrategy()
        {
            return conductorIdleStrategy;
        }

        /**
         * @param strategy conductor idle strategy.
         * @return this.
         */
        public Context conductorIdleStrategy(final IdleStrategy strategy)
        {
            this.conductorIdleStrategy = strategy;
            return this;
        }

        /**
         * @return monotonic clock of the receive thread (same as the source's receive times).
         */
        public NanoClock nanoClock()
        {
            return nanoClock;
        }

        /**
         * @param clock monotonic clock.
         * @return this.
         */
        public Context nanoClock(final NanoClock clock)
        {
            this.nanoClock = clock;
            return this;
        }

        /**
         * @return synthetic packets (in all) of the warm-up before the live lines are joined; 0 for none.
         */
        public int warmUpPackets()
        {
            return warmUpPackets;
        }

        /**
         * @param packets synthetic packets (in all) of the warm-up ({@link WarmUp}); 0 turns it off.
         * @return this.
         */
        public Context warmUpPackets(final int packets)
        {
            this.warmUpPackets = packets;
            return this;
        }

        /**
         * @return where the agent runners report errors.
         */
        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        /**
         * @param handler where the agent runners report errors.
         * @return this.
         */
        public Context errorHandler(final ErrorHandler handler)
        {
            this.errorHandler = handler;
            return this;
        }
    }
}
