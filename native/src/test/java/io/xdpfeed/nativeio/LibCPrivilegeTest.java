package io.xdpfeed.nativeio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * capget/capset/getrlimit/umask against what the kernel shows in /proc. capset is tried on a thread of its own
 * (capabilities are per thread), which ends with it.
 */
@Timeout(10)
class LibCPrivilegeTest
{
    @Test
    void capgetIsWhatProcShowsForTheThread() throws IOException
    {
        final long[] sets = LibCapabilities.capget();
        assertEquals(status("/proc/thread-self/status", "CapEff:"), sets[0]);
        assertEquals(status("/proc/thread-self/status", "CapPrm:"), sets[1]);
        assertEquals(status("/proc/thread-self/status", "CapInh:"), sets[2]);
    }

    @Test
    void capsetLowersOnlyTheCallingThread() throws Exception
    {
        final long[] before = LibCapabilities.capget();
        final AtomicReference<String> seen = new AtomicReference<>();
        final Thread thread = new Thread(() ->
        {
            final long keep = before[1] & 1L << 12;
            final int result = LibCapabilities.capset(keep, keep, 0);
            try
            {
                seen.set(result + " " + Long.toHexString(status("/proc/thread-self/status", "CapEff:")) + " " +
                    Long.toHexString(status("/proc/thread-self/status", "CapPrm:")));
            }
            catch (final IOException ex)
            {
                seen.set(ex.toString());
            }
        });
        thread.start();
        thread.join();
        final long keep = before[1] & 1L << 12;
        assertEquals("0 " + Long.toHexString(keep) + " " + Long.toHexString(keep), seen.get());
        assertEquals(before[0], LibCapabilities.capget()[0], "the test thread keeps its capabilities");
    }

    @Test
    void memlockLimitIsWhatProcShows() throws IOException
    {
        final long limit = LibCapabilities.getrlimitSoft(LibCapabilities.RLIMIT_MEMLOCK);
        for (final String line : Files.readAllLines(Path.of("/proc/self/limits")))
        {
            if (line.startsWith("Max locked memory"))
            {
                final String soft = line.substring("Max locked memory".length()).trim().split("\\s+")[0];
                assertEquals("unlimited".equals(soft) ? LibCapabilities.RLIM_INFINITY : Long.parseLong(soft), limit);
                return;
            }
        }
        throw new AssertionError("no 'Max locked memory' in /proc/self/limits");
    }

    @Test
    void umaskReturnsThePreviousMask()
    {
        final int previous = LibCapabilities.umask(0027);
        try
        {
            assertEquals(0027, LibCapabilities.umask(previous));
        }
        finally
        {
            LibCapabilities.umask(previous);
        }
        assertTrue(previous >= 0 && previous <= 0777);
    }

    private static long status(final String file, final String key) throws IOException
    {
        for (final String line : Files.readAllLines(Path.of(file)))
        {
            if (line.startsWith(key))
            {
                return Long.parseUnsignedLong(line.substring(key.length()).trim(), 16);
            }
        }
        throw new IOException("no " + key + " in " + file);
    }
}
