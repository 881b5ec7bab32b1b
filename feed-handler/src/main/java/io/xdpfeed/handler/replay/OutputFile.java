package io.xdpfeed.handler.replay;

import java.io.BufferedWriter;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import io.xdpfeed.common.config.OutputPaths;

/**
 * An output file of a main program ({@code --books}, {@code --orders}, {@code --events}, ...), written to a temporary
 * file in the same directory and renamed over the target only by {@link #commit()}: a reader never sees half a file
 * and a failed run leaves the previous one in place. {@link #open} creates the temporary file
 * ({@code .NAME.PID.N.tmp}, with the umask's mode) at once, so that an unwritable path fails before the work, not
 * after it. Every failure is an {@link UncheckedIOException} whose message is one line naming the option, the file
 * and the reason.
 * <pre>
 *   try (OutputFile books = OutputFile.open("--books", path))
 *   {
 *       ... the work ...
 *       BookJsonWriter.write(engine, books.writer());
 *       books.commit();
 *   }
 * </pre>
 */
public final class OutputFile implements AutoCloseable
{
    private final String option;
    private final Path target;
    private final Path temporary;
    private Writer writer;
    private boolean committed;

    private OutputFile(final String option, final Path target, final Path temporary)
    {
        this.option = option;
        this.target = target;
        this.temporary = temporary;
    }

    /**
     * Create the temporary file next to the target, now.
     *
     * @param option that named the file, for messages (e.g. {@code --books}).
     * @param target the file to write.
     * @return the open output; close it (after {@link #commit()}, or to discard).
     * @throws UncheckedIOException naming the option, the file and why it cannot be written.
     */
    public static OutputFile open(final String option, final Path target)
    {
        if (Files.isDirectory(target))
        {
            final String message = option + " " + target + ": is a directory";
            throw new UncheckedIOException(message, new IOException(message));
        }
        final Path directory = target.toAbsolutePath().getParent();
        try
        {
            // not Files.createTempFile: its 0600 would become the output's mode, where the umask's is expected
            final String prefix = "." + target.getFileName() + "." + ProcessHandle.current().pid() + ".";
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    final Path temporary = Files.createFile(directory.resolve(prefix + attempt + ".tmp"));
                    return new OutputFile(option, target, temporary);
                }
                catch (final FileAlreadyExistsException ex)
                {
                    // left by an earlier run of this pid, or another output of this run with the same name
                }
            }
        }
        catch (final IOException ex)
        {
            throw failure(option, target, ex);
        }
    }

    /**
     * @return the file written until {@link #commit()}: give it to a writer that takes a path.
     */
    public Path temporary()
    {
        return temporary;
    }

    /**
     * @return the target that {@link #commit()} replaces.
     */
    public Path target()
    {
        return target;
    }

    /**
     * @return a buffered UTF-8 writer over the temporary file whose failures are {@link UncheckedIOException}s
     * naming this file (so that a failure deep in a listener still says which output it was).
     */
    public Writer writer()
    {
        if (writer == null)
        {
            try
            {
                writer = new NamingWriter(new BufferedWriter(Files.newBufferedWriter(temporary, StandardCharsets.UTF_8),
                    1 << 16));
            }
            catch (final IOException ex)
            {
                throw failure(option, target, ex);
            }
        }
        return writer;
    }

    /**
     * Flush and close the writer, then rename the temporary file over the target.
     *
     * @throws UncheckedIOException naming the option, the file and the reason.
     */
    public void commit()
    {
        try
        {
            if (writer != null)
            {
                writer.close();
            }
            try
            {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        }
        catch (final IOException ex)
        {
            throw failure(option, target, ex);
        }
    }

    /**
     * Discard the temporary file unless committed.
     */
    public void close()
    {
        if (committed)
        {
            return;
        }
        try
        {
            if (writer != null)
            {
                ((NamingWriter)writer).closeQuietly();
            }
            Files.deleteIfExists(temporary);
        }
        catch (final IOException ignore)
        {
            // already failing: the first failure is the one reported
        }
    }

    static UncheckedIOException failure(final String option, final Path target, final IOException ex)
    {
        return new UncheckedIOException(option + " " + target + ": cannot write: " + OutputPaths.reason(ex), ex);
    }

    private final class NamingWriter extends FilterWriter
    {
        private boolean closed;

        NamingWriter(final Writer out)
        {
            super(out);
        }

        public void write(final int c)
        {
            try
            {
                super.write(c);
            }
            catch (final IOException ex)
            {
                throw failure(option, target, ex);
            }
        }

        public void write(final char[] buffer, final int offset, final int length)
        {
            try
            {
                super.write(buffer, offset, length);
            }
            catch (final IOException ex)
            {
                throw failure(option, target, ex);
            }
        }

        public void write(final String text, final int offset, final int length)
        {
            try
            {
                super.write(text, offset, length);
            }
            catch (final IOException ex)
            {
                throw failure(option, target, ex);
            }
        }

        public void flush()
        {
            try
            {
                super.flush();
            }
            catch (final IOException ex)
            {
                throw failure(option, target, ex);
            }
        }

        public void close()
        {
            if (closed)
            {
                return;
            }
            closed = true;
            try
            {
                super.close();
            }
            catch (final IOException ex)
            {
                throw failure(option, target, ex);
            }
        }

        void closeQuietly()
        {
            try
            {
                close();
            }
            catch (final UncheckedIOException ignore)
            {
                // discarding: the first failure is the one reported
            }
        }
    }
}
