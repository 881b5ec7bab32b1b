package io.xdpfeed.xdp;

import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.nativeio.LibC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The lock that makes one process the owner of an interface's XDP program and AF_XDP queues: a file per interface
 * (name, ifindex and network namespace, so that namespaces do not collide) in {@code /run/xdpfeed/} (system property
 * {@value #LOCK_DIR_PROPERTY}), locked with {@code flock} for as long as the program is attached, and holding the
 * owner's {@link XdpOwner} record. The kernel drops the lock when the owner dies however it dies, so a held lock
 * means a live owner and a free one means the program, if any, is stale.
 * <p>
 * A clean stop removes the file while still holding the lock; whoever locked the removed file meanwhile sees that
 * the path no longer names the file it locked and starts over, so two processes never own the same interface. A
 * stop that did not run (SIGKILL, crash) leaves the record of a dead owner, which the next owner reads.
 * <p>
 * A second lock of the same file in this process is refused from a set of the paths held here, with a message
 * saying so (flock would refuse it too).
 */
final class XdpOwnerLock implements AutoCloseable
{
    /** System property naming the directory of the lock files. */
    static final String LOCK_DIR_PROPERTY = io.xdpfeed.ingress.IngressConfiguration.XDP_LOCK_DIR_PROP_NAME;
    /** Default directory of the lock files (systemd: {@code RuntimeDirectory=xdpfeed}). */
    static final String DEFAULT_LOCK_DIR = "/run/xdpfeed";

    private static final System.Logger LOGGER = System.getLogger(XdpOwnerLock.class.getName());
    private static final int MAX_ATTEMPTS = 10;
    private static final Set<Path> HELD_HERE = new HashSet<>();

    private final Path path;
    private final int fd;
    private final XdpOwner previousOwner;
    private boolean closed;

    private XdpOwnerLock(final Path path, final int fd, final XdpOwner previous)
    {
        this.path = path;
        this.fd = fd;
        this.previousOwner = previous;
    }

    /**
     * Take the ownership of an interface's XDP program and queues, or refuse with one line naming the owner.
     *
     * @param interfaceName interface to own.
     * @param ifindex       its index.
     * @return the held lock; its {@link #previousOwner()} is the dead owner of a program that may be left attached.
     * @throws IngressException when a live process owns the interface or the lock file cannot be used.
     */
    static XdpOwnerLock acquire(final String interfaceName, final int ifindex)
    {
        final Path directory = Path.of(System.getProperty(LOCK_DIR_PROPERTY, DEFAULT_LOCK_DIR));
        final Path file = directory.resolve("xdp-" + interfaceName + "-" + ifindex + "-net" + networkNamespace() +
            ".lock");
        return acquire(file, interfaceName);
    }

    /**
     * Take a lock file.
     *
     * @param file          the lock file.
     * @param interfaceName for the messages.
     * @return the held lock.
     * @throws IngressException when a live process owns it or the file cannot be used.
     */
    static XdpOwnerLock acquire(final Path file, final String interfaceName)
    {
        final Path path = file.toAbsolutePath().normalize();
        synchronized (HELD_HERE)
        {
            if (HELD_HERE.contains(path))
            {
                throw refusal("AF_XDP on " + interfaceName + " is already owned by this process (" +
                    XdpOwner.self(0).describe() + "): one handler per interface; its program and queues are left " +
                    "untouched");
            }
            createDirectory(path, interfaceName);
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
            {
                final XdpOwnerLock lock = tryAcquire(path, interfaceName);
                if (null != lock)
                {
                    HELD_HERE.add(path);
                    return lock;
                }
            }
            throw new IngressException("the XDP lock file " + path + " keeps being removed while " + interfaceName +
                " is being set up: is another handler starting and stopping on it?");
        }
    }

    /**
     * One attempt: null when the file locked was removed by its previous owner's clean stop meanwhile.
     */
    private static XdpOwnerLock tryAcquire(final Path path, final String interfaceName)
    {
        final int fd = LibC.openLockFile(path.toString());
        if (fd < 0)
        {
            throw new IngressException("cannot create the XDP lock file " + path + " for " + interfaceName + " (" +
                LibC.strerror(fd) + "): set -D" + LOCK_DIR_PROPERTY + " to a directory this user can write");
        }
        try
        {
            final int locked = LibC.flockExclusiveNonBlocking(fd);
            if (-LibC.EWOULDBLOCK == locked)
            {
                final XdpOwner owner = XdpOwner.parse(read(fd));
                throw refusal("AF_XDP on " + interfaceName + " is owned by " +
                    (null == owner ? "another process (no record yet)" : owner.describe()) + " (lock " + path +
                    "): one handler per interface; its program and queues are left untouched; stop it first or " +
                    "use another interface");
            }
            if (0 != locked)
            {
                throw new IngressException("cannot lock the XDP lock file " + path + ": " + LibC.strerror(locked) +
                    ": set -D" + LOCK_DIR_PROPERTY + " to a local directory");
            }
            if (!sameFile(fd, path))
            {
                LibC.close(fd);
                return null;
            }
            final XdpOwner recorded = XdpOwner.parse(read(fd));
            if (null != recorded && recorded.pid() != ProcessHandle.current().pid() && recorded.alive())
            {
                // the lock was free but its recorded owner runs: its lock file was replaced under it (removed by
                // hand); its program is not ours to replace either
                throw refusal("AF_XDP on " + interfaceName + " is owned by " + recorded.describe() + " (lock " +
                    path + " not held by it): one handler per interface; its program and queues are left " +
                    "untouched; stop it first or use another interface");
            }
            final XdpOwnerLock lock = new XdpOwnerLock(path, fd, recorded);
            lock.record(XdpOwner.self(0));
            return lock;
        }
        catch (final RuntimeException ex)
        {
            LibC.close(fd);
            throw ex;
        }
    }

    private static void createDirectory(final Path path, final String interfaceName)
    {
        final Path directory = path.getParent();
        try
        {
            if (!Files.isDirectory(directory))
            {
                Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            }
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new IngressException("cannot create the XDP lock file " + path + " for " + interfaceName + " (" +
                ex + "): set -D" + LOCK_DIR_PROPERTY + " to a directory this user can write", ex);
        }
    }

    /**
     * Whether the path still names the file open as fd (a clean stop removes it before unlocking).
     */
    private static boolean sameFile(final int fd, final Path path)
    {
        try
        {
            final Object open = Files.readAttributes(descriptor(fd), BasicFileAttributes.class).fileKey();
            final Object named = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
            return null != open && Objects.equals(open, named);
        }
        catch (final NoSuchFileException ex)
        {
            return false;
        }
        catch (final IOException ex)
        {
            throw new IngressException("cannot read the XDP lock file " + path + ": " + ex, ex);
        }
    }

    /**
     * The file of a descriptor of this process, opened again by its {@code /proc} link (the same file even when
     * removed).
     */
    private static Path descriptor(final int fd)
    {
        return Path.of("/proc/self/fd", Integer.toString(fd));
    }

    private static String read(final int fd)
    {
        try
        {
            return Files.readString(descriptor(fd), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            // an unreadable record is as good as none: the lock decides
            return "";
        }
    }

    /**
     * Whether an exception is the refusal of an interface owned by another live handler (not a missing capability
     * or library): {@code transport=auto} must not fall back to kernel UDP then, since the owner's program redirects
     * its groups away from the kernel.
     *
     * @param failure an exception and its causes.
     * @return true when it is an ownership refusal.
     */
    static boolean isRefusal(final Throwable failure)
    {
        for (Throwable cause = failure; null != cause; cause = cause.getCause())
        {
            if (cause instanceof OwnedElsewhere)
            {
                return true;
            }
        }
        return false;
    }

    private static IngressException refusal(final String message)
    {
        return new IngressException(message, new OwnedElsewhere());
    }

    /**
     * Write this owner's record (again, with the program id once attached).
     *
     * @param owner the record.
     */
    void record(final XdpOwner owner)
    {
        try
        {
            Files.writeString(descriptor(fd), owner + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new IngressException("cannot write the XDP lock file " + path + ": " + ex + ": set -D" +
                LOCK_DIR_PROPERTY + " to a directory this user can write", ex);
        }
    }

    /**
     * The owner recorded before this lock was taken: a process that died without a clean stop, whose program may
     * still be attached.
     *
     * @return the dead owner, or null when there was no record.
     */
    XdpOwner previousOwner()
    {
        return previousOwner;
    }

    /**
     * The lock file.
     *
     * @return its path.
     */
    Path path()
    {
        return path;
    }

    /**
     * Remove the file and release the lock (after the program is detached). Idempotent.
     */
    @Override
    public void close()
    {
        synchronized (HELD_HERE)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            try
            {
                // removed while locked: see the class description
                Files.deleteIfExists(path);
            }
            catch (final IOException ex)
            {
                LOGGER.log(System.Logger.Level.WARNING, "XDP lock file {0} not removed: {1}", path, ex);
            }
            finally
            {
                LibC.close(fd);
                HELD_HERE.remove(path);
            }
        }
    }

    /**
     * The inode of this process's network namespace, which tells namespaces apart ({@code ip netns identify}).
     */
    private static String networkNamespace()
    {
        try
        {
            // "net:[4026532281]"
            return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString().replaceAll("[^0-9]", "");
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return "0";
        }
    }

    /**
     * Marks an {@link IngressException} as an ownership refusal (its cause); carries no stack trace.
     */
    private static final class OwnedElsewhere extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        OwnedElsewhere()
        {
            super("the interface is owned by another live handler", null, false, false);
        }
    }
}
