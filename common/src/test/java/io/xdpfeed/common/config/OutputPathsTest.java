package io.xdpfeed.common.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutputPathsTest
{
    @TempDir
    Path dir;

    @Test
    void aFileInAnExistingDirectoryOrNoFileAtAllPasses() throws IOException
    {
        OutputPaths.checkWritable("--books", dir.resolve("books.json"));
        OutputPaths.checkWritable("--books", Files.createFile(dir.resolve("existing.json")));
        OutputPaths.checkWritable("--books", null);
    }

    @Test
    void aMissingDirectoryOrADirectoryIsNamedWithItsOption()
    {
        final Path missing = dir.resolve("missing");

        assertEquals("--pcap " + missing.resolve("a.pcap") + ": cannot write: no such directory " + missing,
            assertThrows(ConfigurationException.class,
                () -> OutputPaths.checkWritable("--pcap", missing.resolve("a.pcap"))).getMessage());
        assertEquals("--truth " + dir + ": cannot write: it is a directory", assertThrows(ConfigurationException.class,
            () -> OutputPaths.checkWritable("--truth", dir)).getMessage());
    }

    @Test
    void theReasonOfAFailedWriteIsAFewWords()
    {
        assertEquals("no such directory /x", OutputPaths.reason(new NoSuchFileException("/x/books.json")));
        assertEquals("permission denied (/etc/books.json)",
            OutputPaths.reason(new AccessDeniedException("/etc/books.json")));
        assertEquals("disk full", OutputPaths.reason(new IOException("disk full")));
    }
}
