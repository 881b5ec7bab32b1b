package io.xdpfeed.handler.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Timeout(10)
class OutputFileTest
{
    private static List<String> names(final Path dir) throws IOException
    {
        try (var files = Files.list(dir))
        {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void unwritablePathFailsAtOpenNamingOptionFileAndReason(@TempDir final Path dir)
    {
        final Path missing = dir.resolve("no-such-dir").resolve("books.json");
        assertEquals("--books " + missing + ": cannot write: no such directory " + missing.getParent(),
            assertThrows(UncheckedIOException.class, () -> OutputFile.open("--books", missing)).getMessage());
        assertEquals("--orders " + dir + ": is a directory",
            assertThrows(UncheckedIOException.class, () -> OutputFile.open("--orders", dir)).getMessage());
    }

    @Test
    void targetAppearsOnlyAtCommitAndNothingElseIsLeft(@TempDir final Path dir) throws IOException
    {
        final Path target = dir.resolve("books.json");
        try (OutputFile out = OutputFile.open("--books", target))
        {
            out.writer().write("{\"books\":[]}");
            assertEquals(List.of(out.temporary().getFileName().toString()), names(dir));
            out.commit();
        }
        assertEquals(List.of("books.json"), names(dir));
        assertEquals("{\"books\":[]}", Files.readString(target));
        final Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target),
            "the mode a plain new file gets (the umask's), not a temporary file's 0600");
    }

    @Test
    void failedRunKeepsThePreviousFileAndRemovesTheTemporary(@TempDir final Path dir) throws IOException
    {
        final Path target = dir.resolve("events.jsonl");
        Files.writeString(target, "previous");
        try (OutputFile out = OutputFile.open("--events", target))
        {
            out.writer().write("half");
        }
        assertEquals(List.of("events.jsonl"), names(dir));
        assertEquals("previous", Files.readString(target));
    }
}
