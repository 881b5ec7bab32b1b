package io.xdpfeed.sim;

import io.xdpfeed.common.counters.Counts;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.market.MarketCount;
import io.xdpfeed.sim.send.Lateness;
import io.xdpfeed.sim.truth.OrderTruthJson;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.sim.truth.TruthOrderBook;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a simulation sent, which faults it injected, and the final books (the truth).
 */
public final class SimulationResult
{
    final long[] datagrams = new long[SimLine.values().length];
    final long[] cycles = new long[SimLine.values().length];
    final long[] messagesByTemplate = new long[64];
    SimulatorConfig config;
    SortedMap<Integer, TruthBook> books;
    SortedMap<Integer, TruthOrderBook> orderBooks = new TreeMap<>();
    long[] orderEvents = new long[3];
    long incrementalPackets;
    long heartbeatPackets;
    Faults faults;
    long snapshotOrderMessages;
    final Counts<MarketCount> market = new Counts<>(MarketCount.class);
    boolean live;
    boolean paced;
    long elapsedNs;
    long incrementalElapsedNs;
    Lateness lateness = Lateness.NONE;
    long sendErrors;

    SimulationResult()
    {
    }

    /**
     * @return the config that was run.
     */
    public SimulatorConfig config()
    {
        return config;
    }

    /**
     * The final outright books by SecurityID: what a correct handler ends with.
     *
     * @return unmodifiable books, SecurityIDs ascending.
     */
    public SortedMap<Integer, TruthBook> books()
    {
        return Collections.unmodifiableSortedMap(books);
    }

    /**
     * The final market-by-order books by SecurityID (full depth), empty unless {@code --mbo}.
     *
     * @return unmodifiable order books, SecurityIDs ascending.
     */
    public SortedMap<Integer, TruthOrderBook> orderBooks()
    {
        return Collections.unmodifiableSortedMap(orderBooks);
    }

    /**
     * The order truth as order books JSON ({@link OrderTruthJson}).
     *
     * @return the JSON text.
     */
    public String orderTruthJson()
    {
        return OrderTruthJson.toJson(orderBooks);
    }

    /**
     * @return order events sent (47 entries): New, Change, Delete; all 0 unless {@code --mbo}.
     */
    public long[] orderEvents()
    {
        return orderEvents.clone();
    }

    /**
     * The truth as books JSON ({@link TruthJson}).
     *
     * @return the JSON text.
     */
    public String truthJson()
    {
        return TruthJson.toJson(books);
    }

    /**
     * @return MsgSeqNum of the last incremental packet (the number of incremental packets).
     */
    public long incrementalPackets()
    {
        return incrementalPackets;
    }

    /**
     * @return AdminHeartbeat12 packets sent on each incremental line while it was idle (each with its own MsgSeqNum
     * after the last incremental packet).
     */
    public long heartbeatPackets()
    {
        return heartbeatPackets;
    }

    /**
     * Datagrams sent on a line, duplicates included.
     *
     * @param line the line.
     * @return the count.
     */
    public long datagrams(final SimLine line)
    {
        return datagrams[line.ordinal()];
    }

    /**
     * @return datagrams sent on every line.
     */
    public long totalDatagrams()
    {
        return Arrays.stream(datagrams).sum();
    }

    /**
     * @return the faults injected on the incremental lines.
     */
    public Faults faults()
    {
        return faults;
    }

    /**
     * Complete cycles of a recovery loop sent on its line.
     *
     * @param line {@link SimLine#SNAPSHOT_A} or {@link SimLine#DEFINITION_A}.
     * @return the count, 0 for an incremental line.
     */
    public long cycles(final SimLine line)
    {
        return cycles[line.ordinal()];
    }

    /**
     * Incremental messages sent of a template.
     *
     * @param templateId e.g. 46.
     * @return the count (once per message, not per line).
     */
    public long messages(final int templateId)
    {
        return templateId >= 0 && templateId < messagesByTemplate.length ? messagesByTemplate[templateId] : 0;
    }

    /**
     * What the market model generated: events, trades, entries by kind, status messages, resets.
     *
     * @param counter what.
     * @return how many.
     */
    public long count(final MarketCount counter)
    {
        return market.get(counter);
    }

    /**
     * @return whether the run used the wall clock (live sending).
     */
    public boolean live()
    {
        return live;
    }

    /**
     * @return whether the run was paced at the configured rate.
     */
    public boolean paced()
    {
        return paced;
    }

    /**
     * @return wall time from the first to the last datagram of a live run, ns.
     */
    public long elapsedNs()
    {
        return elapsedNs;
    }

    /**
     * Achieved rate of incremental packets (MsgSeqNums) of a live run.
     *
     * @return packets per second, 0 when not live.
     */
    public double achievedIncrementalPps()
    {
        return incrementalElapsedNs > 0 ? (incrementalPackets - 1) * 1e9 / incrementalElapsedNs : 0;
    }

    /**
     * Achieved rate of datagrams on all lines of a live run.
     *
     * @return datagrams per second, 0 when not live.
     */
    public double achievedDatagramsPerSecond()
    {
        return elapsedNs > 0 ? (totalDatagrams() - 1) * 1e9 / elapsedNs : 0;
    }

    /**
     * @return how late the paced ticks' sends started (all 0 unless live and paced).
     */
    public Lateness lateness()
    {
        return lateness;
    }

    /**
     * @return datagrams the kernel refused during live sending.
     */
    public long sendErrors()
    {
        return sendErrors;
    }

    /**
     * Human-readable summary, one fact per line.
     *
     * @return the summary.
     */
    public String summary()
    {
        final StringBuilder text = new StringBuilder(1024);
        text.append(String.format(Locale.ROOT, "incremental packets  %d (MsgSeqNum 1..%d), %d events, %d instruments%n",
            incrementalPackets, incrementalPackets, count(MarketCount.EVENTS), books.size()));
        text.append(String.format(Locale.ROOT,
            "messages             46:%d 48:%d 37:%d 30:%d 4:%d; trades %d (sweeps %d), DeleteFrom %d, " +
            "DeleteThru %d, Overlay %d, implied updates %d%n",
            messages(46), messages(48), messages(37), messages(30), messages(4), count(MarketCount.TRADES),
            count(MarketCount.SWEEPS), count(MarketCount.DELETE_FROM), count(MarketCount.DELETE_THRU),
            count(MarketCount.OVERLAYS), count(MarketCount.IMPLIED_UPDATES)));
        if (config.mbo())
        {
            text.append(String.format(Locale.ROOT, "market by order      47:%d 53:%d; orders New %d, Change %d, " +
                "Delete %d; %d resting at the end%n", messages(47), snapshotOrderMessages, orderEvents[0],
                orderEvents[1], orderEvents[2],
                orderBooks.values().stream().mapToLong(b -> b.bids().size() + b.asks().size()).sum()));
        }
        text.append(String.format(Locale.ROOT, "datagrams            A %d, B %d, snapshot %d (%d cycles), " +
            "definition %d (%d cycles)%n", datagrams(SimLine.INCREMENTAL_A), datagrams(SimLine.INCREMENTAL_B),
            datagrams(SimLine.SNAPSHOT_A), cycles(SimLine.SNAPSHOT_A), datagrams(SimLine.DEFINITION_A),
            cycles(SimLine.DEFINITION_A)));
        text.append(String.format(Locale.ROOT, "faults               lost A %d, lost B %d, lost on both %d in %d " +
            "bursts, duplicates A %d B %d, reordered A %d B %d%n", faults.lostOnA(), faults.lostOnB(),
            faults.lostOnBoth(), faults.bursts().size(), faults.duplicatesA(), faults.duplicatesB(),
            faults.reorderedA(), faults.reorderedB()));
        if (live)
        {
            text.append(String.format(Locale.ROOT,
                "sent                 %.0f incremental packets/s, %.0f datagrams/s over %.3f s%s, send errors %d%n",
                achievedIncrementalPps(), achievedDatagramsPerSecond(), elapsedNs / 1e9,
                paced ? " (asked " + config.ratePps() + " packets/s)" : " (unpaced)", sendErrors));
            if (paced)
            {
                text.append(String.format(Locale.ROOT,
                    "pacing               ticks late >1us %d, >10us %d, >100us %d, max %.1f us%n",
                    lateness.over1us(), lateness.over10us(), lateness.over100us(), lateness.maxNs() / 1e3));
            }
        }
        return text.toString();
    }

    /**
     * The faults a simulation injected on the incremental lines.
     *
     * @param lostOnA     MsgSeqNums never sent on line A (one-line loss and bursts).
     * @param lostOnB     MsgSeqNums never sent on line B (one-line loss and bursts).
     * @param lostOnBoth  MsgSeqNums sent on neither line: only a snapshot recovers them.
     * @param bursts      bursts lost on both lines: inclusive [first, last] MsgSeqNum ranges, ascending.
     * @param duplicatesA copies sent twice on line A.
     * @param duplicatesB copies sent twice on line B.
     * @param reorderedA  copies sent on line A after a higher MsgSeqNum had been sent on A.
     * @param reorderedB  copies sent on line B after a higher MsgSeqNum had been sent on B.
     */
    public record Faults(
        long lostOnA,
        long lostOnB,
        long lostOnBoth,
        List<long[]> bursts,
        long duplicatesA,
        long duplicatesB,
        long reorderedA,
        long reorderedB)
    {
    }
}
