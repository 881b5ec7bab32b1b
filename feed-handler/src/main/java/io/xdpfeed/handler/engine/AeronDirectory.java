package io.xdpfeed.handler.engine;

import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.exceptions.ActiveDriverException;
import io.xdpfeed.common.bus.HandlerDriverDirectory;
import io.xdpfeed.common.config.ConfigurationException;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;

/**
 * The directory of the handler's embedded media driver: its name and who owns it.
 * <p>
 * <b>Name.</b> {@code aeron.dir} (Aeron's own property) when set, else {@code /dev/shm/xdpfeed-aeron-<user>}: the
 * same name at every start, so that a subscriber waiting on it finds the restarted handler's driver by itself, and a
 * killed handler's directory is found (and removed) by the next start instead of leaking a new 50 MB one per run.
 * Two handlers on one host need one {@code aeron.dir} each.
 * <p>
 * <b>Owner.</b> Before the driver starts, {@link #claim(String, long)} looks at what is there with Aeron's own
 * liveness check (the driver's heartbeat in {@code cnc.dat}, {@link CommonContext#isDriverActive}) plus the pid the
 * driver wrote into {@code cnc.dat}: a driver killed a moment ago still has a fresh heartbeat, but no process. A
 * dead driver's directory is removed (with one line saying so); a live driver's is refused with one line naming its
 * pid, never deleted as {@code dirDeleteOnStart} would. The driver is then launched without {@code dirDeleteOnStart}
 * so that Aeron checks again at launch ({@link #launch(MediaDriver.Context)}): a handler that started in between is
 * refused, not overwritten.
 */
public final class AeronDirectory
{
    /** Aeron's property naming the embedded driver's directory. */
    public static final String AERON_DIR_PROP_NAME = CommonContext.AERON_DIR_PROP_NAME;
    private AeronDirectory()
    {
    }

    /**
     * @return the directory of the embedded driver: {@code aeron.dir} when set, else {@link #defaultName()}.
     */
    public static String embeddedName()
    {
        final String configured = System.getProperty(AERON_DIR_PROP_NAME);
        return configured != null && !configured.isBlank() ? configured.trim() : defaultName();
    }

    /**
     * @return {@code /dev/shm/xdpfeed-aeron-<user>} (the temporary directory where there is no /dev/shm).
     */
    public static String defaultName()
    {
        return HandlerDriverDirectory.defaultName();
    }

    /**
     * Make {@code directory} free for a new media driver.
     *
     * @param directory       the driver's directory.
     * @param driverTimeoutMs how old a heartbeat may be for its driver to count as alive.
     * @return null when the directory was free, else one line saying what was removed.
     * @throws ConfigurationException naming {@code aeron.dir} when a live driver owns it, or when it is not a media
     *                                driver's directory.
     */
    public static String claim(final String directory, final long driverTimeoutMs)
    {
        final File dir = new File(directory);
        if (!dir.exists())
        {
            return null;
        }
        final File cnc = new File(dir, CncFileDescriptor.CNC_FILE);
        final String[] entries = dir.list();
        if (!dir.isDirectory() || (!cnc.isFile() && entries != null && entries.length > 0))
        {
            throw new ConfigurationException(AERON_DIR_PROP_NAME + "=" + directory + " exists and is not a media " +
                "driver's directory (no " + CncFileDescriptor.CNC_FILE + "): remove it or give another " +
                AERON_DIR_PROP_NAME);
        }
        final long pid = driverPid(cnc);
        if (isLive(dir, pid, driverTimeoutMs))
        {
            throw new ConfigurationException(AERON_DIR_PROP_NAME + "=" + directory + " is in use by a live media " +
                "driver" + (pid > 0 ? " (pid " + pid + ")" : "") + ": stop that handler or driver, or give this " +
                "one another " + AERON_DIR_PROP_NAME);
        }
        IoUtil.delete(dir, false);
        return "removed the directory of a dead media driver" + (pid > 0 ? " (pid " + pid + ")" : "") + ": " +
            directory;
    }

    /**
     * Launch the driver of a claimed directory, with Aeron's own check at launch ({@code dirDeleteOnStart} is
     * turned off here).
     *
     * @param context of the driver.
     * @return the running driver.
     * @throws ConfigurationException when a live driver took the directory after {@link #claim(String, long)}.
     */
    public static MediaDriver launch(final MediaDriver.Context context)
    {
        try
        {
            return MediaDriver.launch(context.dirDeleteOnStart(false));
        }
        catch (final ActiveDriverException ex)
        {
            throw new ConfigurationException(AERON_DIR_PROP_NAME + "=" + context.aeronDirectoryName() + " is in " +
                "use by a live media driver that started meanwhile: give this handler another " + AERON_DIR_PROP_NAME,
                ex);
        }
    }

    /**
     * Whether a live media driver owns the directory.
     *
     * @param directory       the driver's directory.
     * @param driverTimeoutMs how old a heartbeat may be.
     * @return true when its heartbeat is fresh and its process (as written in cnc.dat) still runs.
     */
    public static boolean isLive(final String directory, final long driverTimeoutMs)
    {
        final File dir = new File(directory);
        return isLive(dir, driverPid(new File(dir, CncFileDescriptor.CNC_FILE)), driverTimeoutMs);
    }

    private static boolean isLive(final File dir, final long pid, final long driverTimeoutMs)
    {
        if (pid > 0 && ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true))
        {
            return false;
        }
        if (pid == 0)
        {
            // cnc.dat created but not yet initialised: a driver is starting, unless the file is old
            final File cnc = new File(dir, CncFileDescriptor.CNC_FILE);
            return System.currentTimeMillis() - cnc.lastModified() <= driverTimeoutMs;
        }
        try
        {
            return CommonContext.isDriverActive(dir, driverTimeoutMs, message -> {});
        }
        catch (final RuntimeException ex)
        {
            // unreadable or of another Aeron version: alive only if its process is
            return pid > 0;
        }
    }

    /**
     * The pid of the media driver that owns (or owned) a directory, as it wrote it into cnc.dat.
     *
     * @param directory the driver's directory.
     * @return the pid, 0 while cnc.dat is not initialised (a driver starting, or killed while starting), -1 when
     * there is no readable cnc.dat.
     */
    public static long driverPid(final String directory)
    {
        return driverPid(new File(directory, CncFileDescriptor.CNC_FILE));
    }

    private static long driverPid(final File cnc)
    {
        if (!cnc.isFile() || cnc.length() < CncFileDescriptor.END_OF_METADATA_OFFSET)
        {
            return cnc.isFile() ? 0 : -1;
        }
        MappedByteBuffer buffer = null;
        try
        {
            buffer = IoUtil.mapExistingFile(cnc, "cnc");
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(buffer);
            if (0 == metaData.getIntVolatile(CncFileDescriptor.cncVersionOffset(0)))
            {
                return 0;
            }
            return CncFileDescriptor.pid(metaData);
        }
        catch (final RuntimeException ex)
        {
            return -1;
        }
        finally
        {
            IoUtil.unmap(buffer);
        }
    }
}
