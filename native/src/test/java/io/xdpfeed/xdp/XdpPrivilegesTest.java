package io.xdpfeed.xdp;

import io.xdpfeed.ingress.IngressContext;
import io.xdpfeed.ingress.Subscription;
import io.xdpfeed.ingress.XdpBindMode;
import io.xdpfeed.nativeio.LibCapabilities;
import io.xdpfeed.xdp.XdpPrivileges.Capability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The capability and memlock checks on given values (the live checks: NonRootHandlerTest in latency-tests).
 */
@Timeout(10)
class XdpPrivilegesTest
{
    private static final long ALL_THREE = Capability.CAP_NET_ADMIN.bit() | Capability.CAP_NET_RAW.bit() |
        Capability.CAP_BPF.bit();
    private static final String FIX = ", not granted to this process: grant CAP_NET_ADMIN CAP_NET_RAW CAP_BPF " +
        "(systemd AmbientCapabilities=, or setpriv --ambient-caps; see docs/operations.md), run as root, or use " +
        "transport=udp";

    @Test
    void eachMissingCapabilityIsNamedWithWhatItIsFor()
    {
        assertNull(XdpPrivileges.missingCapabilities(ALL_THREE));
        assertNull(XdpPrivileges.missingCapabilities(-1L));
        assertEquals("AF_XDP needs CAP_NET_RAW (open the AF_XDP socket)" + FIX,
            XdpPrivileges.missingCapabilities(ALL_THREE & ~Capability.CAP_NET_RAW.bit()));
        assertEquals("AF_XDP needs CAP_NET_ADMIN (attach and detach the XDP program), CAP_NET_RAW (open the AF_XDP " +
            "socket), CAP_BPF (load the XDP program and its maps)" + FIX, XdpPrivileges.missingCapabilities(0));
    }

    @Test
    void capSysAdminStandsInForCapBpf()
    {
        final long sysAdminInsteadOfBpf =
            ALL_THREE & ~Capability.CAP_BPF.bit() | Capability.CAP_SYS_ADMIN.bit();
        assertNull(XdpPrivileges.missingCapabilities(sysAdminInsteadOfBpf));
    }

    @Test
    void theUmemCountsTwiceForBindAutoAndFitsUnderTheLimitOrWithIpcLock()
    {
        final IngressContext auto = context("auto", 8192);
        assertEquals(32L << 20, XdpPrivileges.lockedBytesNeeded(auto));
        assertEquals(16L << 20, XdpPrivileges.lockedBytesNeeded(context("copy", 8192)));

        assertNull(XdpPrivileges.memlockShortfall(auto, ALL_THREE, 32L << 20));
        assertNull(XdpPrivileges.memlockShortfall(auto, ALL_THREE, LibCapabilities.RLIM_INFINITY));
        assertNull(XdpPrivileges.memlockShortfall(auto, ALL_THREE | Capability.CAP_IPC_LOCK.bit(), 64 * 1024));
        assertEquals("AF_XDP UMEM needs 32 MiB of locked memory (xdpfeed.ingress.xdp.ring.size=8192 frames of 2048 " +
            "bytes x 1 queue(s) x 2 for bind=auto) but the memlock limit is 8 MiB and CAP_IPC_LOCK is not granted: " +
            "set LimitMEMLOCK=infinity (systemd) or ulimit -l unlimited, grant CAP_IPC_LOCK, or lower " +
            "xdpfeed.ingress.xdp.ring.size", XdpPrivileges.memlockShortfall(auto, ALL_THREE, 8L << 20));
    }

    @Test
    void capabilityNamesInBitOrder()
    {
        assertEquals(List.of("CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_BPF"), XdpPrivileges.names(ALL_THREE));
        assertEquals(List.of(), XdpPrivileges.names(0));
    }

    private static IngressContext context(final String bindMode, final int ringSize)
    {
        return new IngressContext()
            .interfaceName("lo")
            .subscribe(new Subscription(0xEF000001, 14310))
            .xdpBindMode(XdpBindMode.parse(bindMode))
            .xdpRingSize(ringSize)
            .conclude();
    }
}
