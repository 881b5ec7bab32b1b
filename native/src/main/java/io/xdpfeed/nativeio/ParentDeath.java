package io.xdpfeed.nativeio;

/**
 * A program of ours started as a child by another of ours (the demo, the live benchmarks, tests) dies with its
 * parent, so that a {@code kill -9} of the parent leaves no handler or simulator running under PID 1.
 * <p>
 * The parent names itself in the environment variable {@value #PARENT_PID_ENV}; {@link #armFromEnvironment()},
 * called first thing in {@code main}, then asks the kernel for SIGTERM when the parent dies
 * ({@code prctl(PR_SET_PDEATHSIG)}) and checks that the parent is still the one named: when it died before the
 * prctl, the process was already re-parented (to 1 or a subreaper) and no signal would ever come. The same check
 * catches a wrapper that forks instead of exec-ing (the wrapper would be the parent, and its death would not be
 * seen). SIGTERM rather than SIGKILL: the JVM turns it into its shutdown hooks, so the handler detaches its XDP
 * program and removes its media driver's directory as on Ctrl-C.
 * <p>
 * Without the variable (a program started by hand, by systemd or by a shell script that exits) nothing is armed: a
 * production handler must not die with the shell that launched it.
 */
public final class ParentDeath
{
    /** Environment variable holding the pid of the parent a child must die with. */
    public static final String PARENT_PID_ENV = "XDPFEED_PARENT_PID";

    private ParentDeath()
    {
    }

    /**
     * Arm the parent-death signal when {@value #PARENT_PID_ENV} is set.
     *
     * @return null to go on, else one line saying why the process must exit now (its parent is gone, or the
     * variable is not a pid).
     */
    public static String armFromEnvironment()
    {
        return arm(System.getenv(PARENT_PID_ENV));
    }

    /**
     * Arm it for this expected parent.
     *
     * @param expectedParentPid the pid as text, null or empty for no parent to die with.
     * @return null to go on, else the reason to exit.
     */
    public static String arm(final String expectedParentPid)
    {
        if (null == expectedParentPid || expectedParentPid.isBlank())
        {
            return null;
        }
        final int expected;
        try
        {
            expected = Integer.parseInt(expectedParentPid.trim());
        }
        catch (final NumberFormatException ex)
        {
            return PARENT_PID_ENV + "=" + expectedParentPid + " is not a process id";
        }
        final int result = LibC.setParentDeathSignal(LibC.SIGTERM);
        if (0 != result)
        {
            return "prctl(PR_SET_PDEATHSIG) failed (" + LibC.strerror(result) + "): this child would outlive its " +
                "parent " + expected;
        }
        // after the prctl: a parent that dies from now on is signalled; one that died before shows as a new parent
        final int parent = LibC.getppid();
        if (parent != expected)
        {
            return "parent process " + expected + " is gone (parent now " + parent + "): exiting";
        }
        return null;
    }

    /**
     * {@link #armFromEnvironment()}, and when the process must not go on: print the reason prefixed with the
     * program's name on standard error and exit with status 1.
     *
     * @param program name for the message, e.g. {@code feed-handler}.
     */
    public static void armOrExit(final String program)
    {
        final String reason = armFromEnvironment();
        if (null != reason)
        {
            System.err.println(program + ": " + reason);
            System.exit(1);
        }
    }
}
