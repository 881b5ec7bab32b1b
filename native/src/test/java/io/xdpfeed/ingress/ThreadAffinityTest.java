package io.xdpfeed.ingress;

import io.xdpfeed.nativeio.LibC;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class ThreadAffinityTest
{
    @Test
    void parsesAndFormatsKernelCpuLists()
    {
        final BitSet cpus = ThreadAffinity.parseCpuList("1-3,5\n");
        assertEquals("1-3,5", ThreadAffinity.formatCpuList(cpus));
        assertTrue(ThreadAffinity.parseCpuList("").isEmpty());
        assertEquals("0", ThreadAffinity.formatCpuList(ThreadAffinity.parseCpuList("0")));
    }

    @Test
    void pinsAThreadToAnAllowedCpu() throws InterruptedException
    {
        final int cpu = LibC.schedGetAffinity().length() - 1;
        final AtomicReference<BitSet> seen = new AtomicReference<>();
        final Thread thread = new Thread(() ->
        {
            ThreadAffinity.pinCurrentThread(cpu);
            seen.set(LibC.schedGetAffinity());
        });
        thread.start();
        thread.join();

        final BitSet expected = new BitSet();
        expected.set(cpu);
        assertEquals(expected, seen.get());
    }

    @Test
    void refusesACpuOutOfRangeWithOneLineSayingWhichCpusExist()
    {
        final IngressException ex = assertThrows(IngressException.class, () -> ThreadAffinity.pinCurrentThread(4000));
        assertTrue(ex.getMessage().startsWith("CPU 4000 out of range: this process may use CPUs "), ex.getMessage());
        assertTrue(!ex.getMessage().contains("\n"));
        assertThrows(IngressException.class, () -> ThreadAffinity.pinCurrentThread(-2));
    }

    @Test
    void busySpinsWhenPinnedAndBacksOffOtherwise()
    {
        assertInstanceOf(BusySpinIdleStrategy.class, ThreadAffinity.idleStrategy(true));
        assertInstanceOf(BackoffIdleStrategy.class, ThreadAffinity.idleStrategy(false));
    }
}
