package io.xdpfeed.bench;

import java.util.List;

import io.xdpfeed.cli.CommandLine;
import io.xdpfeed.cli.UsageException;

/**
 * The command line the peer-comparison harnesses share ({@link PeerComparison} for MDP 3.0,
 * {@link ItchPeerComparison} for ITCH): {@code --dataset NAME [--stage S] [--copies first|all] [--rounds N]
 * [--warmup-seconds S] [--round-ms MS]}.
 *
 * @param dataset       the dataset's name.
 * @param stages        the stages to run, in order (one, or several where the harness takes a comma-separated list).
 * @param copies        {@code first} (line A's copy of each packet, the default) or {@code all} (both lines').
 * @param rounds        measured rounds.
 * @param warmupSeconds thread CPU seconds of warm-up.
 * @param roundMs       thread CPU milliseconds per round.
 */
record PeerArguments(
    String dataset, List<String> stages, String copies, int rounds, long warmupSeconds, long roundMs)
{
    /**
     * Read the command line, or end the program with one line naming what is wrong, the usage and exit status 2.
     *
     * @param program        name for the error line.
     * @param args           the command line.
     * @param defaultDataset when {@code --dataset} is not given.
     * @param stageNames     the stages the harness runs.
     * @param severalStages  whether {@code --stage} may list several, comma-separated.
     * @param usage          printed after the error line.
     * @return the arguments, defaults for those not given (stage book, copies first, 20 rounds of 200 ms, 5 s of
     * warm-up).
     */
    static PeerArguments parseOrExit(
        final String program,
        final String[] args,
        final String defaultDataset,
        final List<String> stageNames,
        final boolean severalStages,
        final String usage)
    {
        try
        {
            return parse(args, defaultDataset, stageNames, severalStages);
        }
        catch (final UsageException ex)
        {
            System.exit(CommandLine.usageError(System.err, program, ex.getMessage(), usage));
            throw ex;
        }
    }

    /**
     * @param args           the command line.
     * @param defaultDataset when {@code --dataset} is not given.
     * @param stageNames     the stages the harness runs.
     * @param severalStages  whether {@code --stage} may list several, comma-separated.
     * @return the arguments, defaults for those not given.
     * @throws UsageException naming the option and its value: unknown, missing, not one of the names, out of range.
     */
    static PeerArguments parse(
        final String[] args, final String defaultDataset, final List<String> stageNames, final boolean severalStages)
    {
        String dataset = defaultDataset;
        List<String> stages = List.of("book");
        String copies = "first";
        int rounds = 20;
        long warmupSeconds = 5;
        long roundMs = 200;
        final CommandLine line = new CommandLine(args);
        for (final String option : line)
        {
            switch (option)
            {
                case "--dataset" -> dataset = line.value(option);
                case "--stage" -> stages = stages(option, line.value(option), stageNames, severalStages);
                case "--copies" -> copies = copies(option, line.value(option));
                case "--rounds" -> rounds = line.intValue(option, 1, 1_000_000);
                case "--warmup-seconds" -> warmupSeconds = line.longValue(option, 0, 3_600);
                case "--round-ms" -> roundMs = line.longValue(option, 1, 3_600_000);
                default -> throw CommandLine.unknown(option);
            }
        }
        if (dataset.isBlank())
        {
            throw new UsageException("--dataset needs a name, got an empty one");
        }
        return new PeerArguments(dataset, stages, copies, rounds, warmupSeconds, roundMs);
    }

    private static List<String> stages(
        final String option, final String text, final List<String> names, final boolean several)
    {
        final List<String> stages = List.of(text.split(",", -1));
        if (!several && stages.size() > 1)
        {
            throw new UsageException(option + " " + text + ": one of " + String.join(", ", names));
        }
        for (final String stage : stages)
        {
            if (!names.contains(stage))
            {
                throw new UsageException(option + " " + text + ": " + (several ? "each of a comma-separated list " : "") +
                    "one of " + String.join(", ", names));
            }
        }
        return stages;
    }

    /**
     * @return whether both lines' copies of each packet are run ({@code --copies all}).
     */
    boolean bothCopies()
    {
        return "all".equals(copies);
    }

    private static String copies(final String option, final String text)
    {
        if (!"first".equals(text) && !"all".equals(text))
        {
            throw new UsageException(option + " " + text + ": first or all");
        }
        return text;
    }
}
