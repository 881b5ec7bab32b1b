package io.xdpfeed.xdp;

import io.xdpfeed.ingress.IngressConfiguration;
import io.xdpfeed.ingress.IngressContext;
import io.xdpfeed.ingress.XdpBindMode;
import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibCapabilities;

import java.util.ArrayList;
import java.util.List;

/**
 * What AF_XDP needs from the kernel besides root, checked up front so that a handler started with too little says so
 * in one line before it touches the interface, and given back once set up. Measured on Linux 6.18 with libxdp 1.3
 * (docs/operations.md, "Least privilege"):
 * <ul>
 *   <li>{@code CAP_NET_ADMIN}: attach the XDP program to the interface (netlink) and detach it at exit; loading a
 *   program of type XDP needs it too.</li>
 *   <li>{@code CAP_NET_RAW}: open the AF_XDP socket (which registers the UMEM).</li>
 *   <li>{@code CAP_BPF}: load the program and create its maps ({@code CAP_SYS_ADMIN} also grants it).</li>
 *   <li>Locked memory for the UMEM: the kernel charges it to the user's {@code RLIMIT_MEMLOCK} unless the process
 *   has {@code CAP_IPC_LOCK}; so either the limit covers it (systemd {@code LimitMEMLOCK=}) or the capability is
 *   granted.</li>
 * </ul>
 * Not needed: {@code CAP_SYS_ADMIN} (libxdp wants it only to look programs up by id: its dispatcher, and its
 * detach, for which {@link XdpProgram} falls back to a netlink detach of its own program), {@code CAP_PERFMON} (the
 * dispatcher's verifier checks). Joining and leaving lines at run time needs none: an IGMP membership on a kernel
 * socket and an update of a map whose descriptor the process holds.
 * <p>
 * Capabilities are per thread on Linux: {@link #dropAfterSetUp()} lowers those of the calling thread, and threads it
 * starts afterwards inherit the lowered sets.
 */
public final class XdpPrivileges
{
    /** The capabilities AF_XDP needs, each with what for, in the order they are named in messages. */
    public static final List<Requirement> REQUIRED = List.of(
        new Requirement(Capability.CAP_NET_ADMIN, "attach and detach the XDP program"),
        new Requirement(Capability.CAP_NET_RAW, "open the AF_XDP socket"),
        new Requirement(Capability.CAP_BPF, "load the XDP program and its maps"));

    private static final Capability[] CAPABILITIES = Capability.values();
    private static final long MIB = 1024 * 1024;

    private XdpPrivileges()
    {
    }

    /**
     * The kernel's capabilities in its order ({@code linux/capability.h}): a constant's ordinal is the capability's
     * number, its bit in a capability set.
     */
    public enum Capability
    {
        CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER, CAP_FSETID, CAP_KILL, CAP_SETGID, CAP_SETUID,
        CAP_SETPCAP, CAP_LINUX_IMMUTABLE, CAP_NET_BIND_SERVICE, CAP_NET_BROADCAST, CAP_NET_ADMIN, CAP_NET_RAW,
        CAP_IPC_LOCK, CAP_IPC_OWNER, CAP_SYS_MODULE, CAP_SYS_RAWIO, CAP_SYS_CHROOT, CAP_SYS_PTRACE, CAP_SYS_PACCT,
        CAP_SYS_ADMIN, CAP_SYS_BOOT, CAP_SYS_NICE, CAP_SYS_RESOURCE, CAP_SYS_TIME, CAP_SYS_TTY_CONFIG, CAP_MKNOD,
        CAP_LEASE, CAP_AUDIT_WRITE, CAP_AUDIT_CONTROL, CAP_SETFCAP, CAP_MAC_OVERRIDE, CAP_MAC_ADMIN, CAP_SYSLOG,
        CAP_WAKE_ALARM, CAP_BLOCK_SUSPEND, CAP_AUDIT_READ, CAP_PERFMON, CAP_BPF, CAP_CHECKPOINT_RESTORE;

        /**
         * @return the capability's bit in a capability set.
         */
        public long bit()
        {
            return 1L << ordinal();
        }
    }

    /**
     * A capability AF_XDP needs and why.
     *
     * @param capability the capability.
     * @param why        what the handler does with it.
     */
    public record Requirement(Capability capability, String why)
    {
        /**
         * @return the capability's name, e.g. {@code CAP_NET_ADMIN}.
         */
        public String name()
        {
            return capability.name();
        }
    }

    /**
     * The effective capabilities of the calling thread.
     *
     * @return bit n set when capability n is effective.
     */
    public static long effectiveCapabilities()
    {
        return LibCapabilities.capget()[0];
    }

    /**
     * Which of {@link #REQUIRED} are missing, as one line saying what to do.
     *
     * @param effective capability bits, e.g. {@link #effectiveCapabilities()}.
     * @return the reason, or null when none is missing.
     */
    public static String missingCapabilities(final long effective)
    {
        final List<String> missing = new ArrayList<>();
        for (final Requirement requirement : REQUIRED)
        {
            final Capability capability = requirement.capability();
            final boolean granted = has(effective, capability) ||
                (Capability.CAP_BPF == capability && has(effective, Capability.CAP_SYS_ADMIN));
            if (!granted)
            {
                missing.add(capability + " (" + requirement.why() + ")");
            }
        }
        if (missing.isEmpty())
        {
            return null;
        }
        return "AF_XDP needs " + String.join(", ", missing) + ", not granted to this process: grant " +
            "CAP_NET_ADMIN CAP_NET_RAW CAP_BPF (systemd AmbientCapabilities=, or setpriv --ambient-caps; see " +
            "docs/operations.md), run as root, or use transport=udp";
    }

    /**
     * Bytes of UMEM the kernel charges to the memlock limit while the sockets of {@code context} are set up: one
     * UMEM per queue, twice over when the bind mode is auto (the zero-copy attempt's UMEM is released
     * asynchronously, so it is still charged when the copy-mode one is registered).
     *
     * @param context concluded.
     * @return the bytes.
     */
    public static long lockedBytesNeeded(final IngressContext context)
    {
        final long perQueue = (long)context.xdpRingSize() * context.xdpFrameSize();
        final int attempts = XdpBindMode.AUTO == context.xdpBindMode() ? 2 : 1;
        return perQueue * context.queues().length * attempts;
    }

    /**
     * Whether the UMEM fits: always with {@code CAP_IPC_LOCK}, else only under {@code RLIMIT_MEMLOCK}.
     *
     * @param context concluded.
     * @return one line naming the need, the limit and the fixes, or null when it fits.
     */
    public static String memlockShortfall(final IngressContext context)
    {
        return memlockShortfall(context, effectiveCapabilities(), LibCapabilities.getrlimitSoft(LibCapabilities.RLIMIT_MEMLOCK));
    }

    /**
     * {@link #memlockShortfall(IngressContext)} from given capabilities and limit.
     *
     * @param context      concluded.
     * @param effective    capability bits.
     * @param memlockLimit soft {@code RLIMIT_MEMLOCK} in bytes, {@link LibC#RLIM_INFINITY} for none,
     *                     {@link Long#MIN_VALUE} when unknown (not checked).
     * @return the reason, or null when it fits.
     */
    public static String memlockShortfall(final IngressContext context, final long effective, final long memlockLimit)
    {
        final long needed = lockedBytesNeeded(context);
        if (has(effective, Capability.CAP_IPC_LOCK) || LibCapabilities.RLIM_INFINITY == memlockLimit ||
            Long.MIN_VALUE == memlockLimit || memlockLimit >= needed)
        {
            return null;
        }
        return "AF_XDP UMEM needs " + mebibytes(needed) + " of locked memory (" +
            IngressConfiguration.XDP_RING_SIZE_PROP_NAME + "=" + context.xdpRingSize() + " frames of " +
            context.xdpFrameSize() + " bytes x " + context.queues().length + " queue(s)" +
            (XdpBindMode.AUTO == context.xdpBindMode() ? " x 2 for bind=auto" : "") + ") but the memlock limit is " +
            mebibytes(memlockLimit) + " and CAP_IPC_LOCK is not granted: set LimitMEMLOCK=infinity (systemd) or " +
            "ulimit -l unlimited, grant CAP_IPC_LOCK, or lower " + IngressConfiguration.XDP_RING_SIZE_PROP_NAME;
    }

    /**
     * Lower the calling thread's capabilities to what it still needs once AF_XDP is set up: {@code CAP_NET_ADMIN}
     * (to detach the program at exit) when it has it, and {@code CAP_SYS_ADMIN} when it has it (a root run, where
     * libxdp may have attached through its dispatcher, whose detach looks programs up by id), nothing else;
     * inheritable and ambient sets emptied. Threads it starts afterwards (the receive and conductor agents) inherit
     * that; threads started before keep theirs.
     *
     * @return the capabilities given up, e.g. {@code [CAP_NET_RAW, CAP_BPF]}, empty when there were none to drop.
     * @throws IllegalStateException when the kernel refuses (it cannot: lowering is always allowed).
     */
    public static List<String> dropAfterSetUp()
    {
        return dropAfterSetUp(false);
    }

    /**
     * {@link #dropAfterSetUp()}, keeping {@code CAP_SYS_NICE} too when asked: a receive thread started afterwards can
     * then make itself real-time (and drop it with {@link #dropAfterSetUp()} on its own thread).
     *
     * @param keepSysNice keep CAP_SYS_NICE when the thread has it.
     * @return the capabilities given up.
     * @throws IllegalStateException when the kernel refuses (it cannot: lowering is always allowed).
     */
    public static List<String> dropAfterSetUp(final boolean keepSysNice)
    {
        final long[] sets = LibCapabilities.capget();
        final long wanted = Capability.CAP_NET_ADMIN.bit() | Capability.CAP_SYS_ADMIN.bit() |
            (keepSysNice ? Capability.CAP_SYS_NICE.bit() : 0);
        final long keep = sets[1] & wanted;
        final long dropped = sets[1] & ~keep;
        if (0 == dropped && 0 == sets[2])
        {
            return List.of();
        }
        final int result = LibCapabilities.capset(keep, keep, 0);
        if (0 != result)
        {
            throw new IllegalStateException("cannot drop capabilities: " + LibC.strerror(result));
        }
        return names(dropped);
    }

    /**
     * The calling thread's permitted capabilities.
     *
     * @return their names, e.g. {@code [CAP_NET_ADMIN]}.
     */
    public static List<String> permitted()
    {
        return names(LibCapabilities.capget()[1]);
    }

    /**
     * Names of capability bits.
     *
     * @param capabilities bit n for capability n.
     * @return e.g. {@code [CAP_NET_ADMIN, CAP_BPF]}, in bit order.
     */
    public static List<String> names(final long capabilities)
    {
        final List<String> names = new ArrayList<>();
        for (int bit = 0; bit < Long.SIZE; bit++)
        {
            if ((capabilities & (1L << bit)) != 0)
            {
                names.add(bit < CAPABILITIES.length ? CAPABILITIES[bit].name() : "CAP_" + bit);
            }
        }
        return names;
    }

    private static boolean has(final long capabilities, final Capability capability)
    {
        return (capabilities & capability.bit()) != 0;
    }

    private static String mebibytes(final long bytes)
    {
        return bytes % MIB == 0 ? (bytes / MIB) + " MiB" : bytes + " bytes";
    }
}
