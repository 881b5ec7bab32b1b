package io.xdpfeed.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Walks a main program's arguments: iterating (or {@link #next()}) gives the next option or operand,
 * {@link #value(String)} and the typed getters the option's value (taken from the same walk, so the loop goes on
 * after it), each throwing {@link UsageException} with one line naming the option and the
 * bad value. Exit codes are the same for every program: {@link #EXIT_OK}, {@link #EXIT_FAILURE} (bad input such as
 * an unreadable file, or a failure while running), {@link #EXIT_USAGE} (the command line itself is wrong).
 * <pre>
 *   final CommandLine line = new CommandLine(args);
 *   for (final String option : line)
 *   {
 *       switch (option)
 *       {
 *           case "--seconds" -&gt; seconds = line.longValue(option, 1, Long.MAX_VALUE);
 *           default -&gt; throw CommandLine.unknown(option);
 *       }
 *   }
 * </pre>
 */
public final class CommandLine implements Iterable<String>
{
    /** Done. */
    public static final int EXIT_OK = 0;
    /** Bad input (a file missing, unreadable or malformed, a bad setting) or a failure while running. */
    public static final int EXIT_FAILURE = 1;
    /** The command line is wrong: unknown option, missing value, value not a number or out of range. */
    public static final int EXIT_USAGE = 2;

    private final String[] args;
    private int index;

    /**
     * @param args the main program's arguments.
     */
    public CommandLine(final String[] args)
    {
        this.args = args.clone();
    }

    /**
     * The walk itself, not a copy: {@link #value(String)} inside the loop takes the argument after the option.
     *
     * @return the remaining arguments, in order.
     */
    @Override
    public Iterator<String> iterator()
    {
        return new Iterator<>()
        {
            @Override
            public boolean hasNext()
            {
                return CommandLine.this.hasNext();
            }

            @Override
            public String next()
            {
                return CommandLine.this.next();
            }
        };
    }

    /**
     * @return true while arguments remain.
     */
    public boolean hasNext()
    {
        return index < args.length;
    }

    /**
     * @return the next argument: an option or an operand.
     * @throws UsageException when none remains.
     */
    public String next()
    {
        if (index >= args.length)
        {
            throw new UsageException("missing argument");
        }
        return args[index++];
    }

    /**
     * @param option that needs a value, for the message.
     * @return the argument after it.
     * @throws UsageException when there is none.
     */
    public String value(final String option)
    {
        if (index >= args.length)
        {
            throw new UsageException(option + " needs a value");
        }
        return args[index++];
    }

    /**
     * @param option that needs a file or directory.
     * @return its value as a path.
     * @throws UsageException when there is no value or it is empty.
     */
    public Path path(final String option)
    {
        final String value = value(option);
        if (value.isBlank())
        {
            throw new UsageException(option + " needs a file name, got an empty one");
        }
        return Path.of(value);
    }

    /**
     * @param option for the message.
     * @param min    smallest allowed.
     * @param max    largest allowed.
     * @return the option's value as a whole number in {@code min..max}.
     * @throws UsageException naming the option and the value.
     */
    public long longValue(final String option, final long min, final long max)
    {
        return parseLong(option, value(option), min, max);
    }

    /**
     * @param option for the message.
     * @param min    smallest allowed.
     * @param max    largest allowed.
     * @return the option's value as a whole number in {@code min..max}.
     * @throws UsageException naming the option and the value.
     */
    public int intValue(final String option, final int min, final int max)
    {
        return (int)parseLong(option, value(option), min, max);
    }

    /**
     * @param option for the message.
     * @param text   to parse.
     * @param min    smallest allowed.
     * @param max    largest allowed.
     * @return the whole number.
     * @throws UsageException naming the option and the value.
     */
    public static long parseLong(final String option, final String text, final long min, final long max)
    {
        final long value;
        try
        {
            value = Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException(option + " " + text + ": not a whole number");
        }
        if (value < min)
        {
            throw new UsageException(option + " " + text + ": must be at least " + min);
        }
        if (value > max)
        {
            throw new UsageException(option + " " + text + ": must be at most " + max);
        }
        return value;
    }

    /**
     * A count as the simulators take it: digits with an optional {@code k} (thousands) or {@code m} (millions).
     *
     * @param option for the message.
     * @param text   to parse, e.g. {@code 250}, {@code 10k}, {@code 2m}.
     * @param min    smallest allowed (after the suffix is applied).
     * @param max    largest allowed (after the suffix is applied).
     * @return the count.
     * @throws UsageException naming the option and the value.
     */
    public static long parseCount(final String option, final String text, final long min, final long max)
    {
        final String trimmed = text.trim().toLowerCase();
        final long multiplier = trimmed.endsWith("k") ? 1_000 : trimmed.endsWith("m") ? 1_000_000 : 1;
        final String digits = multiplier == 1 ? trimmed : trimmed.substring(0, trimmed.length() - 1);
        final long count;
        try
        {
            count = Math.multiplyExact(Long.parseLong(digits), multiplier);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new UsageException(option + " " + text + ": not a count (digits, optional k or m)");
        }
        if (count < min)
        {
            throw new UsageException(option + " " + text + ": must be at least " + min);
        }
        if (count > max)
        {
            throw new UsageException(option + " " + text + ": must be at most " + max);
        }
        return count;
    }

    /**
     * @param option for the message.
     * @param text   to parse.
     * @param min    smallest allowed.
     * @param max    largest allowed.
     * @return the number.
     * @throws UsageException naming the option and the value.
     */
    public static double parseDouble(final String option, final String text, final double min, final double max)
    {
        final double value;
        try
        {
            value = Double.parseDouble(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new UsageException(option + " " + text + ": not a number");
        }
        if (!(value >= min && value <= max))
        {
            throw new UsageException(option + " " + text + ": must be in " + min + ".." + max);
        }
        return value;
    }

    /**
     * The one file operand of a program that takes one (a capture, say): what no option case matched.
     *
     * @param argument that no case matched.
     * @param given    the operand already given, null before the first.
     * @return the argument as a path.
     * @throws UsageException when the argument looks like an option, or an operand was given already.
     */
    public static Path operand(final String argument, final Path given)
    {
        if (argument.startsWith("-") || null != given)
        {
            throw unknown(argument);
        }
        return Path.of(argument);
    }

    /**
     * Report a command line that cannot be used, the same way for every program: one line naming the program and
     * the problem, then the usage text (or where to find it).
     *
     * @param err     where to write.
     * @param program the line's first word, e.g. {@code feed-stat}, or {@code error}.
     * @param problem what is wrong, e.g. the {@link UsageException}'s message.
     * @param usage   the usage text, or a hint where to find it; a line end is added when it has none.
     * @return {@link #EXIT_USAGE}, for the program to return or exit with.
     */
    public static int usageError(final PrintStream err, final String program, final String problem, final String usage)
    {
        err.println(program + ": " + problem);
        if (usage.endsWith("\n"))
        {
            err.print(usage);
        }
        else
        {
            err.println(usage);
        }
        return EXIT_USAGE;
    }

    /**
     * @param argument that no case matched.
     * @return the error to throw: unknown option, or unexpected operand.
     */
    public static UsageException unknown(final String argument)
    {
        return new UsageException(argument.startsWith("-") ? "unknown option " + argument :
            "unexpected argument " + argument);
    }
}
