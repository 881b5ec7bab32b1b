package io.xdpfeed.handler.engine;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.xdpfeed.handler.channel.ChannelListener;
import io.xdpfeed.handler.channel.ChannelOptions;
import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.Feed;
import io.xdpfeed.handler.config.FeedType;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.publish.MarketDataProxy;
import io.xdpfeed.handler.replay.OutputFile;
import io.xdpfeed.handler.publish.SnapshotRequestAdapter;
import io.xdpfeed.handler.stats.CalibratedEpochClock;
import io.xdpfeed.handler.stats.EpochOffset;
import io.xdpfeed.handler.stats.HandlerLatency;
import io.xdpfeed.handler.stats.HandlerLatencyTier;
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
import io.xdpfeed.nativeio.ParentDeath;
import io.xdpfeed.xdp.XdpPrivileges;
import org.HdrHistogram.Histogram;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.ShutdownSignalBarrier;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntPredicate;

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
 * Run it with {@code scripts/feed-handler --config handler.properties}.
 */
public final class FeedHandler implements AutoCloseable
{
    static final String USAGE =
        "usage: feed-handler --config handler.properties [--seconds N] [--hlog DIR] [--books FILE]\n" +
        "  keys: io.xdpfeed.handler.engine.Configuration; -Dkey=value overrides the file\n" +
        "  --books FILE: at exit, write the final books as JSON (the format of scripts/replay --books)\n" +
        "  exit status: 0 done, 1 bad setting or file, or failure while running, 2 bad usage";

    /** Aeron's own property: when set, the directory of the embedded media driver. */
    public static final String AERON_DIR_SYSTEM_PROP_NAME = "aeron.dir";

    private final Context context;
    private final MediaDriver driver;
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
                        .dirDeleteOnShutdown(true);
                    if (System.getProperty("aeron.threading.mode") == null)
                    {
                        driverContext.threadingMode(io.aeron.driver.ThreadingMode.SHARED);
                    }
                    AeronDirectoryPermissions.restrictUmask();
                    driver = AeronDirectory.launch(driverContext);
                    AeronDirectoryPermissions.apply(Path.of(dir), context.aeronGroup());
                }
                else
                {
                    requireRunningDriver(dir);
                }
                aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
            }
            this.driver = driver;
            this.aeron = aeron;
            this.ownsAeron = ownsAeron;

            final boolean linesOnDemand = context.packetSource() == null && context.lineControl() == null &&
                context.recoveryLinesOnDemand();
            source = context.packetSource() != null ? context.packetSource() :
                context.packetSourceFactory().open(context,
                linesOnDemand ? context.incrementalLines() : context.subscribedLines());
            this.source = source;
            if (context.dropCapabilities())
            {
                dropCapabilities();
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

            publication = aeron.addExclusivePublication(context.marketDataChannel(), context.marketDataStream());
            controlSubscription = aeron.addSubscription(context.controlChannel(), context.controlStream());
            proxy = new MarketDataProxy(publication, context.epochClock());

            final boolean captureTimes = "pcap".equals(source.transport());
            final long receiveTimeOffsetNs = captureTimes ? 0 :
                context.epochClock() instanceof final CalibratedEpochClock calibrated ? calibrated.offsetNs() :
                EpochOffset.measure(context.epochClock(), SystemNanoClock.INSTANCE);
            latency = context.latency() ? new HandlerLatency() : null;
            final PacketTimer timer = latency == null ? null :
                new PacketTimer(latency, SystemNanoClock.INSTANCE, receiveTimeOffsetNs, !captureTimes);
            final ChannelListener listener = timer == null ? proxy : new TimedChannelListener(proxy, timer);
            engine = new FeedEngine(context.lineMap(), context.channelOptions()
                .withReceiveTimeOffsetNs(receiveTimeOffsetNs), context.snapshotFeed(), context.subscribedChannels(),
                context.mboChannelPredicate(), listener, proxy);
            final DatagramHandler handler = timer == null ? engine : new TimedDatagramHandler(engine, timer);
            counters = new HandlerCounters(aeron, engine);
            statsCounters = new StatsCounters(aeron, latency != null);
            if (latency != null && !context.hlogDir().isEmpty())
            {
                log = openLog(context.hlogDir());
            }
            stats = new StatsAgent(latency, statsCounters, source, log, SystemNanoClock.INSTANCE,
                SystemEpochClock.INSTANCE, context.latencyIntervalNs());
            receiver = new ReceiveAgent(source, engine, handler,
                new SnapshotRequestAdapter(controlSubscription, engine), counters, context.nanoClock(),
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
                    counters.counter(HandlerCounter.ERRORS), new CompositeAgent(receiver, conductor, stats));
                startReceiver(receiving, context.cpu());
            }
            else
            {
                receiving = new AgentRunner(context.receiveIdleStrategy(), errorHandler,
                    counters.counter(HandlerCounter.ERRORS), receiver);
                final Agent offCriticalPath = new CompositeAgent(conductor, stats);
                conducting = new AgentRunner(context.conductorIdleStrategy(), errorHandler,
                    counters.counter(HandlerCounter.ERRORS), offCriticalPath);
                startReceiver(receiving, context.cpu());
                AgentRunner.startOnThread(conducting);
            }
            receiverRunner = receiving;
            conductorRunner = conducting;
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(receiving, conducting, log, source);
            if (ownsAeron)
            {
                CloseHelper.quietCloseAll(aeron, driver);
            }
            throw ex;
        }
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
     * CAP_NET_ADMIN (and CAP_SYS_ADMIN when root), which detaching the XDP program at exit needs.
     */
    private static void dropCapabilities()
    {
        final List<String> dropped = XdpPrivileges.dropAfterSetUp();
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
     * Start the receive agent's thread, pinned to {@code cpu} (sched_setaffinity) when it is not -1. Waits until the
     * thread is pinned, so that a CPU the process may not use stops start-up.
     */
    private static void startReceiver(final AgentRunner runner, final int cpu)
    {
        if (cpu < 0)
        {
            AgentRunner.startOnThread(runner);
            return;
        }
        final CompletableFuture<Boolean> pinned = new CompletableFuture<>();
        AgentRunner.startOnThread(runner, runnable -> new Thread(() ->
        {
            try
            {
                pinned.complete(ThreadAffinity.pinCurrentThread(cpu));
            }
            catch (final RuntimeException ex)
            {
                pinned.completeExceptionally(ex);
                return;
            }
            runnable.run();
        }));
        try
        {
            pinned.join();
        }
        catch (final CompletionException ex)
        {
            throw new ConfigurationException(Configuration.CPU_PROP_NAME + "=" + cpu + ": " +
                ex.getCause().getMessage(), ex.getCause());
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
        CloseHelper.closeAll(counters, statsCounters, source, publication, controlSubscription);
        if (ownsAeron)
        {
            CloseHelper.closeAll(aeron, driver);
        }
    }

    /**
     * {@code scripts/feed-handler --config FILE [--seconds N] [--hlog DIR] [--books FILE]}: run until SIGINT/SIGTERM,
     * or for N seconds; with {@code --hlog} the latency tiers go to {@code DIR/handler.hlog}; with {@code --books},
     * write the final books as JSON once the agents have stopped. Prints a {@code SUMMARY} line per latency tier.
     *
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        // first: started as a child of the demo or a benchmark, die with it (see ParentDeath)
        ParentDeath.armOrExit("feed-handler");
        long seconds = 0;
        Path books = null;
        try
        {
            final CommandLine line = new CommandLine(args);
            while (line.hasNext())
            {
                final String option = line.next();
                switch (option)
                {
                    case "--config" -> loadProperties(line.path(option));
                    case "--hlog" -> System.setProperty(Configuration.HLOG_DIR_PROP_NAME, line.value(option));
                    case "--seconds" -> seconds = line.longValue(option, 1, Long.MAX_VALUE / 1_000_000_000L);
                    case "--books" -> books = line.path(option);
                    case "-h", "--help" ->
                    {
                        System.out.println(USAGE);
                        System.exit(CommandLine.EXIT_OK);
                    }
                    default -> throw CommandLine.unknown(option);
                }
            }
        }
        catch (final UsageException ex)
        {
            System.err.println("feed-handler: " + ex.getMessage());
            System.err.println(USAGE);
            System.exit(CommandLine.EXIT_USAGE);
        }
        catch (final ConfigurationException ex)
        {
            System.err.println("feed-handler: " + ex.getMessage());
            System.exit(CommandLine.EXIT_FAILURE);
        }
        for (final String warning : ConfigurationKeys.unknownKeyWarnings(System.getProperties()))
        {
            System.err.println("feed-handler: " + warning);
        }

        // --books is opened now: an unwritable path fails before the session, not after it (the books lost)
        final OutputFile booksFile;
        try
        {
            booksFile = books == null ? null : OutputFile.open("--books", books);
        }
        catch (final UncheckedIOException ex)
        {
            System.err.println("feed-handler: " + ex.getMessage());
            System.exit(CommandLine.EXIT_FAILURE);
            return;
        }
        run(seconds, booksFile);
    }

    private static void loadProperties(final Path file)
    {
        // -D on the command line wins over the file, as Agrona's PropertyAction.PRESERVE did
        ConfigurationKeys.load(file).forEach((key, value) ->
        {
            if (System.getProperty((String)key) == null)
            {
                System.setProperty((String)key, (String)value);
            }
        });
    }

    private static void run(final long seconds, final OutputFile books)
    {
        FeedHandler stopped = null;
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier();
            FeedHandler handler = launch(new Context().dropCapabilities(Configuration.dropCapabilities())))
        {
            stopped = handler;
            final Context context = handler.context();
            System.out.println("feed-handler: channels " + Arrays.toString(context.channels()) + " from " +
                context.cmeConfig() + ", transport " + context.transport() + " -> " + handler.source().transport() +
                " on " + context.interfaceName() + ", market data " +
                context.marketDataChannel() + " stream " + context.marketDataStream() + ", control stream " +
                context.controlStream() + ", aeron dir " + handler.aeron().context().aeronDirectoryName());
            if (seconds > 0)
            {
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                Thread.ofPlatform().daemon().name("xdpfeed-timer").start(() ->
                {
                    long remainingNs;
                    while ((remainingNs = deadlineNs - System.nanoTime()) > 0)
                    {
                        LockSupport.parkNanos(remainingNs);
                    }
                    barrier.signal();
                });
            }
            barrier.await();
            System.out.println("feed-handler: stopping");
            handler.close();
            printSummary(handler);
        }
        catch (final ConfigurationException ex)
        {
            CloseHelper.quietClose(books);
            System.err.println("feed-handler: " + ex.getMessage());
            System.exit(CommandLine.EXIT_FAILURE);
        }
        if (stopped != null && books != null)
        {
            try (books)
            {
                BookJsonWriter.write(stopped.engine(), books.writer());
                books.commit();
            }
            catch (final IOException | UncheckedIOException ex)
            {
                System.err.println("feed-handler: " + ex.getMessage());
                System.exit(CommandLine.EXIT_FAILURE);
            }
            System.out.println("feed-handler: books written to " + books.target() + " (" +
                stopped.engine().recoveries() + " recoveries, " + stopped.engine().staleInstruments() +
                " stale instruments)");
        }
        if (System.out.checkError())
        {
            System.err.println("feed-handler: cannot write to standard output");
            System.exit(CommandLine.EXIT_FAILURE);
        }
    }

    private static void printSummary(final FeedHandler handler)
    {
        if (handler.latency() == null)
        {
            return;
        }
        for (final HandlerLatencyTier tier : HandlerLatencyTier.tiers())
        {
            final Histogram total = handler.stats().total(tier);
            final boolean empty = total.getTotalCount() == 0;
            System.out.println("SUMMARY tier=" + tier.tag() + " n=" + total.getTotalCount() +
                " p50_ns=" + (empty ? 0 : total.getValueAtPercentile(50)) +
                " p99_ns=" + (empty ? 0 : total.getValueAtPercentile(99)) +
                " p999_ns=" + (empty ? 0 : total.getValueAtPercentile(99.9)) +
                " max_ns=" + (empty ? 0 : total.getMaxValue()) +
                " clamped=" + handler.latency().clampedCount(tier));
        }
        final LatencyIntervalLog log = handler.stats().log();
        if (log != null)
        {
            System.out.println("feed-handler: interval log " + log.file());
        }
    }

    /**
     * Configuration of a {@link FeedHandler}, Aeron style: every value defaults from {@link Configuration}
     * (system properties), setters override, {@link #conclude()} fills the rest, validates and throws
     * {@link ConfigurationException} naming the key and the bad value.
     */
    public static final class Context
    {
        private boolean concluded;
        private String cmeConfig = Configuration.cmeConfig();
        private LineMap lineMap;
        private int[] channels = Configuration.channels();
        private int[] mboChannels = Configuration.mboChannels();
        private String transport = Configuration.transport();
        private String interfaceName = Configuration.interfaceName();
        private int queue = Configuration.queue();
        private int cpu = Configuration.cpu();
        private String aeronDir = Configuration.aeronDir();
        private String embeddedAeronDir = AeronDirectory.embeddedName();
        private String aeronGroup = Configuration.aeronGroup();
        private boolean dropCapabilities;
        private Aeron aeron;
        private String marketDataChannel = Configuration.marketDataChannel();
        private int marketDataStream = Configuration.marketDataStream();
        private String controlChannel = Configuration.controlChannel();
        private int controlStream = Configuration.controlStream();
        private String snapshotFeedName = Configuration.snapshotFeed();
        private Feed snapshotFeed;
        private long gapWaitNs = Configuration.gapWaitNs();
        private int reorderWindow = Configuration.reorderWindow();
        private int queueCapacity = Configuration.queueCapacity();
        private int bookDepth = Configuration.bookDepth();
        private int mboMaxOrders = Configuration.mboMaxOrders();
        private String threadingModeName = Configuration.threadingMode();
        private ThreadingMode threadingMode;
        private long heartbeatIntervalNs = Configuration.heartbeatIntervalNs();
        private long snapshotIntervalNs = Configuration.snapshotIntervalNs();
        private int pollLimit = Configuration.pollLimit();
        private String receiveIdle = Configuration.receiveIdle();
        private boolean latency = Configuration.latency();
        private long latencyIntervalNs = Configuration.latencyIntervalNs();
        private String hlogDir = Configuration.hlogDir();
        private IdleStrategy receiveIdleStrategy;
        private IdleStrategy conductorIdleStrategy;
        private PacketSource packetSource;
        private PacketSourceFactory packetSourceFactory;
        private LineControl lineControl;
        private String recoveryLines = Configuration.recoveryLines();
        private NanoClock nanoClock;
        private EpochNanoClock epochClock;
        private ErrorHandler errorHandler;
        private long lineSilenceNs = Configuration.lineSilenceNs();

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

            if (lineMap == null)
            {
                if (cmeConfig == null || cmeConfig.isEmpty())
                {
                    throw new ConfigurationException(Configuration.CME_CONFIG_PROP_NAME +
                        " is not set: give the path of CME's config.xml");
                }
                try
                {
                    lineMap = CmeConfigParser.parse(Path.of(cmeConfig));
                }
                catch (final ConfigurationException ex)
                {
                    throw new ConfigurationException(Configuration.CME_CONFIG_PROP_NAME + "=" + cmeConfig + ": " +
                        ex.getMessage(), ex);
                }
            }

            final int[] known = new int[lineMap.channelCount()];
            for (int i = 0; i < known.length; i++)
            {
                known[i] = lineMap.channelId(i);
            }
            if (channels.length == 0)
            {
                channels = known;
            }
            checkChannels(Configuration.CHANNELS_PROP_NAME, channels, known);
            checkChannels(Configuration.MBO_CHANNELS_PROP_NAME, mboChannels, channels);

            if (!"xdp".equals(transport) && !"udp".equals(transport) && !"auto".equals(transport))
            {
                throw new ConfigurationException(Configuration.TRANSPORT_PROP_NAME + "=" + transport +
                    " is not one of xdp, udp, auto");
            }
            if (queue < 0)
            {
                throw new ConfigurationException(Configuration.QUEUE_PROP_NAME + "=" + queue + " must be >= 0");
            }
            if (cpu < -1)
            {
                throw new ConfigurationException(Configuration.CPU_PROP_NAME + "=" + cpu +
                    " must be a CPU number, or -1 for none");
            }
            checkAeronChannel(Configuration.MD_CHANNEL_PROP_NAME, marketDataChannel);
            checkAeronChannel(Configuration.CONTROL_CHANNEL_PROP_NAME, controlChannel);
            checkStream(Configuration.MD_STREAM_PROP_NAME, marketDataStream);
            checkStream(Configuration.CONTROL_STREAM_PROP_NAME, controlStream);
            if (marketDataChannel.equals(controlChannel) && marketDataStream == controlStream)
            {
                throw new ConfigurationException(Configuration.CONTROL_STREAM_PROP_NAME + "=" + controlStream +
                    " is the market-data stream too: give the control stream its own id");
            }

            if (snapshotFeed == null)
            {
                snapshotFeed = Feed.fromCode(snapshotFeedName.toUpperCase());
                if (snapshotFeed == null)
                {
                    throw new ConfigurationException(Configuration.SNAPSHOT_FEED_PROP_NAME + "=" +
                        snapshotFeedName + " is neither A nor B");
                }
            }
            if (gapWaitNs <= 0)
            {
                throw new ConfigurationException(Configuration.GAP_WAIT_PROP_NAME + "=" + gapWaitNs +
                    "ns must be more than 0, e.g. 2ms");
            }
            checkPowerOfTwo(Configuration.REORDER_WINDOW_PROP_NAME, reorderWindow, 2, 1 << 16);
            checkPowerOfTwo(Configuration.QUEUE_CAPACITY_PROP_NAME, queueCapacity, 16, 1 << 22);
            if (mboMaxOrders < 1 || mboMaxOrders > 1 << 24)
            {
                throw new ConfigurationException(Configuration.MBO_MAX_ORDERS_PROP_NAME + "=" + mboMaxOrders +
                    " is not 1..16777216 (orders per market-by-order book)");
            }
            if (bookDepth < 1 || bookDepth > 255)
            {
                throw new ConfigurationException(Configuration.BOOK_DEPTH_PROP_NAME + "=" + bookDepth +
                    " is not in 1..255");
            }
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
            if (heartbeatIntervalNs < 0 || snapshotIntervalNs < 0)
            {
                throw new ConfigurationException("intervals must be >= 0: " +
                    Configuration.HEARTBEAT_INTERVAL_PROP_NAME + "=" + heartbeatIntervalNs + "ns, " +
                    Configuration.SNAPSHOT_INTERVAL_PROP_NAME + "=" + snapshotIntervalNs + "ns");
            }
            if (lineSilenceNs < 0)
            {
                throw new ConfigurationException(Configuration.LINE_SILENCE_PROP_NAME + "=" + lineSilenceNs +
                    "ns must be >= 0 (0 turns the check off)");
            }
            if (pollLimit < 1 || pollLimit > 4096)
            {
                throw new ConfigurationException(Configuration.POLL_LIMIT_PROP_NAME + "=" + pollLimit +
                    " is not in 1..4096");
            }
            if (receiveIdleStrategy == null)
            {
                receiveIdleStrategy = switch (receiveIdle)
                {
                    case "spin" -> new BusySpinIdleStrategy();
                    case "yield" -> new YieldingIdleStrategy();
                    case "backoff" -> new BackoffIdleStrategy();
                    case "" -> cpu >= 0 ? new BusySpinIdleStrategy() : new BackoffIdleStrategy();
                    default -> throw new ConfigurationException(Configuration.RECEIVE_IDLE_PROP_NAME + "=" +
                        receiveIdle + " is not one of spin, yield, backoff");
                };
            }
            if (conductorIdleStrategy == null)
            {
                conductorIdleStrategy = new SleepingMillisIdleStrategy(1);
            }
            if (packetSourceFactory == null)
            {
                packetSourceFactory = TransportSources.INSTANCE;
            }
            if (!"on-demand".equals(recoveryLines) && !"always".equals(recoveryLines))
            {
                throw new ConfigurationException(Configuration.RECOVERY_LINES_PROP_NAME + "=" + recoveryLines +
                    " is neither on-demand nor always");
            }
            if (nanoClock == null)
            {
                nanoClock = SystemNanoClock.INSTANCE;
            }
            if (latencyIntervalNs < 1_000_000)
            {
                throw new ConfigurationException(Configuration.LATENCY_INTERVAL_PROP_NAME + "=" + latencyIntervalNs +
                    "ns is shorter than 1ms: give e.g. 1s");
            }
            if (hlogDir == null)
            {
                hlogDir = "";
            }
            if (!hlogDir.isEmpty())
            {
                final File dir = new File(hlogDir);
                if (!dir.isDirectory() && !dir.mkdirs() || !dir.canWrite())
                {
                    throw new ConfigurationException(Configuration.HLOG_DIR_PROP_NAME + "=" + hlogDir +
                        " is not a writable directory and cannot be created");
                }
            }
            if (epochClock == null)
            {
                // CLOCK_REALTIME to a few tens of ns, like the subscribers' clock (an offset sampled from
                // currentTimeMillis could be 1 ms off and make the bus tier negative), at the cost of System.nanoTime
                epochClock = CalibratedEpochClock.calibrate();
            }
            if (errorHandler == null)
            {
                errorHandler = Throwable::printStackTrace;
            }
            concluded = true;
            return this;
        }

        private void checkChannels(final String key, final int[] ids, final int[] allowed)
        {
            for (final int id : ids)
            {
                boolean found = false;
                for (final int candidate : allowed)
                {
                    found |= candidate == id;
                }
                if (!found)
                {
                    throw new ConfigurationException(key + "=" + Arrays.toString(ids).replaceAll("[\\[\\] ]", "") +
                        ": channel " + id + " is not among " + Arrays.toString(allowed) +
                        (key.equals(Configuration.CHANNELS_PROP_NAME) ? " of " + cmeConfig : " (subscribed)"));
                }
            }
        }

        private static void checkAeronChannel(final String key, final String channel)
        {
            if (channel == null || !channel.startsWith("aeron:"))
            {
                throw new ConfigurationException(key + "=" + channel +
                    " is not an Aeron channel (e.g. aeron:ipc or aeron:udp?endpoint=...)");
            }
        }

        private static void checkStream(final String key, final int streamId)
        {
            if (streamId == 0)
            {
                throw new ConfigurationException(key + "=0 is not a usable stream id");
            }
        }

        private static void checkPowerOfTwo(final String key, final int value, final int min, final int max)
        {
            if (value < min || value > max || !BitUtil.isPowerOfTwo(value))
            {
                throw new ConfigurationException(key + "=" + value + " must be a power of two in " + min + ".." +
                    max);
            }
        }

        /**
         * @return the per-channel settings derived from this context.
         */
        public ChannelOptions channelOptions()
        {
            return new ChannelOptions(bookDepth, bookDepth, reorderWindow, gapWaitNs, queueCapacity,
                ChannelOptions.defaults().slotLength(), false, true, 0, mboMaxOrders);
        }

        /**
         * @return predicate on CME channel ids: subscribed.
         */
        public IntPredicate subscribedChannels()
        {
            final int[] ids = channels.clone();
            return id ->
            {
                for (final int candidate : ids)
                {
                    if (candidate == id)
                    {
                        return true;
                    }
                }
                return false;
            };
        }

        /**
         * @return orders each market-by-order book holds.
         */
        public int mboMaxOrders()
        {
            return mboMaxOrders;
        }

        /**
         * @param maxOrders orders each market-by-order book holds.
         * @return this.
         */
        public Context mboMaxOrders(final int maxOrders)
        {
            this.mboMaxOrders = maxOrders;
            return this;
        }

        /**
         * @return predicate on CME channel ids: MBO books kept.
         */
        public IntPredicate mboChannelPredicate()
        {
            final int[] ids = mboChannels.clone();
            return id ->
            {
                for (final int candidate : ids)
                {
                    if (candidate == id)
                    {
                        return true;
                    }
                }
                return false;
            };
        }

        /**
         * @return the incremental (A and B) lines of the subscribed channels: what a live source receives from the
         * start when the recovery lines are joined on demand.
         */
        public List<Line> incrementalLines()
        {
            final List<Line> lines = new ArrayList<>();
            for (final Line line : subscribedLines())
            {
                if (line.feedType() == FeedType.INCREMENTAL || line.feedType() == FeedType.UNCONFIGURED)
                {
                    lines.add(line);
                }
            }
            return lines;
        }

        /**
         * @return every multicast line of the subscribed channels (no historical TCP lines).
         */
        public List<Line> subscribedLines()
        {
            final IntPredicate subscribed = subscribedChannels();
            final List<Line> lines = new ArrayList<>();
            for (final Line line : lineMap.lines())
            {
                if (subscribed.test(line.channelId()) && line.feedType() != FeedType.HISTORICAL)
                {
                    lines.add(line);
                }
            }
            return lines;
        }

        /**
         * @return {@link Configuration#CME_CONFIG_PROP_NAME}.
         */
        public String cmeConfig()
        {
            return cmeConfig;
        }

        /**
         * @param path of CME's config.xml.
         * @return this.
         */
        public Context cmeConfig(final String path)
        {
            this.cmeConfig = path;
            return this;
        }

        /**
         * @return the line map (after conclude).
         */
        public LineMap lineMap()
        {
            return lineMap;
        }

        /**
         * @param lineMap use this map instead of parsing {@link #cmeConfig()}.
         * @return this.
         */
        public Context lineMap(final LineMap lineMap)
        {
            this.lineMap = lineMap;
            return this;
        }

        /**
         * @return subscribed CME channel ids.
         */
        public int[] channels()
        {
            return channels;
        }

        /**
         * @param channels CME channel ids to handle, none for all.
         * @return this.
         */
        public Context channels(final int... channels)
        {
            this.channels = channels.clone();
            return this;
        }

        /**
         * @return channels whose MBO books are kept.
         */
        public int[] mboChannels()
        {
            return mboChannels;
        }

        /**
         * @param mboChannels CME channel ids.
         * @return this.
         */
        public Context mboChannels(final int... mboChannels)
        {
            this.mboChannels = mboChannels.clone();
            return this;
        }

        /**
         * @return xdp, udp or auto.
         */
        public String transport()
        {
            return transport;
        }

        /**
         * @param transport xdp, udp or auto.
         * @return this.
         */
        public Context transport(final String transport)
        {
            this.transport = transport;
            return this;
        }

        /**
         * @return network interface.
         */
        public String interfaceName()
        {
            return interfaceName;
        }

        /**
         * @param interfaceName network interface.
         * @return this.
         */
        public Context interfaceName(final String interfaceName)
        {
            this.interfaceName = interfaceName;
            return this;
        }

        /**
         * @return NIC RX queue.
         */
        public int queue()
        {
            return queue;
        }

        /**
         * @param queue NIC RX queue.
         * @return this.
         */
        public Context queue(final int queue)
        {
            this.queue = queue;
            return this;
        }

        /**
         * @return CPU of the receive thread, -1 for none.
         */
        public int cpu()
        {
            return cpu;
        }

        /**
         * @param cpu CPU of the receive thread, -1 for none.
         * @return this.
         */
        public Context cpu(final int cpu)
        {
            this.cpu = cpu;
            return this;
        }

        /**
         * @return external media driver directory, empty for embedded.
         */
        public String aeronDir()
        {
            return aeronDir;
        }

        /**
         * @param aeronDir external media driver directory, empty for embedded.
         * @return this.
         */
        public Context aeronDir(final String aeronDir)
        {
            this.aeronDir = aeronDir;
            return this;
        }

        /**
         * @return directory of the embedded media driver: {@code aeron.dir}, else /dev/shm/xdpfeed-aeron-USER.
         */
        public String embeddedAeronDir()
        {
            return embeddedAeronDir;
        }

        /**
         * @param embeddedAeronDir directory of the embedded media driver (a stable name: see {@link AeronDirectory}).
         * @return this.
         */
        public Context embeddedAeronDir(final String embeddedAeronDir)
        {
            this.embeddedAeronDir = embeddedAeronDir;
            return this;
        }

        /**
         * @return group given the embedded driver's directory, empty for the handler's primary group.
         */
        public String aeronGroup()
        {
            return aeronGroup;
        }

        /**
         * @param aeronGroup group name or number given the embedded driver's directory ({@link
         *                   AeronDirectoryPermissions}), empty for the handler's primary group.
         * @return this.
         */
        public Context aeronGroup(final String aeronGroup)
        {
            this.aeronGroup = aeronGroup;
            return this;
        }

        /**
         * @return whether the capabilities are lowered once the source is set up (a dedicated process only:
         * capabilities are per thread, and the launching thread keeps only CAP_NET_ADMIN).
         */
        public boolean dropCapabilities()
        {
            return dropCapabilities;
        }

        /**
         * @param dropCapabilities lower the launching thread's capabilities to CAP_NET_ADMIN once the source is set
         *                         up, so that the agents it starts inherit no more; off by default (a test launching
         *                         several handlers in one JVM would lose what the next one needs).
         * @return this.
         */
        public Context dropCapabilities(final boolean dropCapabilities)
        {
            this.dropCapabilities = dropCapabilities;
            return this;
        }

        /**
         * @return a client supplied by the caller (not closed by the handler), or null.
         */
        public Aeron aeron()
        {
            return aeron;
        }

        /**
         * @param aeron a client to use instead of connecting (the caller closes it).
         * @return this.
         */
        public Context aeron(final Aeron aeron)
        {
            this.aeron = aeron;
            return this;
        }

        /**
         * @return market-data Aeron channel.
         */
        public String marketDataChannel()
        {
            return marketDataChannel;
        }

        /**
         * @param channel market-data Aeron channel.
         * @return this.
         */
        public Context marketDataChannel(final String channel)
        {
            this.marketDataChannel = channel;
            return this;
        }

        /**
         * @return market-data stream id.
         */
        public int marketDataStream()
        {
            return marketDataStream;
        }

        /**
         * @param streamId market-data stream id.
         * @return this.
         */
        public Context marketDataStream(final int streamId)
        {
            this.marketDataStream = streamId;
            return this;
        }

        /**
         * @return control Aeron channel.
         */
        public String controlChannel()
        {
            return controlChannel;
        }

        /**
         * @param channel control Aeron channel.
         * @return this.
         */
        public Context controlChannel(final String channel)
        {
            this.controlChannel = channel;
            return this;
        }

        /**
         * @return control stream id.
         */
        public int controlStream()
        {
            return controlStream;
        }

        /**
         * @param streamId control stream id.
         * @return this.
         */
        public Context controlStream(final int streamId)
        {
            this.controlStream = streamId;
            return this;
        }

        /**
         * @return A or B (after conclude).
         */
        public Feed snapshotFeed()
        {
            return snapshotFeed;
        }

        /**
         * @param feed which copy of the snapshot and definition lines to use.
         * @return this.
         */
        public Context snapshotFeed(final Feed feed)
        {
            this.snapshotFeed = feed;
            return this;
        }

        /**
         * @return gap wait in ns.
         */
        public long gapWaitNs()
        {
            return gapWaitNs;
        }

        /**
         * @param gapWaitNs wait for the other line.
         * @return this.
         */
        public Context gapWaitNs(final long gapWaitNs)
        {
            this.gapWaitNs = gapWaitNs;
            return this;
        }

        /**
         * @return reorder window in packets.
         */
        public int reorderWindow()
        {
            return reorderWindow;
        }

        /**
         * @param packets reorder window, a power of two.
         * @return this.
         */
        public Context reorderWindow(final int packets)
        {
            this.reorderWindow = packets;
            return this;
        }

        /**
         * @return recovery queue capacity in packets.
         */
        public int queueCapacity()
        {
            return queueCapacity;
        }

        /**
         * @param packets recovery queue capacity, a power of two.
         * @return this.
         */
        public Context queueCapacity(final int packets)
        {
            this.queueCapacity = packets;
            return this;
        }

        /**
         * @return default book depth.
         */
        public int bookDepth()
        {
            return bookDepth;
        }

        /**
         * @param depth default book depth.
         * @return this.
         */
        public Context bookDepth(final int depth)
        {
            this.bookDepth = depth;
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
         * @return heartbeat interval in ns, 0 for none.
         */
        public long heartbeatIntervalNs()
        {
            return heartbeatIntervalNs;
        }

        /**
         * @param intervalNs heartbeat interval, 0 for none.
         * @return this.
         */
        public Context heartbeatIntervalNs(final long intervalNs)
        {
            this.heartbeatIntervalNs = intervalNs;
            return this;
        }

        /**
         * @return silence time of an incremental line in ns, 0 for no check.
         */
        public long lineSilenceNs()
        {
            return lineSilenceNs;
        }

        /**
         * @param silenceNs an incremental line that delivers nothing for this long is SILENT, 0 for no check.
         * @return this.
         */
        public Context lineSilenceNs(final long silenceNs)
        {
            this.lineSilenceNs = silenceNs;
            return this;
        }

        /**
         * @return unsolicited snapshot interval in ns, 0 for none.
         */
        public long snapshotIntervalNs()
        {
            return snapshotIntervalNs;
        }

        /**
         * @param intervalNs unsolicited snapshot interval, 0 for none.
         * @return this.
         */
        public Context snapshotIntervalNs(final long intervalNs)
        {
            this.snapshotIntervalNs = intervalNs;
            return this;
        }

        /**
         * @return datagrams per poll.
         */
        public int pollLimit()
        {
            return pollLimit;
        }

        /**
         * @param limit datagrams per poll.
         * @return this.
         */
        public Context pollLimit(final int limit)
        {
            this.pollLimit = limit;
            return this;
        }

        /**
         * @return receive thread idle strategy.
         */
        public IdleStrategy receiveIdleStrategy()
        {
            return receiveIdleStrategy;
        }

        /**
         * @param strategy receive thread idle strategy.
         * @return this.
         */
        public Context receiveIdleStrategy(final IdleStrategy strategy)
        {
            this.receiveIdleStrategy = strategy;
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
         * @return true when the wire, decode and publish latency tiers are recorded.
         */
        public boolean latency()
        {
            return latency;
        }

        /**
         * @param latency true to record the latency tiers (two clock reads per record on the receive thread).
         * @return this.
         */
        public Context latency(final boolean latency)
        {
            this.latency = latency;
            return this;
        }

        /**
         * @return interval of the latency histograms, counters and log lines, ns.
         */
        public long latencyIntervalNs()
        {
            return latencyIntervalNs;
        }

        /**
         * @param intervalNs interval of the latency histograms, counters and log lines.
         * @return this.
         */
        public Context latencyIntervalNs(final long intervalNs)
        {
            this.latencyIntervalNs = intervalNs;
            return this;
        }

        /**
         * @return directory of the interval log {@code handler.hlog}, empty for none.
         */
        public String hlogDir()
        {
            return hlogDir;
        }

        /**
         * @param directory of the interval log {@code handler.hlog} (created when missing), empty for none.
         * @return this.
         */
        public Context hlogDir(final String directory)
        {
            this.hlogDir = directory;
            return this;
        }

        /**
         * @return the source given by the caller, or null.
         */
        public PacketSource packetSource()
        {
            return packetSource;
        }

        /**
         * @param source use this source (the handler closes it) instead of opening the transport.
         * @return this.
         */
        public Context packetSource(final PacketSource source)
        {
            this.packetSource = source;
            return this;
        }

        /**
         * @return opens the transport's source.
         */
        public PacketSourceFactory packetSourceFactory()
        {
            return packetSourceFactory;
        }

        /**
         * @param factory opens the transport's source.
         * @return this.
         */
        public Context packetSourceFactory(final PacketSourceFactory factory)
        {
            this.packetSourceFactory = factory;
            return this;
        }

        /**
         * @return {@link Configuration#RECOVERY_LINES_PROP_NAME}: {@code on-demand} or {@code always}.
         */
        public String recoveryLines()
        {
            return recoveryLines;
        }

        /**
         * @param recoveryLines {@code on-demand} or {@code always}.
         * @return this.
         */
        public Context recoveryLines(final String recoveryLines)
        {
            this.recoveryLines = recoveryLines;
            return this;
        }

        /**
         * @return true when the snapshot and definition lines are joined only while a channel needs them.
         */
        public boolean recoveryLinesOnDemand()
        {
            return "on-demand".equals(recoveryLines);
        }

        /**
         * @return joins and leaves recovery lines: null until set, then the handler uses {@link LineControl#NONE}
         * with a given packet source or {@code always}, else a {@link SourceLineControl} over the live source.
         */
        public LineControl lineControl()
        {
            return lineControl;
        }

        /**
         * @param lineControl joins and leaves recovery lines.
         * @return this.
         */
        public Context lineControl(final LineControl lineControl)
        {
            this.lineControl = lineControl;
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
         * @return epoch clock of publishTimeNs (CLOCK_REALTIME by default, the clock subscribers compare with).
         */
        public EpochNanoClock epochClock()
        {
            return epochClock;
        }

        /**
         * @param clock epoch clock.
         * @return this.
         */
        public Context epochClock(final EpochNanoClock clock)
        {
            this.epochClock = clock;
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
