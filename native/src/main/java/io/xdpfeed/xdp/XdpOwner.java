package io.xdpfeed.xdp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Who owns the XDP program of an interface: a process named by its pid and its start time (field 22 of
 * {@code /proc/PID/stat}, clock ticks since boot), so that a pid reused by another process after the owner died is
 * not taken for the owner; with the program id it attached and its command line, for the messages. Written as one
 * line in the owner's lock file ({@link XdpOwnerLock}):
 * <pre>
 * pid=1234 start_time=56789 prog_id=42 command=java ... io.xdpfeed.handler.FeedHandlerMain ...
 * </pre>
 *
 * @param pid       process id (in the pid namespace of the process that wrote it).
 * @param startTime clock ticks after boot at which the process started, -1 when unknown.
 * @param programId kernel id of the program it attached, 0 while attaching.
 * @param command   its command line, shortened, empty when unreadable.
 */
record XdpOwner(long pid, long startTime, int programId, String command)
{
    /** Clock ticks per second of {@code /proc/PID/stat} ({@code USER_HZ}, fixed at 100 in the Linux ABI). */
    private static final long USER_HZ = 100;
    private static final int STAT_START_TIME_FIELD = 22;
    private static final int MAX_COMMAND_LENGTH = 160;

    /**
     * This process.
     *
     * @param programId the program it attached, 0 before attaching.
     * @return the owner record of this process.
     */
    static XdpOwner self(final int programId)
    {
        final long pid = ProcessHandle.current().pid();
        return new XdpOwner(pid, startTime(pid), programId, command(pid));
    }

    /**
     * Parse a record as {@link #toString()} writes it.
     *
     * @param line the lock file's content.
     * @return the owner, or null when the line holds no pid (an empty file: released by a clean stop).
     */
    static XdpOwner parse(final String line)
    {
        final String text = line.strip();
        final int commandAt = text.indexOf("command=");
        final String fields = commandAt < 0 ? text : text.substring(0, commandAt);
        final String command = commandAt < 0 ? "" : text.substring(commandAt + "command=".length());
        long pid = -1;
        long startTime = -1;
        int programId = 0;
        for (final String field : fields.split("\\s+"))
        {
            try
            {
                if (field.startsWith("pid="))
                {
                    pid = Long.parseLong(field.substring("pid=".length()));
                }
                else if (field.startsWith("start_time="))
                {
                    startTime = Long.parseLong(field.substring("start_time=".length()));
                }
                else if (field.startsWith("prog_id="))
                {
                    programId = Integer.parseInt(field.substring("prog_id=".length()));
                }
            }
            catch (final NumberFormatException ignore)
            {
                // a damaged field is as good as absent
            }
        }
        return pid > 0 ? new XdpOwner(pid, startTime, programId, command) : null;
    }

    /**
     * Whether the process this record names still runs: its pid exists and started at the recorded time.
     *
     * @return true when alive.
     */
    boolean alive()
    {
        final long now = startTime(pid);
        return now >= 0 && now == startTime;
    }

    /**
     * The record with the program id filled in.
     *
     * @param id kernel id of the attached program.
     * @return a copy naming the program.
     */
    XdpOwner withProgramId(final int id)
    {
        return new XdpOwner(pid, startTime, id, command);
    }

    /**
     * For messages: {@code pid 1234 (started 2026-12-06T15:01:02Z, java ... FeedHandlerMain)}.
     *
     * @return the owner as one phrase.
     */
    String describe()
    {
        final StringBuilder text = new StringBuilder("pid ").append(pid).append(" (started ");
        final Instant started = startInstant(startTime);
        text.append(null == started ? "at an unknown time" : started.toString());
        if (!command.isEmpty())
        {
            text.append(", ").append(command);
        }
        return text.append(')').toString();
    }

    /**
     * The lock file's line.
     *
     * @return {@code pid=.. start_time=.. prog_id=.. command=..}.
     */
    @Override
    public String toString()
    {
        return "pid=" + pid + " start_time=" + startTime + " prog_id=" + programId + " command=" + command;
    }

    /**
     * Field 22 of {@code /proc/PID/stat}.
     *
     * @param pid process id.
     * @return its start time in clock ticks after boot, -1 when there is no such process.
     */
    static long startTime(final long pid)
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may hold spaces and ')': fields 3.. follow the last
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[STAT_START_TIME_FIELD - 3]);
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    private static Instant startInstant(final long startTime)
    {
        if (startTime < 0)
        {
            return null;
        }
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/stat")))
            {
                if (line.startsWith("btime "))
                {
                    final long bootSeconds = Long.parseLong(line.substring("btime ".length()).trim());
                    return Instant.ofEpochSecond(bootSeconds + startTime / USER_HZ);
                }
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // no boot time: the caller says unknown
        }
        return null;
    }

    /**
     * The command line, without the class path (long and not telling which handler it is), on one line.
     */
    private static String command(final long pid)
    {
        final byte[] raw;
        try
        {
            raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
        }
        catch (final IOException ex)
        {
            return "";
        }
        final String[] args = new String(raw, StandardCharsets.UTF_8).split("\0");
        final StringBuilder text = new StringBuilder();
        boolean skipNext = false;
        for (final String arg : args)
        {
            if (skipNext)
            {
                skipNext = false;
                continue;
            }
            if ("-cp".equals(arg) || "-classpath".equals(arg) || "--class-path".equals(arg) ||
                "--module-path".equals(arg) || "--add-opens".equals(arg))
            {
                skipNext = true;
                continue;
            }
            if (arg.isEmpty() || arg.startsWith("-X") || arg.startsWith("-D") || arg.startsWith("--enable-native"))
            {
                continue;
            }
            if (!text.isEmpty())
            {
                text.append(' ');
            }
            text.append(arg);
        }
        final String command = text.toString().replaceAll("\\s+", " ").strip();
        return command.length() <= MAX_COMMAND_LENGTH ? command : command.substring(0, MAX_COMMAND_LENGTH) + "...";
    }
}
