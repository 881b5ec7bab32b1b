package io.xdpfeed.bench.live;

import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a live session reads of the exchange simulator's output: the packets it sent (the CME simulator's
 * {@code incremental packets N} line, the ITCH simulator's {@code itch session S: N packets, ...}) and its truth file.
 */
final class SimulatorOutput
{
    private static final Pattern CME_PACKETS = Pattern.compile("^incremental packets\\s+(\\d+)");
    private static final Pattern ITCH_PACKETS = Pattern.compile("^itch session \\S+: (\\d+) packets");

    private SimulatorOutput()
    {
    }

    /**
     * @param summary the simulator's output lines.
     * @return the packets it sent.
     * @throws IllegalStateException when no line says.
     */
    static long sentPackets(final List<String> summary)
    {
        for (final String line : summary)
        {
            for (final Pattern pattern : List.of(CME_PACKETS, ITCH_PACKETS))
            {
                final Matcher matcher = pattern.matcher(line);
                if (matcher.find())
                {
                    return Long.parseLong(matcher.group(1));
                }
            }
        }
        throw new IllegalStateException("no 'incremental packets' or 'itch session' line in the simulator's " +
            "summary: " + summary);
    }

    /**
     * @param truthFile the simulator's {@code --truth}.
     * @return the books, by security id (stock locate for ITCH).
     */
    static Map<Integer, TruthBook> truth(final Path truthFile)
    {
        if (!Files.isReadable(truthFile))
        {
            throw new IllegalStateException("the simulator wrote no truth to " + truthFile);
        }
        return TruthJson.read(truthFile);
    }
}
