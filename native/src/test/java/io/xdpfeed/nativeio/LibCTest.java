package io.xdpfeed.nativeio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(10)
class LibCTest
{
    @Test
    void interfaceIndexOrNegativeErrno()
    {
        assertTrue(LibC.ifNameToIndex("lo") > 0);
        assertEquals(-LibC.ENODEV, LibC.ifNameToIndex("nosuchif0"));
        assertEquals("No such device", LibC.strerror(-LibC.ENODEV));
    }

    @Test
    void processAndThreadIds()
    {
        assertEquals(ProcessHandle.current().pid(), LibC.getpid());
        assertTrue(LibC.gettid() > 0);
        assertTrue(LibC.geteuid() >= 0);
        assertTrue(LibC.schedGetAffinity().cardinality() >= 1);
    }
}
