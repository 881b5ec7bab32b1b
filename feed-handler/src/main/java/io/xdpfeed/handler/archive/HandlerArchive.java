package io.xdpfeed.handler.archive;

import io.aeron.Aeron;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.ArchivingMediaDriver;
import io.aeron.archive.client.AeronArchive;
import io.aeron.driver.MediaDriver;
import io.aeron.exceptions.AeronException;
import io.xdpfeed.common.config.ConfigurationException;

/**
 * Starting the embedded archive with the handler's media driver, and connecting to the archive (embedded or
 * external) over its local IPC control channel, which every archive opens.
 */
public final class HandlerArchive
{
    /** Where an archive sends replication traffic: nowhere in particular (an ephemeral local port). */
    public static final String REPLICATION_CHANNEL = "aeron:udp?endpoint=localhost:0";

    private HandlerArchive()
    {
    }

    /**
     * Launch the media driver with an archive of its own (one SHARED archive thread).
     *
     * @param driverContext the driver's context, complete.
     * @param settings      the archive's settings (mode embedded).
     * @return the running pair.
     * @throws ConfigurationException naming the archive key when the archive cannot start.
     */
    public static ArchivingMediaDriver launchEmbedded(
        final MediaDriver.Context driverContext, final ArchiveSettings settings)
    {
        final Archive.Context archiveContext = new Archive.Context()
            .aeronDirectoryName(driverContext.aeronDirectoryName())
            .archiveDirectoryName(settings.dir())
            .deleteArchiveOnStart(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .replicationChannel(REPLICATION_CHANNEL)
            .controlChannelEnabled(!settings.controlChannel().isEmpty())
            // the archive's own client (replication, and the checks of its conclude) answers on IPC
            .archiveClientContext(new AeronArchive.Context()
                .controlResponseChannel(AeronArchive.Configuration.localControlChannel()));
        if (!settings.controlChannel().isEmpty())
        {
            archiveContext.controlChannel(settings.controlChannel());
        }
        if (settings.segmentLength() > 0)
        {
            archiveContext.segmentFileLength(settings.segmentLength());
        }
        try
        {
            return ArchivingMediaDriver.launch(driverContext, archiveContext);
        }
        catch (final AeronException | IllegalStateException ex)
        {
            throw new ConfigurationException(ArchiveSettings.DIR_PROP_NAME + "=" + settings.dir() + ": the archive " +
                "did not start (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * Connect to the archive of the client's media driver on its local control channel.
     *
     * @param aeron the handler's client.
     * @param key   the key to name when no archive answers.
     * @return the archive's client (not thread safe: the conductor's once started).
     * @throws ConfigurationException when no archive answers.
     */
    public static AeronArchive connect(final Aeron aeron, final String key)
    {
        try
        {
            return AeronArchive.connect(new AeronArchive.Context()
                .aeron(aeron)
                .ownsAeronClient(false)
                .controlRequestChannel(AeronArchive.Configuration.localControlChannel())
                .controlResponseChannel(AeronArchive.Configuration.localControlChannel()));
        }
        catch (final AeronException ex)
        {
            throw new ConfigurationException(key + ": no archive answers on the media driver's local control " +
                "channel (" + ex.getMessage() + "): start one with the driver, or set " +
                ArchiveSettings.MODE_PROP_NAME + "=off", ex);
        }
    }
}
