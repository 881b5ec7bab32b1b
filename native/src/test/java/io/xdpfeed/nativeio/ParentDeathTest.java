package io.xdpfeed.nativeio;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The parent-death check on this JVM itself (its real parent is the build's JVM); the signal is cleared after each
 * test. The kill -9 of a real parent is in latency-tests (ProcessLifecycleTest).
 */
@Timeout(10)
class ParentDeathTest
{
    @AfterEach
    void clear()
    {
        assertEquals(0, LibC.setParentDeathSignal(0));
    }

    @Test
    void getppidIsTheParentProcess()
    {
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), LibC.getppid());
    }

    @Test
    void theSignalIsSetAndReadBack()
    {
        assertEquals(0, LibC.setParentDeathSignal(LibC.SIGTERM));
        assertEquals(LibC.SIGTERM, LibC.parentDeathSignal());
        assertEquals(0, LibC.setParentDeathSignal(0));
        assertEquals(0, LibC.parentDeathSignal());
    }

    @Test
    void withoutAParentNamedNothingIsArmed()
    {
        assertNull(ParentDeath.arm(null));
        assertNull(ParentDeath.arm(" "));
        assertEquals(0, LibC.parentDeathSignal());
    }

    @Test
    void theNamedParentStillThereArmsSigterm()
    {
        assertNull(ParentDeath.arm(Integer.toString(LibC.getppid())));
        assertEquals(LibC.SIGTERM, LibC.parentDeathSignal());
    }

    @Test
    void aParentThatIsNotOursAnymoreMeansExit()
    {
        assertEquals("parent process 1 is gone (parent now " + LibC.getppid() + "): exiting", ParentDeath.arm("1"));
        assertEquals(ParentDeath.PARENT_PID_ENV + "=12ab is not a process id", ParentDeath.arm("12ab"));
    }
}
