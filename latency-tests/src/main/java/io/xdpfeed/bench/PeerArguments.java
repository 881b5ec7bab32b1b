package io.xdpfeed.bench;

/**
 * The command line the peer-comparison harnesses share ({@link PeerComparison} for MDP 3.0,
 * {@link ItchPeerComparison} for ITCH): {@code --dataset NAME [--stage S] [--copies first|all] [--rounds N]
 * [--warmup-seconds S] [--round-ms MS]}.
 *
 * @param dataset       the dataset's name.
 * @param stage         the stage (or stages, comma-separated, where the harness takes several).
 * @param copies        {@code first} (line A's copy of each packet) or {@code all} (both lines').
 * @param rounds        measured rounds.
 * @param warmupSeconds thread CPU seconds of warm-up.
 * @param roundMs       thread CPU milliseconds per round.
 */
record PeerArguments(String dataset, String stage, String copies, int rounds, long warmupSeconds, long roundMs)
{
    /**
     * @param args           the command line.
     * @param defaultDataset when {@code --dataset} is not given.
     * @param usage          printed to standard error, with exit status 2, for an argument it does not know.
     * @return the arguments, defaults for those not given (stage book, copies first, 20 rounds of 200 ms, 5 s of
     * warm-up).
     */
    static PeerArguments parse(final String[] args, final String defaultDataset, final String usage)
    {
        String dataset = defaultDataset;
        String stage = "book";
        String copies = "first";
        int rounds = 20;
        long warmupSeconds = 5;
        long roundMs = 200;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--dataset" -> dataset = args[++i];
                case "--stage" -> stage = args[++i];
                case "--copies" -> copies = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup-seconds" -> warmupSeconds = Long.parseLong(args[++i]);
                case "--round-ms" -> roundMs = Long.parseLong(args[++i]);
                default ->
                {
                    System.err.println(usage);
                    System.exit(2);
                }
            }
        }
        return new PeerArguments(dataset, stage, copies, rounds, warmupSeconds, roundMs);
    }
}
