package io.xdpfeed.xdp;

import io.xdpfeed.nativeio.LibBpf;
import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibXdp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether AF_XDP can be set up here, checked before touching the kernel so that {@code transport=auto} can say why it
 * falls back: the libraries, the capabilities, the interface, the program object.
 */
public final class XdpSupport
{
    private XdpSupport()
    {
    }

    /**
     * Why AF_XDP cannot be used on an interface, as one line saying what to do.
     *
     * @param interfaceName to receive on.
     * @return the reason, or null when everything needed is present.
     */
    public static String unavailableReason(final String interfaceName)
    {
        if (null != LibXdp.unavailableReason())
        {
            return LibXdp.unavailableReason();
        }
        if (null != LibBpf.unavailableReason())
        {
            return LibBpf.unavailableReason();
        }
        final String missingCapabilities = XdpPrivileges.missingCapabilities(effectiveCapabilities());
        if (null != missingCapabilities)
        {
            return missingCapabilities;
        }
        final int ifindex = LibC.ifNameToIndex(interfaceName);
        if (ifindex <= 0)
        {
            return "no interface " + interfaceName + " in this network namespace: check the name with 'ip link'";
        }
        if (null == XdpProgram.class.getResource(XdpProgram.OBJECT_RESOURCE))
        {
            return XdpProgram.OBJECT_RESOURCE + " is not on the class path: build the native module with clang " +
                "and libbpf-dev installed";
        }
        return null;
    }

    /**
     * Whether a set-up failure is the refusal of an interface whose XDP program another live handler owns. Then
     * {@code transport=auto} must fail rather than fall back to kernel UDP: the owner's program redirects the groups
     * it subscribed away from the kernel, so a kernel socket of the same groups would receive nothing.
     *
     * @param failure what {@link XdpPacketSource}'s constructor threw.
     * @return true when the interface is owned by another handler.
     */
    public static boolean isOwnedByAnotherHandler(final Throwable failure)
    {
        return XdpOwnerLock.isRefusal(failure);
    }

    /**
     * The effective capability set of this process.
     *
     * @return the CapEff bits of /proc/self/status, 0 when unreadable.
     */
    static long effectiveCapabilities()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status")))
            {
                if (line.startsWith("CapEff:"))
                {
                    return Long.parseUnsignedLong(line.substring("CapEff:".length()).trim(), 16);
                }
            }
        }
        catch (final IOException | NumberFormatException ignore)
        {
            // fall through: no capabilities known
        }
        return LibC.geteuid() == 0 ? -1L : 0L;
    }
}
