package io.xdpfeed.sim;

import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.common.config.ConfigurationException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class ExchangeSimulatorMainTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void writesCaptureTruthAndConfigLikeTheApi(@TempDir final Path dir) throws Exception
    {
        final int code = run("--instruments", "4", "--packets", "3k", "--seed", "8", "--loss-a", "0.01",
            "--loss-both-bursts", "2", "--dup", "0.01", "--reorder", "3", "--reset-at", "1500",
            "--pcap", dir.resolve("cli.pcap").toString(), "--truth", dir.resolve("cli.json").toString(),
            "--config-out", dir.resolve("cli.xml").toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("incremental packets  3000"), out.toString());

        final SimulatorConfig config = SimulatorConfig.builder().instruments(4).packets(3_000).seed(8).lossA(0.01)
            .lossBothBursts(2).duplicate(0.01).reorderWindow(3).resetAt(1_500).build();
        new ExchangeSimulator(config).run(dir.resolve("api.pcap"), dir.resolve("api.json"), dir.resolve("api.xml"));
        for (final String ext : new String[]{"pcap", "json", "xml"})
        {
            assertArrayEquals(Files.readAllBytes(dir.resolve("api." + ext)),
                Files.readAllBytes(dir.resolve("cli." + ext)), ext);
        }
    }

    @Test
    void configOutAloneDoesNotRun(@TempDir final Path dir)
    {
        assertEquals(0, run("--config-out", dir.resolve("c.xml").toString()));
        assertTrue(Files.exists(dir.resolve("c.xml")));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpAndBadOptions()
    {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--loss-both-bursts"));
        assertEquals(2, run("--packets"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--packets needs a value"));
        assertEquals(2, run("--loss-a", "1.5", "--truth", "x.json"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--loss-a 1.5: must be in 0.0..1.0"));
        assertEquals(2, run("--bogus", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--bogus'"));
        assertEquals(2, run("--seed", "7"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("nothing to do"));
        assertEquals(2, run("--reset-at", "20", "--packets", "10", "--truth", "x.json"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--reset-at 20 is not in 1..--packets (10)"));
    }

    @Test
    void configValidationNamesTheOption()
    {
        final ConfigurationException ex = assertThrows(ConfigurationException.class,
            () -> SimulatorConfig.builder().lossA(0.7).lossB(0.6).build());
        assertTrue(ex.getMessage().contains("--loss-a 0.7 plus --loss-b 0.6"), ex.getMessage());
        assertThrows(ConfigurationException.class, () -> SimulatorConfig.builder().depth(11).build());
        assertThrows(ConfigurationException.class, () -> SimulatorConfig.builder().snapshotCyclesAfterEnd(1).build());
        assertThrows(ConfigurationException.class,
            () -> SimulatorConfig.builder().packets(5).lossBothBursts(3).build());
    }

    @Test
    void sendIsRefusedOutsideTheLab() throws Exception
    {
        Assumptions.assumeTrue(NetworkInterface.getByInetAddress(InetAddress.getByName("10.77.0.1")) == null,
            "10.77.0.1 is local here (inside the lab's exchange namespace): the refusal cannot be shown");
        assertEquals(1, run("--send", "--packets", "10"));
        final String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--send refused") && message.contains("scripts/lab up"), message);
    }

    @Test
    void anOutputThatCannotBeWrittenFailsBeforeTheRunNamingItsOption(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("no-such-dir");
        for (final String option : new String[]{ "--pcap", "--truth", "--config-out" })
        {
            final Path file = missing.resolve("out");
            assertEquals(1, run("--packets", "2000000000", option, file.toString()), option);
            assertEquals("error: " + option + " " + file + ": cannot write: no such directory " + missing +
                System.lineSeparator(), err.toString(StandardCharsets.UTF_8), option);
        }
        assertEquals(1, run("--packets", "10", "--mbo", "--truth-orders", dir.toString()));
        assertEquals("error: --truth-orders " + dir + ": cannot write: it is a directory" + System.lineSeparator(),
            err.toString(StandardCharsets.UTF_8));
        err.reset();
        assertEquals(1, ExchangeSimulatorMain.run(new String[]{ "--protocol", "itch", "--packets", "2000000000",
            "--truth", missing.resolve("t.json").toString() }, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals("error: --truth " + missing.resolve("t.json") + ": cannot write: no such directory " + missing +
            System.lineSeparator(), err.toString(StandardCharsets.UTF_8));
    }

    private int run(final String... args)
    {
        out.reset();
        err.reset();
        return ExchangeSimulatorMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
