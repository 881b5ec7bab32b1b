package io.xdpfeed.sim;

import io.xdpfeed.codecs.mdp3.AdminHeartbeat12Encoder;
import io.xdpfeed.codecs.mdp3.MessageHeaderEncoder;
import io.xdpfeed.sim.config.RandomStream;
import io.xdpfeed.sim.config.SimLine;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.market.Instrument;
import io.xdpfeed.sim.market.MarketCount;
import io.xdpfeed.sim.market.MarketModel;
import io.xdpfeed.sim.market.MbpBook;
import io.xdpfeed.sim.market.OrderFlow;
import io.xdpfeed.sim.truth.TruthBook;
import io.xdpfeed.sim.truth.TruthOrderBook;
import io.xdpfeed.sim.wire.DefinitionLoop;
import io.xdpfeed.sim.wire.FeedState;
import io.xdpfeed.sim.wire.IncrementalPacketAssembler;
import io.xdpfeed.sim.wire.IncrementalProxy;
import io.xdpfeed.sim.wire.Mdp3Packet;
import io.xdpfeed.sim.wire.SnapshotLoop;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One run of the simulated channel: every piece of generation state, and the tick loop that emits the datagrams.
 * <p>
 * Tick n sends incremental packet n on lines A and B (through the fault injection), then the snapshot packet every
 * {@code snapshotEvery} ticks and the definition packet every {@code definitionEvery} ticks. A full definition
 * cycle may come first; after the last incremental packet the loops go on until {@code snapshotCyclesAfterEnd} full
 * snapshot cycles have been sent from {@link #HOLE_DECLARED_WITHIN_NS} after it, and at least {@code lingerNs} of
 * session time has passed; while they do, the idle
 * incremental lines get an AdminHeartbeat12 packet (the next MsgSeqNum, on A and B) every
 * {@code heartbeatIntervalNs}, as CME's idle channels do. Every packet of a tick carries the tick's intended time as
 * SendingTime.
 */
final class Session
{
    private static final long DAY_NS = 86_400_000_000_000L;
    /**
     * Session time after the last incremental packet from which the snapshot cycles after the end are counted: a
     * handler declares a hole at the end lost only after waiting for the other line (the feed handler's
     * {@code xdpfeed.gap.wait}, 2 ms by default), and recovers from the cycles that begin after that.
     */
    static final long HOLE_DECLARED_WITHIN_NS = 10_000_000L;

    private final SimulatorConfig config;
    private final long epochBase;
    private final double intervalNs;
    private final Instrument[] instruments;
    private final FeedState state;
    private final MarketModel model;
    private final OrderFlow orderFlow;
    private final IncrementalPacketAssembler assembler;
    private final SnapshotLoop snapshots;
    private final DefinitionLoop definitions;
    private final FaultPlan faults;
    private final LineFaults lineA;
    private final LineFaults lineB;
    private final long[] datagrams = new long[SimLine.values().length];
    private final MessageHeaderEncoder heartbeatHeader = new MessageHeaderEncoder();
    private final AdminHeartbeat12Encoder heartbeat = new AdminHeartbeat12Encoder();
    private long heartbeats;
    private final long[] losses = new long[FaultPlan.Loss.values().length]; // incremental packets by loss

    Session(final SimulatorConfig config, final long epochBase)
    {
        this.config = config;
        this.epochBase = epochBase;
        intervalNs = config.tickIntervalNs();
        final SplittableRandom marketRandom = RandomStream.MARKET.of(config.seed());
        final SplittableRandom faultRandom = RandomStream.FAULTS.of(config.seed());
        instruments = createInstruments(config, marketRandom);
        final int tradeDate = (int)(epochBase / DAY_NS);

        state = new FeedState(instruments, config.firstSecurityId());
        final IncrementalProxy proxy = new IncrementalProxy(config.mbo());
        orderFlow = config.mbo() ? new OrderFlow(proxy, RandomStream.ORDERS.of(config.seed())) : null;
        model = new MarketModel(instruments, proxy, marketRandom, config.impliedProbability(),
            config.channel().channelId(), orderFlow);
        model.tradeDate(tradeDate);
        final long[] resetAt = config.resetAt();
        assembler = new IncrementalPacketAssembler(model, proxy, state, marketRandom, resetAt, config.packets(),
            config.mbo() ? IncrementalPacketAssembler.MBO_DRAIN_PACKETS : 0);
        snapshots = new SnapshotLoop(state, instruments, epochBase, config.mbo());
        snapshots.tradeDate(tradeDate);
        definitions = new DefinitionLoop(state, instruments, config.channel().channelId(), epochBase);
        definitions.tradeDate(tradeDate);
        faults = new FaultPlan(config, faultRandom, resetAt);
        lineA = new LineFaults(SimLine.INCREMENTAL_A, config, faultRandom);
        lineB = new LineFaults(SimLine.INCREMENTAL_B, config, faultRandom);
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
                referenceTicks, config.mbo());
        }
        return instruments;
    }

    /**
     * Run every tick, emitting into the output, then check the published books against the exchange's.
     */
    void runTicks(final TickOutput target)
    {
        final CountingOutput output = new CountingOutput(target, datagrams);
        final UnsafeBuffer incremental = new UnsafeBuffer(ByteBuffer.allocateDirect(Mdp3Packet.MAX_PAYLOAD));
        final UnsafeBuffer snapshot = new UnsafeBuffer(
            ByteBuffer.allocateDirect(Mdp3Packet.MAX_PAYLOAD * snapshots.maxPackets()));
        final UnsafeBuffer definition = new UnsafeBuffer(ByteBuffer.allocateDirect(Mdp3Packet.MAX_PAYLOAD));

        long tick = 0;
        if (config.definitionsFirst())
        {
            for (int i = 0; i < instruments.length; i++)
            {
                final long timeNs = timeOf(tick);
                final int length = definitions.nextPacket(definition, 0, timeNs);
                output.startTick(tick, timeNs);
                output.emit(SimLine.DEFINITION_A, definition, 0, length);
                tick++;
            }
        }

        final long packets = config.packets();
        for (long seq = 1; seq <= packets; seq++)
        {
            final long timeNs = timeOf(tick);
            final int length = assembler.nextPacket(seq, incremental, 0, timeNs);
            if (assembler.isReset(seq))
            {
                snapshots.restart();
            }
            final int snapshotPackets = seq % config.snapshotEvery() == 0 ?
                snapshots.nextPackets(snapshot, timeNs) : 0;
            final int definitionLength = seq % config.definitionEvery() == 0 ?
                definitions.nextPacket(definition, 0, timeNs) : 0;

            output.startTick(tick, timeNs);
            final FaultPlan.Loss loss = faults.lossOf(seq);
            losses[loss.ordinal()]++;
            lineA.onPacket(seq, loss.onA, incremental, 0, length, output);
            lineB.onPacket(seq, loss.onB, incremental, 0, length, output);
            emitSnapshots(output, snapshot, snapshotPackets);
            if (definitionLength > 0)
            {
                output.emit(SimLine.DEFINITION_A, definition, 0, definitionLength);
            }
            tick++;
        }
        lineA.flush(output);
        lineB.flush(output);

        // the cycles a handler that lost the end recovers from are counted once it can have declared the hole lost
        final long countCyclesFromNs = timeOf(tick) + HOLE_DECLARED_WITHIN_NS;
        long targetCycles = Long.MAX_VALUE;
        final long lingerUntilNs = timeOf(tick) + config.lingerNs();
        final long heartbeatIntervalNs = config.heartbeatIntervalNs();
        long lastIncrementalNs = timeOf(tick - 1);
        long seq = packets;
        for (long k = packets + 1; snapshots.cyclesCompleted() < targetCycles || timeOf(tick) < lingerUntilNs; k++)
        {
            if (targetCycles == Long.MAX_VALUE && timeOf(tick) >= countCyclesFromNs)
            {
                targetCycles = snapshots.cyclesCompleted() + (snapshots.atCycleStart() ? 0 : 1) +
                    config.snapshotCyclesAfterEnd();
            }
            final boolean snapshotDue = k % config.snapshotEvery() == 0;
            final boolean definitionDue = k % config.definitionEvery() == 0;
            final boolean heartbeatDue = heartbeatIntervalNs > 0 &&
                timeOf(tick) - lastIncrementalNs >= heartbeatIntervalNs;
            if (snapshotDue || definitionDue || heartbeatDue)
            {
                final long timeNs = timeOf(tick);
                output.startTick(tick, timeNs);
                if (heartbeatDue)
                {
                    lastIncrementalNs = timeNs;
                    seq++;
                    heartbeats++;
                    state.packetStarted(seq);
                    final int length = Mdp3Packet.writeHeartbeat(incremental, 0, seq, timeNs, heartbeatHeader,
                        heartbeat);
                    output.emit(SimLine.INCREMENTAL_A, incremental, 0, length);
                    output.emit(SimLine.INCREMENTAL_B, incremental, 0, length);
                }
                final int snapshotPackets = snapshotDue ? snapshots.nextPackets(snapshot, timeNs) : 0;
                final int definitionLength = definitionDue ? definitions.nextPacket(definition, 0, timeNs) : 0;
                emitSnapshots(output, snapshot, snapshotPackets);
                if (definitionLength > 0)
                {
                    output.emit(SimLine.DEFINITION_A, definition, 0, definitionLength);
                }
            }
            tick++;
        }
        selfCheck();
        output.finish();
    }

    private void emitSnapshots(final TickOutput output, final UnsafeBuffer snapshot, final int packets)
    {
        for (int i = 0; i < packets; i++)
        {
            output.emit(SimLine.SNAPSHOT_A, snapshot, SnapshotLoop.packetOffset(i), snapshots.packetLength(i));
        }
    }

    /**
     * The result of a finished run (without the live sending figures).
     */
    SimulationResult result(final boolean live, final boolean paced)
    {
        final SimulationResult result = new SimulationResult();
        result.config = config;
        result.live = live;
        result.paced = paced;
        result.books = books();
        result.orderBooks = orderBooks();
        if (orderFlow != null)
        {
            result.orderEvents = orderFlow.events();
        }
        result.incrementalPackets = config.packets();
        result.heartbeatPackets = heartbeats;
        System.arraycopy(datagrams, 0, result.datagrams, 0, datagrams.length);
        final long lostOnBoth = losses[FaultPlan.Loss.BOTH.ordinal()];
        result.faults = new SimulationResult.Faults(losses[FaultPlan.Loss.ONLY_A.ordinal()] + lostOnBoth,
            losses[FaultPlan.Loss.ONLY_B.ordinal()] + lostOnBoth, lostOnBoth, faults.bursts(),
            lineA.duplicates(), lineB.duplicates(), lineA.reordered(), lineB.reordered());
        result.snapshotOrderMessages = snapshots.orderMessages();
        result.cycles[SimLine.SNAPSHOT_A.ordinal()] = snapshots.cyclesCompleted();
        result.cycles[SimLine.DEFINITION_A.ordinal()] = definitions.cyclesCompleted();
        for (int template = 0; template < result.messagesByTemplate.length; template++)
        {
            result.messagesByTemplate[template] = assembler.messages(template);
        }
        for (final MarketCount counter : MarketCount.values())
        {
            result.market.add(counter, model.count(counter));
        }
        return result;
    }

    private long timeOf(final long tick)
    {
        return epochBase + (long)(tick * intervalNs);
    }

    private void selfCheck()
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
            if (config.mbo() && !state.orders(instrument.index).book().equals(instrument.published ?
                instrument.restingOrders() : new TruthOrderBook(List.of(), List.of())))
            {
                throw new IllegalStateException("simulator bug: published orders of " + instrument.securityId +
                    " differ from the exchange's");
            }
        }
    }

    private SortedMap<Integer, TruthOrderBook> orderBooks()
    {
        final SortedMap<Integer, TruthOrderBook> books = new TreeMap<>();
        if (config.mbo())
        {
            for (final Instrument instrument : instruments)
            {
                books.put(instrument.securityId, state.orders(instrument.index).book());
            }
        }
        return books;
    }

    private SortedMap<Integer, TruthBook> books()
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

    /**
     * Counts datagrams per line on the way to the real output.
     */
    private static final class CountingOutput implements TickOutput
    {
        private final TickOutput delegate;
        private final long[] datagrams;

        CountingOutput(final TickOutput delegate, final long[] datagrams)
        {
            this.delegate = delegate;
            this.datagrams = datagrams;
        }

        @Override
        public void startTick(final long tick, final long timeNs)
        {
            delegate.startTick(tick, timeNs);
        }

        @Override
        public void emit(final SimLine line, final DirectBuffer buffer, final int offset,
            final int length)
        {
            datagrams[line.ordinal()]++;
            delegate.emit(line, buffer, offset, length);
        }

        @Override
        public void finish()
        {
            delegate.finish();
        }
    }
}
