package io.xdpfeed.xdp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose merged output is collected line by line, for the integration tests.
 */
final class ChildProcess implements AutoCloseable
{
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ChildProcess(final Process process)
    {
        this.process = process;
        reader = new Thread(this::readLines, "child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(final List<String> command)
    {
        try
        {
            return new ChildProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
    }

    /**
     * Run to completion.
     *
     * @param command to run.
     * @return the output lines; fails when the exit status is not 0.
     */
    static List<String> run(final List<String> command)
    {
        try (ChildProcess child = start(command))
        {
            final int status = child.waitFor();
            if (0 != status)
            {
                throw new IllegalStateException(command + " exited with " + status + ": " + child.lines());
            }
            return child.lines();
        }
    }

    private void readLines()
    {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                synchronized (lines)
                {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        }
        catch (final IOException ignore)
        {
            // the process was killed
        }
        finally
        {
            synchronized (lines)
            {
                lines.add(null);
                lines.notifyAll();
            }
        }
    }

    /**
     * Wait for the first line starting with one of the prefixes.
     *
     * @param prefixes e.g. READY and ERROR.
     * @return the line, or null when the process ended without one.
     */
    String awaitLine(final String... prefixes)
    {
        synchronized (lines)
        {
            int next = 0;
            while (true)
            {
                while (next < lines.size())
                {
                    final String line = lines.get(next++);
                    if (null == line)
                    {
                        return null;
                    }
                    for (final String prefix : prefixes)
                    {
                        if (line.startsWith(prefix))
                        {
                            return line;
                        }
                    }
                }
                try
                {
                    lines.wait();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
    }

    int waitFor()
    {
        try
        {
            final int status = process.waitFor();
            reader.join();
            return status;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    void kill()
    {
        process.destroyForcibly();
        waitFor();
    }

    long pid()
    {
        return process.pid();
    }

    List<String> lines()
    {
        synchronized (lines)
        {
            final List<String> copy = new ArrayList<>(lines);
            copy.removeIf(line -> null == line);
            return copy;
        }
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroy();
            try
            {
                if (!process.waitFor(10, TimeUnit.SECONDS))
                {
                    process.destroyForcibly();
                }
            }
            catch (final InterruptedException ex)
            {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
