package io.xdpfeed.handler.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.xdpfeed.handler.TestCaptures;
import io.xdpfeed.handler.protocol.Protocols;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scripts/replay} without {@code --protocol} or {@code --config} tells the protocol of a capture by the
 * framing of its first datagrams: every real sample of both protocols in shared data.
 */
class CaptureProtocolTest
{
    /** The codecs module's copies of ../shared/data/other-feeds/Nasdaq (tests run in the module directory). */
    private static final Path ITCH_SAMPLES = Path.of("..", "codecs", "src", "test", "resources", "itch");

    @ParameterizedTest
    @ValueSource(strings = { TestCaptures.V9, TestCaptures.V8, TestCaptures.V6 })
    void everyCmeCaptureIsMdp3(final String name)
    {
        final CaptureProtocol detected = CaptureProtocol.detect(TestCaptures.capture(name), true);

        assertEquals(Protocols.MDP3, detected.protocol(), detected.toString());
        assertTrue(detected.sampled() > 0 && detected.framed() == detected.sampled(), detected.toString());
    }

    @Test
    void everyItchSampleIsItch() throws IOException
    {
        final List<Path> samples;
        try (Stream<Path> files = Files.walk(ITCH_SAMPLES))
        {
            samples = files.filter((file) -> file.toString().endsWith(".pcap")).sorted().toList();
        }
        assertEquals(23, samples.size(), "the 23 ITCH sample captures of shared data");
        for (final Path sample : samples)
        {
            final CaptureProtocol detected = CaptureProtocol.detect(sample, true);

            assertEquals(new CaptureProtocol(Protocols.ITCH, detected.sampled(), detected.sampled()), detected,
                sample.toString());
            assertTrue(detected.sampled() > 0, sample.toString());
        }
    }
}
