package io.xdpfeed.common.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Output files named on a command line ({@code --books}, {@code --pcap}, {@code --truth}, ...): checked before the
 * work, so that a path that cannot be written fails at once and not after a whole run, and a failure said in one
 * line with its reason ({@code --pcap /x/a.pcap: cannot write: no such directory /x}).
 */
public final class OutputPaths
{
    private OutputPaths()
    {
    }

    /**
     * Check that a file can be created or replaced: its directory exists and may be written, and it is not a
     * directory itself.
     *
     * @param option the option that named it, for the message.
     * @param file   the file; null (the option not given) passes.
     * @throws ConfigurationException naming the option, the file and the reason.
     */
    public static void checkWritable(final String option, final Path file)
    {
        if (file == null)
        {
            return;
        }
        final Path absolute = file.toAbsolutePath();
        final Path directory = absolute.getParent();
        final String reason;
        if (Files.isDirectory(absolute))
        {
            reason = "it is a directory";
        }
        else if (directory == null || !Files.isDirectory(directory))
        {
            reason = "no such directory " + directory;
        }
        else if (!Files.isWritable(directory) || (Files.exists(absolute) && !Files.isWritable(absolute)))
        {
            reason = "permission denied (" + (Files.exists(absolute) ? absolute : directory) + ")";
        }
        else
        {
            return;
        }
        throw new ConfigurationException(option + " " + file + ": cannot write: " + reason);
    }

    /**
     * @param ex a failure to create or write a file.
     * @return why, in a few words: "no such directory D", "permission denied (F)", the file system's reason, or the
     * exception's message.
     */
    public static String reason(final IOException ex)
    {
        if (ex instanceof final NoSuchFileException missing && missing.getFile() != null)
        {
            return "no such directory " + Path.of(missing.getFile()).getParent();
        }
        if (ex instanceof final AccessDeniedException denied)
        {
            return "permission denied (" + denied.getFile() + ")";
        }
        if (ex instanceof final FileSystemException fileSystem && fileSystem.getReason() != null)
        {
            return fileSystem.getReason();
        }
        return ex.getMessage();
    }
}
