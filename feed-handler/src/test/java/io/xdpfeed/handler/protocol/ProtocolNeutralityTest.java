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
 * The protocol seam holds (issues 14 and 18): sequencing, recovery, instruments and the channel's stages
 * ({@code handler.channel}), books ({@code handler.book}), publication ({@code handler.publish}), the replay and its
 * summary ({@code handler.replay}: decode counts come through {@link DecodeCounts}) and the seam itself
 * ({@code handler.protocol}) name no type of either protocol, CME MDP 3.0 or Nasdaq ITCH (codecs or handler
 * package), and the engine's composition ({@code handler.engine}) names neither protocol's handler package nor the
 * ITCH codecs: it chooses a protocol by name ({@link Protocols}). One exception,
 * listed here: {@code engine/WarmUpPackets.java} builds MDP 3.0 warm-up packets with the MDP 3.0 codecs (the live
 * warm-up is of the MDP 3.0 path). Read from the main sources: every line that names a forbidden package, import or
 * fully qualified, fails the test with its file and line.
 */
@Timeout(30)
class ProtocolNeutralityTest
{
    private static final List<String> NEUTRAL_PACKAGES = List.of(
        "io/xdpfeed/handler/channel", "io/xdpfeed/handler/book", "io/xdpfeed/handler/publish",
        "io/xdpfeed/handler/protocol", "io/xdpfeed/handler/replay");
    private static final List<String> PROTOCOL_NAMES = List.of("io.xdpfeed.codecs.mdp3", "io.xdpfeed.handler.mdp3",
        "io.xdpfeed.codecs.itch", "io.xdpfeed.handler.itch");
    private static final List<String> COMPOSITION_PACKAGES = List.of(
        "io/xdpfeed/handler/engine");
    private static final List<String> COMPOSITION_EXCEPTIONS = List.of("io/xdpfeed/handler/engine/WarmUpPackets.java");

    @Test
    void neutralPackagesNameNoProtocolType() throws IOException
    {
        final Path main = RepositoryDocs.root().resolve("feed-handler/src/main/java");
        final List<String> offending = new ArrayList<>();
        final int files = scan(main, NEUTRAL_PACKAGES, PROTOCOL_NAMES, List.of(), offending);
        assertTrue(files >= 40, "expected the sources of the neutral packages, read " + files);
        assertEquals(List.of(), offending, "protocol-neutral packages name protocol types");
    }

    @Test
    void engineNamesNoProtocolPackage() throws IOException
    {
        final Path main = RepositoryDocs.root().resolve("feed-handler/src/main/java");
        final List<String> offending = new ArrayList<>();
        final int files = scan(main, COMPOSITION_PACKAGES, PROTOCOL_NAMES, COMPOSITION_EXCEPTIONS, offending);
        assertTrue(files >= 20, "expected the sources of the engine, read " + files);
        assertEquals(List.of(), offending, "the engine names a protocol's package");
    }

    @Test
    void everyProtocolNameIsOneProtocolOfItsPackage() throws IOException
    {
        for (final String name : Protocols.NAMES)
        {
            final Protocol protocol = Protocols.forName(name);
            assertEquals("io.xdpfeed.handler." + name, protocol.getClass().getPackageName());
            final Path pkg = RepositoryDocs.root().resolve("feed-handler/src/main/java/io/xdpfeed/handler/" + name);
            final List<String> implementations = new ArrayList<>();
            try (Stream<Path> listing = Files.list(pkg))
            {
                for (final Path source : listing.sorted().toList())
                {
                    if (Files.readString(source).contains("implements Protocol"))
                    {
                        implementations.add(source.getFileName().toString());
                    }
                }
            }
            assertEquals(List.of(protocol.getClass().getSimpleName() + ".java"), implementations);
        }
    }

    private static int scan(
        final Path main, final List<String> packages, final List<String> names, final List<String> exceptions,
        final List<String> offending) throws IOException
    {
        int files = 0;
        for (final String pkg : packages)
        {
            final List<Path> sources;
            try (Stream<Path> listing = Files.list(main.resolve(pkg)))
            {
                sources = listing.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            }
            assertTrue(sources.size() > 1, "no sources found under " + pkg);
            for (final Path source : sources)
            {
                if (exceptions.contains(main.relativize(source).toString()))
                {
                    continue;
                }
                files++;
                final List<String> lines = Files.readAllLines(source);
                for (int i = 0; i < lines.size(); i++)
                {
                    final String line = lines.get(i);
                    final String code = line.trim().startsWith("*") || line.trim().startsWith("//") ? "" : line;
                    for (final String name : names)
                    {
                        if (code.contains(name))
                        {
                            offending.add(main.relativize(source) + ":" + (i + 1) + ": " + line.trim());
                        }
                    }
                }
            }
        }
        return files;
    }
}
