package io.xdpfeed.sim.truth;


import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.common.config.OutputPaths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The books JSON shared with {@code scripts/replay --books}: an object keyed by SecurityID (as a string), each value
 * {@code {"bids": [[price, size, orders], ...], "asks": [...]}} with PRICE9 mantissas, best first, outright levels
 * only.
 * <pre>
 * {
 *   "1001": {"bids": [[2499750000000, 120, 7], ...], "asks": [[2500000000000, 35, 2], ...]},
 *   "1002": {"bids": [], "asks": []}
 * }
 * </pre>
 */
public final class TruthJson
{
    private TruthJson()
    {
    }

    /**
     * Render books, SecurityIDs ascending, one instrument per line.
     *
     * @param books by SecurityID.
     * @return the JSON text, ending with a newline.
     */
    public static String toJson(final Map<Integer, TruthBook> books)
    {
        final StringBuilder json = new StringBuilder(256 + books.size() * 1024);
        json.append("{\n");
        boolean first = true;
        for (final Map.Entry<Integer, TruthBook> entry : new TreeMap<>(books).entrySet())
        {
            if (!first)
            {
                json.append(",\n");
            }
            first = false;
            json.append("  \"").append(entry.getKey()).append("\": {\"bids\": ");
            levels(json, entry.getValue().bids());
            json.append(", \"asks\": ");
            levels(json, entry.getValue().asks());
            json.append('}');
        }
        json.append("\n}\n");
        return json.toString();
    }

    /**
     * Write books to a file.
     *
     * @param path  to write.
     * @param books by SecurityID.
     */
    public static void write(final Path path, final Map<Integer, TruthBook> books)
    {
        try
        {
            Files.writeString(path, toJson(books), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("cannot write truth " + path + ": " + OutputPaths.reason(ex), ex);
        }
    }

    /**
     * Read a books file.
     *
     * @param path to read.
     * @return books by SecurityID, ascending.
     */
    public static SortedMap<Integer, TruthBook> read(final Path path)
    {
        try
        {
            return parse(Files.readString(path, StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new ConfigurationException("cannot read books " + path + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Parse books JSON.
     *
     * @param json the text.
     * @return books by SecurityID, ascending.
     * @throws IllegalArgumentException when the text is not books JSON.
     */
    public static SortedMap<Integer, TruthBook> parse(final String json)
    {
        final Parser parser = new Parser(json);
        final SortedMap<Integer, TruthBook> books = new TreeMap<>();
        parser.expect('{');
        if (!parser.tryConsume('}'))
        {
            do
            {
                final int securityId = Integer.parseInt(parser.string());
                parser.expect(':');
                parser.expect('{');
                List<TruthBook.Level> bids = List.of();
                List<TruthBook.Level> asks = List.of();
                do
                {
                    final String side = parser.string();
                    parser.expect(':');
                    final List<TruthBook.Level> levels = parser.levels();
                    switch (side)
                    {
                        case "bids" -> bids = levels;
                        case "asks" -> asks = levels;
                        default -> throw parser.error("unknown side \"" + side + "\"");
                    }
                }
                while (parser.tryConsume(','));
                parser.expect('}');
                books.put(securityId, new TruthBook(bids, asks));
            }
            while (parser.tryConsume(','));
            parser.expect('}');
        }
        parser.end();
        return books;
    }

    private static void levels(final StringBuilder json, final List<TruthBook.Level> levels)
    {
        json.append('[');
        for (int i = 0; i < levels.size(); i++)
        {
            final TruthBook.Level level = levels.get(i);
            json.append(i == 0 ? "" : ", ").append('[').append(level.price()).append(", ").append(level.size())
                .append(", ").append(level.orders()).append(']');
        }
        json.append(']');
    }

    /**
     * A small parser of the numbers-in-arrays JSON these files use (shared with {@link OrderTruthJson}).
     */
    static final class Parser
    {
        private final String text;
        private int position;

        Parser(final String text)
        {
            this.text = text;
        }

        List<TruthBook.Level> levels()
        {
            final List<TruthBook.Level> levels = new ArrayList<>();
            expect('[');
            if (tryConsume(']'))
            {
                return levels;
            }
            do
            {
                expect('[');
                final long price = number();
                expect(',');
                final long size = number();
                expect(',');
                final long orders = number();
                expect(']');
                levels.add(new TruthBook.Level(price, (int)size, (int)orders));
            }
            while (tryConsume(','));
            expect(']');
            return levels;
        }

        /**
         * An array of arrays of {@code width} numbers.
         */
        List<long[]> tuples(final int width)
        {
            final List<long[]> tuples = new ArrayList<>();
            expect('[');
            if (tryConsume(']'))
            {
                return tuples;
            }
            do
            {
                expect('[');
                final long[] tuple = new long[width];
                for (int i = 0; i < width; i++)
                {
                    if (i > 0)
                    {
                        expect(',');
                    }
                    tuple[i] = number();
                }
                expect(']');
                tuples.add(tuple);
            }
            while (tryConsume(','));
            expect(']');
            return tuples;
        }

        String string()
        {
            expect('"');
            final int start = position;
            while (position < text.length() && text.charAt(position) != '"')
            {
                position++;
            }
            if (position == text.length())
            {
                throw error("unterminated string");
            }
            return text.substring(start, position++);
        }

        long number()
        {
            skipSpace();
            final int start = position;
            if (position < text.length() && text.charAt(position) == '-')
            {
                position++;
            }
            while (position < text.length() && Character.isDigit(text.charAt(position)))
            {
                position++;
            }
            if (start == position)
            {
                throw error("number expected");
            }
            return Long.parseLong(text.substring(start, position));
        }

        void expect(final char c)
        {
            if (!tryConsume(c))
            {
                throw error("'" + c + "' expected");
            }
        }

        boolean tryConsume(final char c)
        {
            skipSpace();
            if (position < text.length() && text.charAt(position) == c)
            {
                position++;
                return true;
            }
            return false;
        }

        void end()
        {
            skipSpace();
            if (position != text.length())
            {
                throw error("trailing text");
            }
        }

        IllegalArgumentException error(final String what)
        {
            return new IllegalArgumentException("books JSON: " + what + " at offset " + position);
        }

        private void skipSpace()
        {
            while (position < text.length() && Character.isWhitespace(text.charAt(position)))
            {
                position++;
            }
        }
    }
}
