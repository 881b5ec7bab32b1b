package io.xdpfeed.bench.live;

import io.xdpfeed.client.MarketDataSubscriber;

import java.nio.file.Path;
import java.util.List;

/**
 * The three-host layout of a live session ({@code scripts/lab up --hosts 3}, docs/distribution.md): the handler
 * publishes one MDC UDP publication on its link to the strategy host and takes snapshot requests on a UDP endpoint
 * there; the strategy host runs only a media driver ({@link HostDriverMain}) and the subscriber; optionally the
 * handler records the stream with its embedded archive, replayed after the session ({@link SessionReplay}).
 *
 * @param archive whether the handler records the stream.
 */
public record RemoteLayout(boolean archive)
{
    /** Port of the handler's MDC control endpoint (subscribers add themselves as destinations there). */
    public static final int DATA_PORT = 40456;
    /** Port of the handler's control stream (snapshot requests). */
    public static final int CONTROL_PORT = 40457;
    /** Port the strategy host's subscriber receives on. */
    public static final int SUBSCRIBER_PORT = 40458;

    /**
     * Term length of the handler's publication in this layout: 64 MiB, so that its window (half a term, 32 MiB)
     * rides out ~5 s of a link or drivers that fall behind the stream's ~6 MB/s (10,000 packets/s) on this shared
     * machine before the handler drops records for back-pressure; Aeron's 16 MiB absorbs 1.4 s
     * (docs/distribution.md). Three terms are mapped on the handler's host and on the strategy host.
     */
    public static final String TERM_LENGTH = "term-length=64m";

    /**
     * @return the handler's market-data channel.
     */
    public String publication()
    {
        return AeronChannels.publication(Lab.HANDLER_TO_STRATEGY_ADDRESS, DATA_PORT) + "|" + TERM_LENGTH;
    }

    /**
     * @return the handler's control channel.
     */
    public String control()
    {
        return AeronChannels.control(Lab.HANDLER_TO_STRATEGY_ADDRESS, CONTROL_PORT);
    }

    /**
     * @param runDirectory the session's folder.
     * @return the archive's directory in it.
     */
    public static Path archiveDirectory(final Path runDirectory)
    {
        return runDirectory.resolve("archive");
    }

    /**
     * @param runDirectory the session's folder (the archive goes there).
     * @return the lines added to the handler's properties.
     */
    public String handlerProperties(final Path runDirectory)
    {
        return "xdpfeed.md.channel=" + publication() + "\n" +
            "xdpfeed.control.channel=" + control() + "\n" +
            (archive ? "xdpfeed.archive=embedded\nxdpfeed.archive.dir=" + archiveDirectory(runDirectory) + "\n" : "");
    }

    /**
     * Start the strategy host's media driver in its namespace and wait until it is up.
     *
     * @param lab      up with the strategy host.
     * @param aeronDir the driver's directory.
     * @param log      its log file.
     * @return the running driver (close to stop; it removes its directory).
     */
    public ChildProcess startStrategyDriver(final Lab lab, final String aeronDir, final Path log)
    {
        final ChildProcess driver = ChildProcess.start("strategy-host media driver", ChildProcess.java(
            lab.inStrategy(), List.of("-Daeron.dir=" + aeronDir), HostDriverMain.class.getName(), List.of()), log);
        try
        {
            driver.awaitLine(HostDriverMain.READY, 30_000);
        }
        catch (final RuntimeException ex)
        {
            driver.close();
            throw ex;
        }
        return driver;
    }

    /**
     * @param strategyAeronDir the strategy host's driver directory.
     * @return the context of the subscriber on the strategy host.
     */
    public MarketDataSubscriber.Context subscriberContext(final String strategyAeronDir)
    {
        return new MarketDataSubscriber.Context()
            .aeronDirectoryName(strategyAeronDir)
            .channel(AeronChannels.remoteSubscription(Lab.STRATEGY_ADDRESS, SUBSCRIBER_PORT,
                Lab.HANDLER_TO_STRATEGY_ADDRESS, DATA_PORT))
            .controlChannel(control());
    }
}
