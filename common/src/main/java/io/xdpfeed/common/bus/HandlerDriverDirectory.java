package io.xdpfeed.common.bus;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a feed handler's embedded media driver keeps its directory, so that a strategy or a tool on the same host
 * finds it without a setting: {@code aeron.dir} when the handler is given one, else
 * {@code /dev/shm/xdpfeed-aeron-<user>} (the temporary directory where there is no /dev/shm), the same name at every
 * start. The handler names its directory with {@link #defaultName()}; {@code feed-stat} and the sample strategy look
 * for the newest live one with {@link #newestLive}.
 */
public final class HandlerDriverDirectory
{
    /** Prefix of the default directory's name. */
    public static final String PREFIX = "xdpfeed-aeron-";
    /** Name of a media driver's CnC file in its directory (Aeron's {@code CncFileDescriptor.CNC_FILE}). */
    public static final String CNC_FILE = "cnc.dat";

    private HandlerDriverDirectory()
    {
    }

    /**
     * @return {@code /dev/shm/xdpfeed-aeron-<user>} for the user this process runs as (the temporary directory where
     * there is no /dev/shm).
     */
    public static String defaultName()
    {
        final String user = System.getProperty("user.name", "default").replaceAll("[^A-Za-z0-9._-]", "_");
        return base() + File.separator + PREFIX + user;
    }

    /**
     * @param live whether a media driver runs in a directory (e.g. Aeron's {@code CommonContext.isDriverActive}).
     * @return the directory of the most recently started handler driver that {@code live} accepts, among the
     * {@code xdpfeed-aeron-*} directories with a CnC file, or null when there is none.
     */
    public static String newestLive(final Predicate<File> live)
    {
        final List<File> candidates = new ArrayList<>();
        for (final String base : new String[]{ "/dev/shm", System.getProperty("java.io.tmpdir") })
        {
            final File[] dirs = new File(base).listFiles((file) -> file.isDirectory() &&
                file.getName().startsWith(PREFIX) && new File(file, CNC_FILE).exists());
            if (dirs != null)
            {
                candidates.addAll(List.of(dirs));
            }
        }
        candidates.sort((a, b) -> Long.compare(new File(b, CNC_FILE).lastModified(),
            new File(a, CNC_FILE).lastModified()));
        for (final File candidate : candidates)
        {
            if (live.test(candidate))
            {
                return candidate.getPath();
            }
        }
        return null;
    }

    private static String base()
    {
        return new File("/dev/shm").isDirectory() ? "/dev/shm" : System.getProperty("java.io.tmpdir");
    }
}
