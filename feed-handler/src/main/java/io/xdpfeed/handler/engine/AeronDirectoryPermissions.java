package io.xdpfeed.handler.engine;

import io.aeron.CncFileDescriptor;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.nativeio.LibCapabilities;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.stream.Stream;

/**
 * Who may read the embedded media driver's directory: its owner (the handler's user) and one group, nobody else,
 * since every record of market data is in its log buffers. Aeron clients map {@code cnc.dat} and the log buffers
 * read-write (a subscriber writes its commands and keep-alives into the driver's ring buffer and its position into
 * the counters), so the group gets write too: directories {@code 2770} (setgid, so that what the driver creates later
 * belongs to the group), files {@code 0660}, and the process's umask {@code 0007} so that later files are created so.
 * <p>
 * The group is {@code xdpfeed.aeron.group} (a name or a number), by default the handler's primary group; the
 * handler's user must be a member of it. A strategy or {@code feed-stat} run by a member connects; anyone else is
 * refused by the kernel and {@link #accessProblem(Path)} says so in one line.
 */
public final class AeronDirectoryPermissions
{
    /** Mode of every directory: rwx for owner and group, setgid. */
    public static final int DIRECTORY_MODE = 02770;
    /** Mode of every file: rw for owner and group. */
    public static final int FILE_MODE = 0660;
    /** The umask under which the driver creates its later files: nothing for others. */
    public static final int UMASK = 0007;

    private AeronDirectoryPermissions()
    {
    }

    /**
     * Before the embedded driver starts: set the process's umask to {@link #UMASK}, so that nothing it creates is
     * readable by others, even for an instant.
     */
    public static void restrictUmask()
    {
        LibCapabilities.umask(UMASK);
    }

    /**
     * After the embedded driver created its directory: give it and everything in it to the group, with
     * {@link #DIRECTORY_MODE} and {@link #FILE_MODE}.
     *
     * @param directory the driver's directory.
     * @param group     a group name or number, empty for the directory's current group (the handler's primary one).
     * @throws ConfigurationException naming {@link Configuration#AERON_GROUP_PROP_NAME} when the group does not exist
     *                                or the handler's user may not give files to it.
     */
    public static void apply(final Path directory, final String group)
    {
        final GroupPrincipal principal = group.isEmpty() ? null : lookup(group);
        final List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory))
        {
            paths = walk.toList();
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("cannot list the Aeron directory " + directory + ": " + ex.getMessage(),
                ex);
        }
        for (final Path path : paths)
        {
            try
            {
                if (principal != null)
                {
                    Files.setAttribute(path, "posix:group", principal, LinkOption.NOFOLLOW_LINKS);
                }
                final boolean isDirectory = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:mode", isDirectory ? DIRECTORY_MODE : FILE_MODE,
                    LinkOption.NOFOLLOW_LINKS);
            }
            catch (final IOException ex)
            {
                throw new ConfigurationException(Configuration.AERON_GROUP_PROP_NAME + "=" + group + ": cannot give " +
                    path + " to the group (" + reason(ex) + "): the handler's user must be a member of it", ex);
            }
        }
    }

    /**
     * Why this process cannot use the media driver in a directory, as one line, e.g. for a strategy or
     * {@code feed-stat} run by a user outside the directory's group.
     *
     * @param directory the driver's directory.
     * @return the reason, or null when its {@code cnc.dat} is readable and writable or absent (no driver yet).
     */
    public static String accessProblem(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return null;
        }
        final Path cnc = directory.resolve(CncFileDescriptor.CNC_FILE);
        final boolean searchable = Files.isExecutable(directory);
        if (searchable && (!Files.exists(cnc) || (Files.isReadable(cnc) && Files.isWritable(cnc))))
        {
            return null;
        }
        String owner = "?";
        String group = "?";
        try
        {
            owner = Files.getOwner(directory).getName();
            group = Files.readAttributes(directory, PosixFileAttributes.class).group().getName();
        }
        catch (final IOException | UnsupportedOperationException ignore)
        {
            // the names only help the message
        }
        return "permission denied on the media driver's directory " + directory + " (owner " + owner + ", group " +
            group + "): run as " + owner + " or as a member of group " + group + " (the handler's " +
            Configuration.AERON_GROUP_PROP_NAME + ")";
    }

    private static GroupPrincipal lookup(final String group)
    {
        try
        {
            return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
        }
        catch (final UserPrincipalNotFoundException ex)
        {
            throw new ConfigurationException(Configuration.AERON_GROUP_PROP_NAME + "=" + group +
                ": no such group (create it with groupadd, or give its number)", ex);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException(Configuration.AERON_GROUP_PROP_NAME + "=" + group + ": " +
                ex.getMessage(), ex);
        }
    }

    private static String reason(final IOException ex)
    {
        final String message = ex.getMessage();
        return ex instanceof AccessDeniedException || (message != null && message.contains("ermitted")) ?
            "Operation not permitted" : String.valueOf(message);
    }
}
