package io.xdpfeed.bench.live;

import io.xdpfeed.ingress.ThreadAffinity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real tracefs instance: a thread named like the receive thread (found by its name) sleeps 1 ms ten times on CPU 0
 * while the trace records; its sleeps are in the trace as switches away with state S, each ended by a wake-up, the
 * attribution reads them as asleep, and the instance is gone after close.
 */
@Timeout(30)
class SchedTraceTest
{
    @TempDir
    Path dir;

    @Test
    void recordsTheSleepsOfAThreadAndRemovesTheInstance() throws Exception
    {
        final String unavailable = SchedTrace.unavailableReason();
        assumeTrue(unavailable == null, () -> "skipped: " + unavailable);
        final CompletableFuture<Long> tid = new CompletableFuture<>();
        final CompletableFuture<Void> go = new CompletableFuture<>();
        final Thread sleeper = new Thread(() ->
        {
            ThreadAffinity.pinCurrentThread(0);
            tid.complete(ownTid());
            go.join();
            for (int i = 0; i < 10; i++)
            {
                ChildProcess.sleep(1);
            }
        }, "xdpfeed-receiver");
        sleeper.start();
        final long receiveTid = tid.get();
        final Path file = dir.resolve("sched.trace");
        final long lost;
        final Path instance;
        try (SchedTrace trace = SchedTrace.start("xdpfeed-test-" + ProcessHandle.current().pid(), receiveTid,
            ownTid(), 0))
        {
            instance = trace.instance();
            assertTrue(Files.isDirectory(instance));
            assertEquals(receiveTid, SchedTrace.threadNamed(ProcessHandle.current().pid(), "xdpfeed-receive"));
            go.complete(null);
            sleeper.join();
            trace.stop();
            lost = trace.copyTo(file);
        }
        assertFalse(Files.exists(instance));
        assertEquals(0, lost);
        final List<String> sleeps = Files.readAllLines(file).stream()
            .filter(line -> line.contains("prev_pid=" + receiveTid + " ") && line.contains("prev_state=S")).toList();
        assertTrue(sleeps.size() >= 10, () -> "switches away to sleep: " + sleeps);
        final TailAttribution.Timeline timeline = new TailAttribution(receiveTid, -1, 0, Map.of()).read(file);
        final long asleepNs = timeline.receiverAsleep.total(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
        assertTrue(asleepNs >= 9_000_000L, () -> "asleep " + asleepNs + " ns in ten sleeps of 1 ms");
    }

    private static long ownTid()
    {
        try
        {
            return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
