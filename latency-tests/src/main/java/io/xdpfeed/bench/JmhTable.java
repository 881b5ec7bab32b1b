package io.xdpfeed.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the Markdown table of a JMH run ({@code -rf csv}) the way {@code docs/performance.md} shows it: benchmark,
 * parameters, ns/op with its error, B/op ({@code -prof gc}), and for the packet paths ns per packet and per entry
 * (from each dataset's {@link PacketLoop}) and the ratio to the {@code PeerComparisonBenchmark.touch} baseline of
 * the same dataset when the run has it.
 */
public final class JmhTable
{
    private JmhTable()
    {
    }

    private record Row(String benchmark, Map<String, String> params, double score, double error, String unit)
    {
    }

    /**
     * @param args the CSV file.
     * @throws IOException if it cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        final List<String> lines = Files.readAllLines(Path.of(args[0]));
        final List<String> header = split(lines.get(0));
        final Map<String, Row> primary = new LinkedHashMap<>();
        final Map<String, Double> bytesPerOp = new HashMap<>();
        for (final String line : lines.subList(1, lines.size()))
        {
            final List<String> cells = split(line);
            final Map<String, String> params = new LinkedHashMap<>();
            for (int i = 7; i < header.size() && i < cells.size(); i++)
            {
                if (!cells.get(i).isEmpty())
                {
                    params.put(header.get(i).replace("Param: ", ""), cells.get(i));
                }
            }
            final String name = cells.get(0);
            final int colon = name.indexOf(':');
            final String benchmark = (colon < 0 ? name : name.substring(0, colon)).replace("io.xdpfeed.bench.", "");
            final String key = benchmark + " " + params;
            if (colon < 0)
            {
                primary.put(key, new Row(benchmark, params, number(cells.get(4)), number(cells.get(5)), cells.get(6)));
            }
            else if (name.endsWith("gc.alloc.rate.norm"))
            {
                bytesPerOp.put(key, number(cells.get(4)));
            }
        }

        final Map<String, PacketLoop> loops = new HashMap<>();
        final Map<String, Double> touch = new HashMap<>();
        for (final Row row : primary.values())
        {
            if (row.benchmark().equals("PeerComparisonBenchmark.touch"))
            {
                touch.put(row.params().get("dataset"), row.score());
            }
        }

        System.out.println("| benchmark | parameters | ns/op | ± (99.9%) | B/op | ns/packet | ns/entry | x touch |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (final Map.Entry<String, Row> entry : primary.entrySet())
        {
            final Row row = entry.getValue();
            final String dataset = row.params().get("dataset");
            String perPacket = "";
            String perEntry = "";
            String ratio = "";
            final boolean packetPath = dataset != null &&
                (row.benchmark().startsWith("PathBenchmark") || row.benchmark().startsWith("PeerComparisonBenchmark"));
            if (packetPath)
            {
                final String copies = row.params().getOrDefault("copies", "first");
                final PacketLoop loop = loops.computeIfAbsent(dataset + "/" + copies,
                    (k) -> PacketLoop.of(Dataset.load(dataset), "all".equals(copies), 2_000));
                final double nsPerPacket = row.score() * loop.datagrams() / loop.packets();
                perPacket = format(nsPerPacket, 1);
                perEntry = format(nsPerPacket * loop.packets() / loop.entries(), 2);
                final Double baseline = touch.get(dataset);
                if (baseline != null && "first".equals(copies))
                {
                    ratio = format(row.score() / baseline, 2);
                }
            }
            else if (row.benchmark().equals("BookUpdateBenchmark.packet"))
            {
                perPacket = format(row.score(), 1);
                perEntry = format(row.score() / 12, 2);
            }
            final Double bytes = bytesPerOp.get(entry.getKey());
            System.out.println("| " + row.benchmark() + " | " + params(row.params()) + " | " + format(row.score(), 1) +
                " | " + format(row.error(), 1) + " | " + (bytes == null ? "" : format(bytes, 3)) + " | " + perPacket +
                " | " + perEntry + " | " + ratio + " |");
        }
    }

    private static String params(final Map<String, String> params)
    {
        final StringBuilder text = new StringBuilder();
        for (final Map.Entry<String, String> param : params.entrySet())
        {
            if (!text.isEmpty())
            {
                text.append(' ');
            }
            text.append(param.getKey()).append('=').append(param.getValue());
        }
        return text.toString();
    }

    private static String format(final double value, final int decimals)
    {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    private static double number(final String text)
    {
        try
        {
            return Double.parseDouble(text);
        }
        catch (final NumberFormatException ex)
        {
            return Double.NaN;
        }
    }

    private static List<String> split(final String line)
    {
        final List<String> cells = new ArrayList<>();
        final StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++)
        {
            final char c = line.charAt(i);
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.add(cell.toString());
                cell.setLength(0);
            }
            else
            {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
