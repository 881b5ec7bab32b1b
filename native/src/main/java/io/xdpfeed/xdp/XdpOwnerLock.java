package io.xdpfeed.xdp;

import io.xdpfeed.ingress.IngressException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

/**
 * The lock that makes one process the owner of an interface's XDP program and AF_XDP queues: a file per interface
 * (name, ifindex and network namespace, so that namespaces do not collide) in {@code /run/xdpfeed/} (system property
 * {@value #LOCK_DIR_PROPERTY}), locked with {@code fcntl} for as long as the program is attached, and holding the
 * owner's {@link XdpOwner} record. The kernel drops the lock when the owner dies however it dies, so a held lock
 * means a live owner and a free one means the program, if any, is stale.
 * <p>
 * A POSIX lock belongs to the process and is dropped when the process closes any descriptor of the file: a second
 * lock of the same file in this process is therefore refused from a set of the paths held here, before the file is
 * opened again. The file stays after a clean stop with an empty record (deleting it would let two processes lock two
 * different files of the same name); a stop that did not run leaves the record of a dead owner.
 */
final class XdpOwnerLock implements AutoCloseable
{
    /** System property naming the directory of the lock files. */
    static final String LOCK_DIR_PROPERTY = "xdpfeed.xdp.lock.dir";
    /** Default directory of the lock files (systemd: {@code RuntimeDirectory=xdpfeed}). */
    static final String DEFAULT_LOCK_DIR = "/run/xdpfeed";

    private static final System.Logger LOGGER = System.getLogger(XdpOwnerLock.class.getName());
    private static final int MAX_RECORD_BYTES = 4096;
    private static final Set<Path> HELD_HERE = new HashSet<>();

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final XdpOwner previousOwner;
    private boolean closed;

    private XdpOwnerLock(final Path path, final FileChannel channel, final FileLock lock, final XdpOwner previous)
    {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
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
            final FileChannel channel = open(path, interfaceName);
            try
            {
                final FileLock lock = tryLock(channel, path);
                final XdpOwner recorded = XdpOwner.parse(read(channel, path));
                if (null == lock)
                {
                    throw refusal("AF_XDP on " + interfaceName + " is owned by " +
                        (null == recorded ? "another process (no record yet)" : recorded.describe()) +
                        " (lock " + path + "): one handler per interface; its program and queues are left " +
                        "untouched; stop it first or use another interface");
                }
                if (null != recorded && recorded.pid() != ProcessHandle.current().pid() && recorded.alive())
                {
                    // the lock was free but its recorded owner runs: it lost its lock (a descriptor of the file
                    // closed in that process); its program is not ours to replace either
                    lock.release();
                    throw refusal("AF_XDP on " + interfaceName + " is owned by " + recorded.describe() +
                        " (lock " + path + " not held by it): one handler per interface; its program and queues " +
                        "are left untouched; stop it first or use another interface");
                }
                final XdpOwnerLock held = new XdpOwnerLock(path, channel, lock, recorded);
                held.record(XdpOwner.self(0));
                HELD_HERE.add(path);
                return held;
            }
            catch (final IOException | RuntimeException ex)
            {
                closeQuietly(channel);
                if (ex instanceof IngressException ingress)
                {
                    throw ingress;
                }
                throw new IngressException("cannot use the XDP lock file " + path + ": " + ex + ": set -D" +
                    LOCK_DIR_PROPERTY + " to a directory this user can write", ex);
            }
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

    private static FileChannel open(final Path path, final String interfaceName)
    {
        try
        {
            final Path directory = path.getParent();
            if (!Files.isDirectory(directory))
            {
                Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            }
            return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new IngressException("cannot create the XDP lock file " + path + " for " + interfaceName + " (" +
                ex + "): set -D" + LOCK_DIR_PROPERTY + " to a directory this user can write", ex);
        }
    }

    private static FileLock tryLock(final FileChannel channel, final Path path) throws IOException
    {
        try
        {
            return channel.tryLock();
        }
        catch (final OverlappingFileLockException ex)
        {
            // only this JVM's own locks overlap, and HELD_HERE excludes those: a lock taken outside this class
            throw new IOException("locked elsewhere in this process: " + path, ex);
        }
    }

    private static String read(final FileChannel channel, final Path path) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(MAX_RECORD_BYTES);
        int position = 0;
        int read;
        while (buffer.hasRemaining() && (read = channel.read(buffer, position)) > 0)
        {
            position += read;
        }
        buffer.flip();
        return StandardCharsets.UTF_8.decode(buffer).toString();
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
            final ByteBuffer bytes = ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8));
            channel.truncate(0);
            while (bytes.hasRemaining())
            {
                channel.write(bytes, bytes.position());
            }
            channel.force(false);
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
     * @return the dead owner, or null when the record was empty or absent.
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
     * Empty the record and release the lock (after the program is detached). Idempotent.
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
                channel.truncate(0);
                lock.release();
            }
            catch (final IOException ex)
            {
                LOGGER.log(System.Logger.Level.WARNING, "XDP lock file {0} not released cleanly: {1}", path, ex);
            }
            finally
            {
                closeQuietly(channel);
                HELD_HERE.remove(path);
            }
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ignore)
        {
            // closing also drops the lock: nothing more to do
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
}
