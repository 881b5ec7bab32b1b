package io.xdpfeed.handler.protocol;

import io.xdpfeed.handler.testing.RepositoryDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The protocol seam holds (issue 14, "protocol-neutral seams"): sequencing, recovery, instruments and the channel's
 * stages ({@code handler.channel}), books ({@code handler.book}), publication ({@code handler.publish}), the replay
 * and its summary ({@code handler.replay}: decode counts come through {@link DecodeCounts}) and the seam itself
 * ({@code handler.protocol}) name no MDP 3.0 type, so that a second protocol plugs in behind
 * {@link Protocol} without touching them. Read from the main sources: every line that names the MDP 3.0 codecs
 * ({@code io.xdpfeed.codecs.mdp3}) or the MDP 3.0 package ({@code io.xdpfeed.handler.mdp3}), import or fully
 * qualified, fails the test with its file and line.
 */
@Timeout(30)
class ProtocolNeutralityTest
{
    private static final List<String> NEUTRAL_PACKAGES = List.of(
        "io/xdpfeed/handler/channel", "io/xdpfeed/handler/book", "io/xdpfeed/handler/publish",
        "io/xdpfeed/handler/protocol", "io/xdpfeed/handler/replay");
    private static final List<String> PROTOCOL_NAMES = List.of("io.xdpfeed.codecs.mdp3", "io.xdpfeed.handler.mdp3");

    @Test
    void neutralPackagesNameNoMdp3Type() throws IOException
    {
        final Path main = RepositoryDocs.root().resolve("feed-handler/src/main/java");
        final List<String> offending = new ArrayList<>();
        int files = 0;
        for (final String pkg : NEUTRAL_PACKAGES)
        {
            final List<Path> sources;
            try (Stream<Path> listing = Files.list(main.resolve(pkg)))
            {
                sources = listing.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            assertTrue(sources.size() > 1, "no sources found under " + pkg);
            for (final Path source : sources)
            {
                files++;
                final List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++)
                {
                    final String line = lines.get(i);
                    final String code = line.trim().startsWith("*") || line.trim().startsWith("//") ? "" : line;
                    for (final String name : PROTOCOL_NAMES)
                    {
                        if (code.contains(name))
                        {
                            offending.add(main.relativize(source) + ":" + (i + 1) + ": " + line.trim());
                        }
                    }
                }
            }
        }
        assertTrue(files >= 40, "expected the sources of the neutral packages, read " + files);
        assertEquals(List.of(), offending, "protocol-neutral packages name MDP 3.0 types");
    }

    @Test
    void theMdp3PackageIsTheOnlyProtocol() throws IOException
    {
        final Path main = RepositoryDocs.root().resolve("feed-handler/src/main/java/io/xdpfeed/handler/mdp3");
        final List<String> implementations = new ArrayList<>();
        try (Stream<Path> listing = Files.list(main))
        {
            for (final Path source : listing.sorted().toList())
            {
                if (Files.readString(source).contains("implements Protocol"))
                {
                    implementations.add(source.getFileName().toString());
                }
            }
        }
        assertEquals(List.of("Mdp3Protocol.java"), implementations);
    }
}
