package io.xdpfeed.handler.archive;

import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.common.config.Durations;

/**
 * The archive part of the handler's configuration: whether the market-data stream is recorded, by which archive, in
 * what segments and for how long. Keys and defaults are the {@code *_PROP_NAME} / {@code *_DEFAULT} constants here
 * (docs/configuration.md, docs/distribution.md).
 *
 * @param mode           off, embedded (an ArchivingMediaDriver in the handler) or external (an archive running with
 *                       the external media driver of {@code xdpfeed.aeron.dir}, reached on its local IPC channel).
 * @param dir            the embedded archive's directory.
 * @param controlChannel the embedded archive's control channel for other hosts (replays, replay-merge), empty for
 *                       local clients only.
 * @param segmentLength  recording segment file length in bytes (a power of 2, at least the term length), 0 for
 *                       Aeron's default (128 MiB).
 * @param purgeAgeNs     segments and stopped recordings of the stream older than this are purged, 0 to keep all.
 */
public record ArchiveSettings(
    ArchiveSettings.Mode mode, String dir, String controlChannel, int segmentLength, long purgeAgeNs)
{
    /** Whether and by which archive the market-data stream is recorded: off, embedded or external. */
    public static final String MODE_PROP_NAME = "xdpfeed.archive";
    /** Default: not recorded. */
    public static final String MODE_DEFAULT = "off";
    /** Directory of the embedded archive. */
    public static final String DIR_PROP_NAME = "xdpfeed.archive.dir";
    /** Default: none (required with {@code xdpfeed.archive=embedded}). */
    public static final String DIR_DEFAULT = "";
    /** Control channel of the embedded archive for other hosts, e.g. {@code aeron:udp?endpoint=10.77.1.1:8010}. */
    public static final String CONTROL_CHANNEL_PROP_NAME = "xdpfeed.archive.control.channel";
    /** Default: none, local (IPC) clients only. */
    public static final String CONTROL_CHANNEL_DEFAULT = "";
    /** Recording segment file length: a size with an optional k, m or g suffix. */
    public static final String SEGMENT_LENGTH_PROP_NAME = "xdpfeed.archive.segment.length";
    /** Default: 0, Aeron's (128 MiB). */
    public static final String SEGMENT_LENGTH_DEFAULT = "0";
    /** Age after which recorded segments are purged: a duration such as 24h, 90m, 30s; 0 keeps everything. */
    public static final String PURGE_AGE_PROP_NAME = "xdpfeed.archive.purge.age";
    /** Default: keep everything. */
    public static final String PURGE_AGE_DEFAULT = "0";

    /** The handler's key of an external media driver (io.xdpfeed.handler.engine.Configuration). */
    private static final String AERON_DIR_PROP_NAME = "xdpfeed.aeron.dir";

    /**
     * Which archive records the stream.
     */
    public enum Mode
    {
        /** Not recorded. */
        OFF,
        /** An ArchivingMediaDriver started with the handler (the handler's embedded driver). */
        EMBEDDED,
        /** An archive running with the external media driver. */
        EXTERNAL
    }

    /**
     * @return no recording.
     */
    public static ArchiveSettings off()
    {
        return new ArchiveSettings(Mode.OFF, "", "", 0, 0);
    }

    /**
     * @param dir directory of the embedded archive.
     * @return recording by an embedded archive, local control only, default segments, nothing purged.
     */
    public static ArchiveSettings embedded(final String dir)
    {
        return new ArchiveSettings(Mode.EMBEDDED, dir, "", 0, 0);
    }

    /**
     * @return the settings of the system properties (the handler's properties file).
     * @throws ConfigurationException naming the key and the bad value.
     */
    public static ArchiveSettings fromSystemProperties()
    {
        final String modeName = System.getProperty(MODE_PROP_NAME, MODE_DEFAULT).trim();
        final Mode mode;
        try
        {
            mode = Mode.valueOf(modeName.toUpperCase());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigurationException(MODE_PROP_NAME + "=" + modeName + " is none of off, embedded, external");
        }
        final String purgeAge = System.getProperty(PURGE_AGE_PROP_NAME, PURGE_AGE_DEFAULT).trim();
        return new ArchiveSettings(mode, System.getProperty(DIR_PROP_NAME, DIR_DEFAULT).trim(),
            System.getProperty(CONTROL_CHANNEL_PROP_NAME, CONTROL_CHANNEL_DEFAULT).trim(),
            size(SEGMENT_LENGTH_PROP_NAME, System.getProperty(SEGMENT_LENGTH_PROP_NAME, SEGMENT_LENGTH_DEFAULT)),
            purgeAge.equals("0") ? 0 : Durations.parseNs(PURGE_AGE_PROP_NAME, purgeAge, "24h, 90m, 30s"));
    }

    /**
     * Check the combination with the handler's driver.
     *
     * @param externalDriver true when the handler uses an external media driver.
     * @throws ConfigurationException naming the key and the bad value.
     */
    public void check(final boolean externalDriver)
    {
        if (mode == Mode.EMBEDDED && externalDriver)
        {
            throw new ConfigurationException(MODE_PROP_NAME + "=embedded needs the embedded media driver, but " +
                AERON_DIR_PROP_NAME + " names an external one: use " + MODE_PROP_NAME + "=external " +
                "with an archive running next to that driver");
        }
        if (mode == Mode.EMBEDDED && dir.isEmpty())
        {
            throw new ConfigurationException(MODE_PROP_NAME + "=embedded needs " + DIR_PROP_NAME +
                ": give the directory the recordings go to");
        }
        if (!controlChannel.isEmpty() && !controlChannel.startsWith("aeron:udp"))
        {
            throw new ConfigurationException(CONTROL_CHANNEL_PROP_NAME + "=" + controlChannel +
                " is not an Aeron UDP channel (e.g. aeron:udp?endpoint=10.77.1.1:8010)");
        }
        if (segmentLength != 0 && (segmentLength < 65_536 || Integer.bitCount(segmentLength) != 1))
        {
            throw new ConfigurationException(SEGMENT_LENGTH_PROP_NAME + "=" + segmentLength +
                " is not a power of 2 of at least 64k");
        }
    }

    private static int size(final String key, final String text)
    {
        final String value = text.trim().toLowerCase();
        final char unit = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        final long scale = switch (unit)
        {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        try
        {
            final long size = scale * Long.parseLong(scale == 1 ? value : value.substring(0, value.length() - 1));
            if (size < 0 || size > 1L << 30)
            {
                throw new NumberFormatException();
            }
            return (int)size;
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigurationException(key + "=" + text + " is not a size up to 1g (e.g. 128m)");
        }
    }
}
