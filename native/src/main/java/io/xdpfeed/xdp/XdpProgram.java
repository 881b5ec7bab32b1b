package io.xdpfeed.xdp;

import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.ingress.XdpAttachMode;
import io.xdpfeed.nativeio.LibBpf;
import io.xdpfeed.nativeio.LibC;
import io.xdpfeed.nativeio.LibXdp;
import io.xdpfeed.nativeio.NativeLog;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Our XDP steering program ({@code xdp_mcast.o}, shipped in the jar) attached to one interface with libxdp, and
 * its two maps: the XSKMAP (RX queue to AF_XDP socket) and the {@link SubscriptionMap}.
 * <p>
 * Ownership: before touching the interface the process takes its {@link XdpOwnerLock} (a locked file recording pid
 * and start time, see docs/xdp-ownership.md), held until {@link #close()}. While another live handler holds it,
 * {@link #attach} refuses with one line naming that handler and leaves its program and queues alone; one handler per
 * interface, whatever its queues (the program and its maps are the interface's).
 * <p>
 * Attach: native mode, falling back to SKB mode with the reason logged (or the one mode asked for). Before attaching,
 * a program of ours left on the interface by a process that died without detaching (same program name,
 * {@link #PROGRAM_NAME}, and no live owner) is detached with a warning naming the dead owner, so that a restart after
 * a crash neither fails nor stacks a second copy; a foreign program is left alone and reported. {@link #close()}
 * detaches exactly the program and mode attached, and a failed attach leaves nothing attached. The lines libxdp and
 * libbpf print meanwhile (a verifier log runs to dozens) are collapsed into one ({@link NativeLog#capture()}).
 * <p>
 * When bpffs is not visible (as under {@code ip netns exec}) libxdp cannot use its dispatcher and attaches the
 * single program directly; with bpffs it attaches through the dispatcher beside other programs. Both are handled.
 */
public final class XdpProgram implements AutoCloseable
{
    /** Name of the program function in xdp_mcast.c (the kernel keeps 15 characters). */
    public static final String PROGRAM_NAME = "xdpfeed_mcast";
    /** Resource name of the object, beside this class. */
    public static final String OBJECT_RESOURCE = "xdp_mcast.o";
    /** Resource name of the arbitrating build of the same source (BPF atomics, kernel 6.0 or later). */
    public static final String ARBITRATION_OBJECT_RESOURCE = "xdp_mcast_arb.o";

    private static final System.Logger LOGGER = System.getLogger(XdpProgram.class.getName());
    private static final String XSKS_MAP_NAME = "xsks_map";
    private static final String SUBSCRIPTIONS_MAP_NAME = "subscriptions";

    private final String interfaceName;
    private final int ifindex;
    private final MemorySegment program;
    private final XdpAttachMode mode;
    private final int programId;
    private final int xskMapFd;
    private final SubscriptionMap subscriptionMap;
    private final XdpOwnerLock ownerLock;
    private final ArbitrationTable arbitration;
    private String arbitrationRefusal;
    private boolean closed;

    private XdpProgram(
        final String interfaceName,
        final int ifindex,
        final MemorySegment program,
        final XdpAttachMode mode,
        final int xskMapFd,
        final int subscriptionsMapFd,
        final ArbitrationTable arbitration,
        final XdpOwnerLock ownerLock)
    {
        this.arbitration = arbitration;
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        this.program = program;
        this.mode = mode;
        this.programId = LibXdp.xdpProgramId(program);
        this.xskMapFd = xskMapFd;
        this.subscriptionMap = new SubscriptionMap(subscriptionsMapFd);
        this.ownerLock = ownerLock;
    }

    /**
     * Take the ownership of an interface, load the program and attach it, replacing a stale copy of ours.
     *
     * @param interfaceName to attach to.
     * @param requestedMode {@link XdpAttachMode#AUTO} for native falling back to SKB, else exactly that mode.
     * @return the attached program, owning the interface until {@link #close()}.
     * @throws IngressException when another live handler owns the interface (naming it; its program is left
     *     untouched), or the program cannot be loaded or attached (nothing is left attached then).
     */
    public static XdpProgram attach(final String interfaceName, final XdpAttachMode requestedMode)
    {
        return attach(interfaceName, requestedMode, false);
    }

    /**
     * Take the ownership of an interface, load the program and attach it, replacing a stale copy of ours; with
     * {@code arbitration}, the arbitrating build first, falling back to the steering one when the kernel or its
     * verifier refuses it ({@link #arbitrationRefusal()} says why).
     *
     * @param interfaceName to attach to.
     * @param requestedMode {@link XdpAttachMode#AUTO} for native falling back to SKB, else exactly that mode.
     * @param arbitration   true to try the arbitrating build ({@link #arbitration()}).
     * @return the attached program, owning the interface until {@link #close()}.
     * @throws IngressException when another live handler owns the interface (naming it; its program is left
     *     untouched), or the program cannot be loaded or attached (nothing is left attached then).
     */
    public static XdpProgram attach(
        final String interfaceName, final XdpAttachMode requestedMode, final boolean arbitration)
    {
        final String missing = null != LibXdp.unavailableReason() ? LibXdp.unavailableReason() :
            LibBpf.unavailableReason();
        if (null != missing)
        {
            throw new IngressException(missing);
        }
        NativeLog.install();

        final int ifindex = LibC.ifNameToIndex(interfaceName);
        if (ifindex <= 0)
        {
            throw new IngressException("no interface " + interfaceName + " in this network namespace (" +
                LibC.strerror(ifindex) + "): check the name with 'ip link'");
        }

        // ownership first: nothing on the interface is touched while another live handler owns it
        final XdpOwnerLock lock = XdpOwnerLock.acquire(interfaceName, ifindex);
        try (NativeLog.Capture nativeLog = NativeLog.capture())
        {
            final XdpProgram attached;
            try
            {
                removeStaleProgram(interfaceName, ifindex, lock.previousOwner());
                String refusal = null;
                XdpProgram arbitrating = null;
                if (arbitration)
                {
                    try
                    {
                        arbitrating = load(interfaceName, ifindex, requestedMode, lock, ARBITRATION_OBJECT_RESOURCE);
                    }
                    catch (final IngressException ex)
                    {
                        final String nativeSummary = nativeLog.summary();
                        refusal = ex.getMessage() + (null == nativeSummary ? "" : " [" + nativeSummary + "]");
                    }
                }
                attached = null != arbitrating ? arbitrating :
                    load(interfaceName, ifindex, requestedMode, lock, OBJECT_RESOURCE);
                attached.arbitrationRefusal = refusal;
            }
            catch (final IngressException ex)
            {
                final String nativeSummary = nativeLog.summary();
                throw null == nativeSummary ? ex : new IngressException(ex.getMessage() + " [" + nativeSummary + "]",
                    ex);
            }
            if (null != nativeLog.summary())
            {
                LOGGER.log(System.Logger.Level.INFO, "libxdp/libbpf while attaching to {0}: {1}", interfaceName,
                    nativeLog.summary());
            }
            return attached;
        }
        catch (final RuntimeException | Error ex)
        {
            lock.close();
            throw ex;
        }
    }

    private static XdpProgram load(
        final String interfaceName,
        final int ifindex,
        final XdpAttachMode requestedMode,
        final XdpOwnerLock lock,
        final String resource)
    {
        final Path objectFile = extractObject(resource);
        try (Arena arena = Arena.ofConfined())
        {
            final MemorySegment program = LibXdp.xdpProgramOpenFile(
                arena.allocateFrom(objectFile.toString()), arena.allocateFrom("xdp"));
            final int openError = LibXdp.libxdpGetError(program);
            if (0 != openError || MemorySegment.NULL.equals(program))
            {
                throw new IngressException("cannot open the XDP program " + objectFile + ": " +
                    LibXdp.libxdpStrerror(openError) + " (rebuild the native module)");
            }

            final XdpAttachMode mode;
            try
            {
                mode = attachProgram(program, interfaceName, ifindex, requestedMode);
            }
            catch (final RuntimeException | Error ex)
            {
                LibXdp.xdpProgramClose(program);
                throw ex;
            }

            final MemorySegment bpfObject = LibXdp.xdpProgramBpfObj(program);
            final int xskMapFd = LibBpf.bpfObjectFindMapFdByName(bpfObject, arena.allocateFrom(XSKS_MAP_NAME));
            final int subscriptionsFd = LibBpf.bpfObjectFindMapFdByName(
                bpfObject, arena.allocateFrom(SUBSCRIPTIONS_MAP_NAME));
            final boolean arbitrating = ARBITRATION_OBJECT_RESOURCE.equals(resource);
            final int slotsFd = arbitrating ? LibBpf.bpfObjectFindMapFdByName(
                bpfObject, arena.allocateFrom(ArbitrationTable.SLOTS_MAP_NAME)) : -1;
            final int countersFd = arbitrating ? LibBpf.bpfObjectFindMapFdByName(
                bpfObject, arena.allocateFrom(ArbitrationTable.COUNTERS_MAP_NAME)) : -1;
            final XdpProgram attached = new XdpProgram(interfaceName, ifindex, program, mode, xskMapFd,
                subscriptionsFd, slotsFd >= 0 && countersFd >= 0 ? new ArbitrationTable(slotsFd, countersFd) : null,
                lock);
            try
            {
                if (xskMapFd < 0 || subscriptionsFd < 0 || (arbitrating && null == attached.arbitration))
                {
                    throw new IngressException("the XDP object " + resource + " lacks its maps " + XSKS_MAP_NAME +
                        "/" + SUBSCRIPTIONS_MAP_NAME + (arbitrating ? "/" + ArbitrationTable.SLOTS_MAP_NAME + "/" +
                        ArbitrationTable.COUNTERS_MAP_NAME : "") + ": rebuild the native module");
                }
                lock.record(XdpOwner.self(attached.programId));
            }
            catch (final RuntimeException | Error ex)
            {
                attached.detach();
                throw ex;
            }
            LOGGER.log(System.Logger.Level.INFO, "XDP program {0} (id {1,number,#}) attached to {2} in {3} mode",
                PROGRAM_NAME, attached.programId, interfaceName, mode);

            return attached;
        }
        finally
        {
            deleteQuietly(objectFile);
        }
    }

    private static XdpAttachMode attachProgram(
        final MemorySegment program, final String interfaceName, final int ifindex, final XdpAttachMode requested)
    {
        if (XdpAttachMode.AUTO != requested)
        {
            final int result = LibXdp.xdpProgramAttach(program, ifindex, requested.libxdpMode(), 0);
            if (0 != result)
            {
                throw new IngressException("cannot attach the XDP program to " + interfaceName + " in " + requested +
                    " mode: " + LibXdp.libxdpStrerror(result) + attachHint(result, requested));
            }
            return requested;
        }

        final int nativeResult = LibXdp.xdpProgramAttach(program, ifindex, XdpAttachMode.NATIVE.libxdpMode(), 0);
        if (0 == nativeResult)
        {
            return XdpAttachMode.NATIVE;
        }
        LOGGER.log(System.Logger.Level.WARNING, "XDP native mode unavailable on {0} ({1}): falling back to SKB mode",
            interfaceName, LibXdp.libxdpStrerror(nativeResult));

        final int skbResult = LibXdp.xdpProgramAttach(program, ifindex, XdpAttachMode.SKB.libxdpMode(), 0);
        if (0 != skbResult)
        {
            throw new IngressException("cannot attach the XDP program to " + interfaceName + " (native: " +
                LibXdp.libxdpStrerror(nativeResult) + "; skb: " + LibXdp.libxdpStrerror(skbResult) + ")" +
                attachHint(skbResult, XdpAttachMode.SKB));
        }
        return XdpAttachMode.SKB;
    }

    private static String attachHint(final int error, final XdpAttachMode mode)
    {
        if (-LibC.EPERM == error)
        {
            return ": run as root";
        }
        if (-LibC.EOPNOTSUPP == error && XdpAttachMode.NATIVE == mode)
        {
            return ": the driver has no native XDP, use xdp attach mode skb or auto";
        }
        if (-LibC.EBUSY == error || -LibC.EEXIST == error)
        {
            return ": another XDP program is attached, remove it with 'ip link set dev <if> xdp off'";
        }
        return "";
    }

    /**
     * Detach a program of ours that a dead process left on the interface (we hold the interface's lock, so no live
     * handler owns it); fail on a foreign program.
     */
    private static void removeStaleProgram(final String interfaceName, final int ifindex, final XdpOwner previous)
    {
        final MemorySegment multiprog = LibXdp.xdpMultiprogGetFromIfindex(ifindex);
        final int error = LibXdp.libxdpGetError(multiprog);
        if (0 != error || MemorySegment.NULL.equals(multiprog))
        {
            if (-LibC.ENOENT != error)
            {
                // libxdp opens the attached program by id, which needs CAP_SYS_ADMIN: ask netlink for its id instead
                removeStaleProgramById(interfaceName, ifindex, previous);
            }
            return;
        }
        try
        {
            if (LibXdp.xdpMultiprogIsLegacy(multiprog))
            {
                final MemorySegment main = LibXdp.xdpMultiprogMainProg(multiprog);
                if (MemorySegment.NULL.equals(main))
                {
                    return;
                }
                final String name = LibXdp.xdpProgramName(main);
                if (!isOurs(name))
                {
                    throw new IngressException("interface " + interfaceName + " already has the XDP program '" +
                        name + "' (id " + LibXdp.xdpProgramId(main) + "): remove it with 'ip link set dev " +
                        interfaceName + " xdp off' or use transport=udp");
                }
                warnStale(LibXdp.xdpProgramId(main), interfaceName, previous);
                final int result = LibXdp.xdpMultiprogDetach(multiprog);
                if (0 != result)
                {
                    throw new IngressException("cannot detach the stale XDP program from " + interfaceName + ": " +
                        LibXdp.libxdpStrerror(result) + ": run 'ip link set dev " + interfaceName + " xdp off'");
                }
                return;
            }

            final int mode = LibXdp.xdpMultiprogAttachMode(multiprog);
            for (MemorySegment component = LibXdp.xdpMultiprogNextProg(MemorySegment.NULL, multiprog);
                !MemorySegment.NULL.equals(component);
                component = LibXdp.xdpMultiprogNextProg(component, multiprog))
            {
                if (isOurs(LibXdp.xdpProgramName(component)))
                {
                    warnStale(LibXdp.xdpProgramId(component), interfaceName + "'s XDP dispatcher", previous);
                    final int result = LibXdp.xdpProgramDetach(component, ifindex, mode, 0);
                    if (0 != result)
                    {
                        throw new IngressException("cannot detach the stale XDP program from " + interfaceName +
                            ": " + LibXdp.libxdpStrerror(result) + ": run 'xdp-loader unload " + interfaceName +
                            " --all'");
                    }
                    break;
                }
            }
        }
        finally
        {
            LibXdp.xdpMultiprogClose(multiprog);
        }
    }

    /**
     * Without CAP_SYS_ADMIN the attached program cannot be opened to read its name: it is ours when its id is the
     * one the dead owner recorded.
     */
    private static void removeStaleProgramById(final String interfaceName, final int ifindex, final XdpOwner previous)
    {
        for (final int modeFlag : new int[]{ LibBpf.XDP_FLAGS_DRV_MODE, LibBpf.XDP_FLAGS_SKB_MODE })
        {
            final int id = LibBpf.bpfXdpQueryId(ifindex, modeFlag);
            if (id <= 0)
            {
                continue;
            }
            if (null == previous || previous.programId() != id)
            {
                throw new IngressException("interface " + interfaceName + " already has an XDP program (id " + id +
                    ") that this process may not inspect (no CAP_SYS_ADMIN) and no dead owner recorded: remove it " +
                    "with 'ip link set dev " + interfaceName + " xdp off' if it is a stale xdpfeed_mcast " +
                    "('bpftool prog show id " + id + "'), or use transport=udp");
            }
            warnStale(id, interfaceName, previous);
            final int result = LibBpf.bpfXdpDetach(ifindex, modeFlag);
            if (0 != result)
            {
                throw new IngressException("cannot detach the stale XDP program from " + interfaceName + ": " +
                    LibC.strerror(result) + ": run 'ip link set dev " + interfaceName + " xdp off'");
            }
        }
    }

    private static void warnStale(final int programId, final String where, final XdpOwner previous)
    {
        LOGGER.log(System.Logger.Level.WARNING, "replacing a stale {0} (id {1,number,#}) on {2}: {3}",
            PROGRAM_NAME, programId, where, null == previous ?
                "no owner recorded (a handler that did not stop cleanly, or its lock file was removed)" :
                "its owner " + previous.describe() + " is gone");
    }

    private static boolean isOurs(final String programName)
    {
        // PROGRAM_NAME is shorter than the 15 characters the kernel keeps of a name: compared whole
        return PROGRAM_NAME.equals(programName);
    }

    /**
     * Copy a program object out of the jar into a temporary file, for libxdp/libbpf to open.
     *
     * @param resource {@link #OBJECT_RESOURCE} or {@link #ARBITRATION_OBJECT_RESOURCE}.
     * @return the file; the caller deletes it.
     */
    static Path extractObject(final String resource)
    {
        try (InputStream in = XdpProgram.class.getResourceAsStream(resource))
        {
            if (null == in)
            {
                throw new IngressException(resource + " is not on the class path: build the native module " +
                    "with clang and libbpf-dev installed (mvn -pl native package)");
            }
            final Path file = Files.createTempFile("xdpfeed-", "-" + resource);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
        catch (final IOException ex)
        {
            throw new IngressException("cannot extract " + resource + " to a temporary file: " +
                ex.getMessage() +
                " (check java.io.tmpdir)", ex);
        }
    }

    private static void deleteQuietly(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ignore)
        {
            // a temporary file left behind is harmless
        }
    }

    /**
     * Interface the program is attached to.
     *
     * @return the interface name.
     */
    public String interfaceName()
    {
        return interfaceName;
    }

    /**
     * Index of the interface.
     *
     * @return the ifindex.
     */
    public int ifindex()
    {
        return ifindex;
    }

    /**
     * Mode the program was attached in.
     *
     * @return native or skb.
     */
    public XdpAttachMode mode()
    {
        return mode;
    }

    /**
     * The kernel's id of the loaded program ({@code ip link} shows it as {@code prog/xdp id N}).
     *
     * @return the program id.
     */
    public int programId()
    {
        return programId;
    }

    /**
     * File descriptor of the XSKMAP, for {@link XskSocket#updateXskMap(int)}.
     *
     * @return the map fd.
     */
    public int xskMapFd()
    {
        return xskMapFd;
    }

    /**
     * The (group, port) pairs redirected to AF_XDP.
     *
     * @return the subscription map.
     */
    public SubscriptionMap subscriptions()
    {
        return subscriptionMap;
    }

    /**
     * The arbitrating program's maps.
     *
     * @return the table, or null when the steering-only build is attached.
     */
    public ArbitrationTable arbitration()
    {
        return arbitration;
    }

    /**
     * Why the arbitrating build was asked for and refused (the kernel or its verifier).
     *
     * @return one line, or null.
     */
    public String arbitrationRefusal()
    {
        return arbitrationRefusal;
    }

    /**
     * Detach exactly what was attached, free the program and release the interface's ownership. Idempotent; a
     * detach that fails (the interface is gone, someone else replaced the program) is logged, not thrown.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        try
        {
            detach();
        }
        finally
        {
            ownerLock.close();
        }
    }

    /**
     * Detach and free the program, keeping the ownership (for a failed start, whose caller releases it).
     */
    private void detach()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try (NativeLog.Capture nativeLog = NativeLog.capture())
        {
            int result = LibXdp.xdpProgramDetach(program, ifindex, mode.libxdpMode(), 0);
            if (0 != result)
            {
                // libxdp opens the attached program by id (CAP_SYS_ADMIN); netlink detaches it knowing its fd only,
                // and only if it is still ours
                final int modeFlag = XdpAttachMode.SKB == mode ? LibBpf.XDP_FLAGS_SKB_MODE :
                    LibBpf.XDP_FLAGS_DRV_MODE;
                final int fallback = LibBpf.bpfXdpDetachExpected(ifindex, modeFlag, LibXdp.xdpProgramFd(program));
                if (0 == fallback)
                {
                    result = 0;
                }
            }
            if (0 != result)
            {
                LOGGER.log(System.Logger.Level.WARNING, "XDP program {0} (id {1,number,#}) not detached from {2}: " +
                    "{3}: run ''ip link set dev {2} xdp off''{4}", PROGRAM_NAME, programId, interfaceName,
                    LibXdp.libxdpStrerror(result), null == nativeLog.summary() ? "" : " [" + nativeLog.summary() + "]");
            }
            else
            {
                LOGGER.log(System.Logger.Level.INFO, "XDP program {0} (id {1,number,#}) detached from {2}",
                    PROGRAM_NAME, programId, interfaceName);
            }
        }
        finally
        {
            LibXdp.xdpProgramClose(program);
            if (null != arbitration)
            {
                arbitration.close();
            }
        }
    }

}
