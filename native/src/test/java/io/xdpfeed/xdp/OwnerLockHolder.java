package io.xdpfeed.xdp;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Holds an {@link XdpOwnerLock} in a child JVM for {@link XdpOwnerLockTest}: takes the lock file given, prints
 * {@code HELD}, and keeps it until its standard input closes (or it is killed).
 */
public final class OwnerLockHolder
{
    private OwnerLockHolder()
    {
    }

    /**
     * Hold a lock.
     *
     * @param args the lock file.
     * @throws IOException when standard input fails.
     */
    public static void main(final String[] args) throws IOException
    {
        try (XdpOwnerLock lock = XdpOwnerLock.acquire(Path.of(args[0]), "xtest0"))
        {
            System.out.println("HELD " + lock.path());
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // wait for the end of input
            }
        }
    }
}
