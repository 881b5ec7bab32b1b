package io.xdpfeed.sim;

import io.xdpfeed.ingress.DatagramHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A simulated CME MDP 3.0 channel: runs a {@link SimulatorConfig} and sends its datagrams to sinks.
 * <pre>
 * SimulatorConfig config = SimulatorConfig.builder().instruments(20).packets(50_000).seed(7).lossA(0.01)
 *     .lossBothBursts(3).build();
 * SimulationResult result = new ExchangeSimulator(config).run(pcap, truthJson, configXml);
 * result.books();       // the truth: final outright books by SecurityID
 * </pre>
 * Time runs in ticks: tick n sends incremental packet n (MsgSeqNum n) on lines A and B, and every
 * {@code snapshotEvery} / {@code definitionEvery} ticks a snapshot / definition packet. A full definition cycle
 * precedes the first incremental packet (unless turned off), and after the last one the snapshot loop continues for
 * at least {@code snapshotCyclesAfterEnd} full cycles so that a handler which lost the end can still recover.
 * <p>
 * {@link #run(DatagramSink...)} uses a synthetic clock (start time + tick * interval, where the interval is
 * 1 / rate, or 10 us when no rate is set): equal configs give identical bytes. {@link #runLive(DatagramSink...)}
 * uses the wall clock and, with a rate, a busy-spin pacer; each packet's SendingTime is its tick's intended send
 * time, so a late send shows as latency downstream. A simulator object can run any number of times; each run starts
 * from the seed.
 */
public final class ExchangeSimulator
{
    private static final long DAY_NS = 86_400_000_000_000L;
    private static final long LIVE_START_LEAD_NS = 20_000_000L;
    private static final long FAULT_SEED_SALT = 0x9E3779B97F4A7C15L;

    private final SimulatorConfig config;

    /**
     * A simulator for a config.
     *
     * @param config what to simulate.
     */
    public ExchangeSimulator(final SimulatorConfig config)
    {
        this.config = config;
    }

    /**
     * @return the config this simulator runs.
     */
    public SimulatorConfig config()
    {
        return config;
    }

    /**
     * Run on the synthetic clock and write the outputs asked for.
     *
     * @param pcap      capture of every line, or null.
     * @param truth     final books JSON, or null.
     * @param configXml CME config.xml of the channel, or null.
     * @return the result.
     */
    public SimulationResult run(final Path pcap, final Path truth, final Path configXml)
    {
        if (configXml != null)
        {
            CmeConfigWriter.write(configXml, config);
        }
        final SimulationResult result;
        if (pcap != null)
        {
            try (PcapWriter writer = new PcapWriter(pcap, config.channel(), config.multicastTtl()))
            {
                result = run(writer);
            }
        }
        else
        {
            result = run();
        }
        if (truth != null)
        {
            TruthJson.write(truth, result.books());
        }
        return result;
    }

    /**
     * Run on the synthetic clock, handing every datagram to an ingress handler with its group and port.
     *
     * @param handler receiving each datagram; receiveTimeNs is the datagram's send time, ns since the epoch.
     * @return the result.
     */
    public SimulationResult run(final DatagramHandler handler)
    {
        return run(new HandlerSink(config.channel(), handler));
    }

    /**
     * Run on the synthetic clock. Sinks are not closed.
     *
     * @param sinks receiving every datagram, in order.
     * @return the result.
     */
    public SimulationResult run(final DatagramSink... sinks)
    {
        return execute(sinks, false);
    }

    /**
     * Run on the wall clock, paced at the configured rate (unpaced when the rate is 0). Sinks are not closed.
     *
     * @param sinks receiving every datagram, in order, e.g. a {@link UdpSender} and a {@link PcapWriter}.
     * @return the result, with the achieved rates and pacing lateness.
     */
    public SimulationResult runLive(final DatagramSink... sinks)
    {
        return execute(sinks, true);
    }

    private SimulationResult execute(final DatagramSink[] sinks, final boolean live)
    {
        final SplittableRandom marketRandom = new SplittableRandom(config.seed());
        final SplittableRandom faultRandom = new SplittableRandom(config.seed() ^ FAULT_SEED_SALT);
        final Instrument[] instruments = createInstruments(config, marketRandom);

        final double intervalNs = config.tickIntervalNs();
        final boolean paced = live && config.ratePps() > 0;
        final long nanoBase = System.nanoTime() + (live ? LIVE_START_LEAD_NS : 0);
        final long epochBase = live ? epochNanos() + LIVE_START_LEAD_NS : config.startTimeNs();
        final int tradeDate = (int)(epochBase / DAY_NS);

        final FeedState state = new FeedState(instruments, config.firstSecurityId());
        final IncrementalProxy proxy = new IncrementalProxy();
        final MarketModel model = new MarketModel(
            instruments, proxy, marketRandom, config.impliedProbability(), config.channel().channelId());
        model.tradeDate(tradeDate);
        final long[] resetAt = config.resetAt();
        final IncrementalPacketAssembler assembler = new IncrementalPacketAssembler(
            model, proxy, state, marketRandom, resetAt, config.packets());
        final SnapshotLoop snapshots = new SnapshotLoop(state, instruments, epochBase);
        snapshots.tradeDate(tradeDate);
        final DefinitionLoop definitions = new DefinitionLoop(state, instruments, config.channel().channelId(),
            epochBase);
        definitions.tradeDate(tradeDate);
        final FaultPlan faults = new FaultPlan(config, faultRandom, resetAt);
        final LineFaults lineA = new LineFaults(SimLine.INCREMENTAL_A, config, faultRandom);
        final LineFaults lineB = new LineFaults(SimLine.INCREMENTAL_B, config, faultRandom);
        final Pacer pacer = new Pacer(nanoBase, intervalNs);
        final SimulationResult result = new SimulationResult();
        result.config = config;
        result.live = live;
        result.paced = paced;

        final UnsafeBuffer incremental = new UnsafeBuffer(ByteBuffer.allocateDirect(Mdp3Packet.MAX_PAYLOAD));
        final UnsafeBuffer snapshot = new UnsafeBuffer(ByteBuffer.allocateDirect(Mdp3Packet.MAX_PAYLOAD * 2));
        final UnsafeBuffer definition = new UnsafeBuffer(ByteBuffer.allocateDirect(Mdp3Packet.MAX_PAYLOAD));
        final Output output = new Output(sinks, result);

        long tick = 0;
        if (config.definitionsFirst())
        {
            for (int i = 0; i < instruments.length; i++)
            {
                final long timeNs = timeOf(live, paced, epochBase, nanoBase, intervalNs, tick);
                final int length = definitions.nextPacket(definition, 0, timeNs);
                output.await(pacer, paced, tick, timeNs, live, epochBase, nanoBase);
                output.emit(SimLine.DEFINITION_A, definition, 0, length);
                tick++;
            }
        }

        long firstIncrementalNanos = 0;
        final long packets = config.packets();
        for (long seq = 1; seq <= packets; seq++)
        {
            final long timeNs = timeOf(live, paced, epochBase, nanoBase, intervalNs, tick);
            final int length = assembler.nextPacket(seq, incremental, 0, timeNs);
            if (assembler.isReset(seq))
            {
                snapshots.restart();
            }
            final int snapshotLength = seq % config.snapshotEvery() == 0 ?
                snapshots.nextPacket(snapshot, 0, timeNs) : 0;
            final int definitionLength = seq % config.definitionEvery() == 0 ?
                definitions.nextPacket(definition, 0, timeNs) : 0;

            output.await(pacer, paced, tick, timeNs, live, epochBase, nanoBase);
            if (seq == 1)
            {
                firstIncrementalNanos = System.nanoTime();
            }
            final int loss = faults.lossOf(seq);
            final boolean lostA = loss == FaultPlan.ONLY_A || loss == FaultPlan.BOTH;
            final boolean lostB = loss == FaultPlan.ONLY_B || loss == FaultPlan.BOTH;
            result.lostOnA += lostA ? 1 : 0;
            result.lostOnB += lostB ? 1 : 0;
            result.lostOnBoth += lostA && lostB ? 1 : 0;
            lineA.onPacket(seq, lostA, incremental, 0, length, output);
            lineB.onPacket(seq, lostB, incremental, 0, length, output);
            if (snapshotLength > 0)
            {
                output.emit(SimLine.SNAPSHOT_A, snapshot, 0, snapshotLength);
            }
            if (definitionLength > 0)
            {
                output.emit(SimLine.DEFINITION_A, definition, 0, definitionLength);
            }
            tick++;
        }
        lineA.flush(output);
        lineB.flush(output);
        final long lastIncrementalNanos = System.nanoTime();

        final long targetCycles = snapshots.cyclesCompleted() + (snapshots.atCycleStart() ? 0 : 1) +
            config.snapshotCyclesAfterEnd();
        for (long k = packets + 1; snapshots.cyclesCompleted() < targetCycles; k++)
        {
            final boolean snapshotDue = k % config.snapshotEvery() == 0;
            final boolean definitionDue = k % config.definitionEvery() == 0;
            if (snapshotDue || definitionDue)
            {
                final long timeNs = timeOf(live, paced, epochBase, nanoBase, intervalNs, tick);
                final int snapshotLength = snapshotDue ? snapshots.nextPacket(snapshot, 0, timeNs) : 0;
                final int definitionLength = definitionDue ? definitions.nextPacket(definition, 0, timeNs) : 0;
                output.await(pacer, paced, tick, timeNs, live, epochBase, nanoBase);
                if (snapshotLength > 0)
                {
                    output.emit(SimLine.SNAPSHOT_A, snapshot, 0, snapshotLength);
                }
                if (definitionLength > 0)
                {
                    output.emit(SimLine.DEFINITION_A, definition, 0, definitionLength);
                }
            }
            tick++;
        }

        selfCheck(model, state, instruments);

        result.books = books(state, instruments);
        result.bursts = faults.bursts();
        result.incrementalPackets = packets;
        result.duplicatesA = lineA.duplicates();
        result.duplicatesB = lineB.duplicates();
        result.reorderedA = lineA.reordered();
        result.reorderedB = lineB.reordered();
        result.snapshotPackets = snapshots.packets();
        result.snapshotCycles = snapshots.cyclesCompleted();
        result.definitionPackets = definitions.packets();
        result.definitionCycles = definitions.cyclesCompleted();
        for (int template = 0; template < result.messagesByTemplate.length; template++)
        {
            result.messagesByTemplate[template] = assembler.messages(template);
        }
        final MarketModel.Stats stats = model.stats();
        result.events = stats.events;
        result.trades = stats.trades;
        result.sweeps = stats.sweeps;
        result.deleteFrom = stats.deleteFrom;
        result.deleteThru = stats.deleteThru;
        result.overlays = stats.overlays;
        result.impliedUpdates = stats.impliedUpdates;
        result.statusMessages = stats.statusMessages;
        result.resets = stats.resets;
        if (live)
        {
            result.elapsedNs = output.lastSendNanos - output.firstSendNanos;
            result.incrementalElapsedNs = lastIncrementalNanos - firstIncrementalNanos;
            result.lateOver1us = pacer.lateOver1us();
            result.lateOver10us = pacer.lateOver10us();
            result.lateOver100us = pacer.lateOver100us();
            result.maxLatenessNs = pacer.maxLatenessNs();
            for (final DatagramSink sink : sinks)
            {
                if (sink instanceof final UdpSender sender)
                {
                    result.sendErrors += sender.errors();
                }
            }
        }
        return result;
    }

    /**
     * The instruments of a config, their reference prices drawn from the market stream.
     */
    static Instrument[] createInstruments(final SimulatorConfig config, final SplittableRandom random)
    {
        final Instrument[] instruments = new Instrument[config.instruments()];
        for (int i = 0; i < instruments.length; i++)
        {
            final long referenceTicks = 2_000 + random.nextInt(18_000);
            instruments[i] = new Instrument(i, config.securityId(i), config.depth(), SimulatorConfig.IMPLIED_DEPTH,
                referenceTicks);
        }
        return instruments;
    }

    private static void selfCheck(final MarketModel model, final FeedState state, final Instrument[] instruments)
    {
        if (state.bookErrors() != 0)
        {
            throw new IllegalStateException(
                "simulator bug: " + state.bookErrors() + " published book entries did not fit the book");
        }
        for (final Instrument instrument : instruments)
        {
            if (!model.publishedEquals(instrument, state.book(instrument.index)))
            {
                throw new IllegalStateException("simulator bug: published book of " + instrument.securityId +
                    " differs from the exchange's");
            }
        }
    }

    private static SortedMap<Integer, TruthBook> books(final FeedState state, final Instrument[] instruments)
    {
        final SortedMap<Integer, TruthBook> books = new TreeMap<>();
        for (final Instrument instrument : instruments)
        {
            final MbpBook book = state.book(instrument.index);
            books.put(instrument.securityId, new TruthBook(levels(book.bids()), levels(book.asks())));
        }
        return books;
    }

    private static List<TruthBook.Level> levels(final MbpBook.Side side)
    {
        final List<TruthBook.Level> levels = new ArrayList<>(side.count());
        for (int i = 0; i < side.count(); i++)
        {
            levels.add(new TruthBook.Level(side.price(i), side.size(i), side.orders(i)));
        }
        return levels;
    }

    private static long timeOf(
        final boolean live, final boolean paced, final long epochBase, final long nanoBase, final double intervalNs,
        final long tick)
    {
        if (live && !paced)
        {
            return epochBase + (System.nanoTime() - nanoBase);
        }
        return epochBase + (long)(tick * intervalNs);
    }

    private static long epochNanos()
    {
        final Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /**
     * Fans each datagram out to the sinks, counting per line; remembers the send time of the current tick.
     */
    private static final class Output implements LineFaults.Emitter
    {
        private final DatagramSink[] sinks;
        private final SimulationResult result;
        private long timeNs;
        private long firstSendNanos;
        private long lastSendNanos;

        Output(final DatagramSink[] sinks, final SimulationResult result)
        {
            this.sinks = sinks;
            this.result = result;
        }

        void await(
            final Pacer pacer, final boolean paced, final long tick, final long timeNs, final boolean live,
            final long epochBase, final long nanoBase)
        {
            if (paced)
            {
                pacer.await(tick);
            }
            this.timeNs = live && !paced ? epochBase + (System.nanoTime() - nanoBase) : timeNs;
        }

        @Override
        public void emit(final SimLine line, final DirectBuffer buffer, final int offset, final int length)
        {
            for (final DatagramSink sink : sinks)
            {
                sink.onDatagram(line, buffer, offset, length, timeNs);
            }
            result.datagrams[line.ordinal()]++;
            lastSendNanos = System.nanoTime();
            if (firstSendNanos == 0)
            {
                firstSendNanos = lastSendNanos;
            }
        }
    }
}
