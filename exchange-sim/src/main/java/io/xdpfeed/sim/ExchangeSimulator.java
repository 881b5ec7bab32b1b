package io.xdpfeed.sim;

import io.xdpfeed.ingress.DatagramHandler;
import io.xdpfeed.ingress.ThreadAffinity;
import io.xdpfeed.sim.config.SimulatorConfig;
import io.xdpfeed.sim.send.EpochAnchor;
import io.xdpfeed.sim.send.HandlerSink;
import io.xdpfeed.sim.send.Pacer;
import io.xdpfeed.sim.send.SendLog;
import io.xdpfeed.sim.send.UdpSender;
import io.xdpfeed.sim.truth.TruthJson;
import io.xdpfeed.sim.wire.CmeConfigWriter;
import io.xdpfeed.sim.wire.DatagramSink;
import io.xdpfeed.sim.wire.PcapWriter;

import java.nio.file.Path;

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
    private static final long LIVE_START_LEAD_NS = 50_000_000L;
    private static final long WARM_UP_PACKETS = 100_000;

    private final SimulatorConfig config;
    private SendLog sendLog;

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
     * Note the actual hand-over time of each incremental packet of the next live runs.
     *
     * @param sendLog where, or null for none.
     * @return this.
     */
    public ExchangeSimulator sendLog(final SendLog sendLog)
    {
        this.sendLog = sendLog;
        return this;
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
        final boolean paced = live && config.ratePps() > 0;
        if (paced)
        {
            warmUp();
        }
        final EpochAnchor start = live ? EpochAnchor.now() : new EpochAnchor(System.nanoTime(), 0);
        final long nanoBase = start.nanoBase() + (live ? LIVE_START_LEAD_NS : 0);
        final long epochBase = live ? start.epochBase() + LIVE_START_LEAD_NS : config.startTimeNs();
        final EpochAnchor anchor = new EpochAnchor(nanoBase, epochBase);
        final Session session = new Session(config, epochBase);
        final SinkFanOut fanOut = new SinkFanOut(sinks, live ? sendLog : null);
        if (live && sendLog != null)
        {
            sendLog.start(anchor);
        }
        final Pacer pacer = new Pacer(nanoBase, config.tickIntervalNs());

        if (paced)
        {
            final PacedRing ring = new PacedRing();
            final Throwable[] failure = new Throwable[1];
            final Thread generator = new Thread(() ->
            {
                try
                {
                    session.runTicks(ring.producer());
                }
                catch (final Throwable ex)
                {
                    failure[0] = ex;
                }
            }, "exchange-sim-generator");
            generator.setDaemon(true);
            generator.start();
            pinSender(live);
            ring.send(pacer, fanOut, generator);
            try
            {
                generator.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the generator finished", ex);
            }
            if (failure[0] instanceof final RuntimeException ex)
            {
                throw ex;
            }
            if (failure[0] != null)
            {
                throw new IllegalStateException("generator failed: " + failure[0], failure[0]);
            }
        }
        else
        {
            pinSender(live);
            session.runTicks(new TickOutput.Direct(fanOut, null, live, anchor));
        }

        final SimulationResult result = session.result(live, paced);
        if (live)
        {
            result.elapsedNs = fanOut.elapsedNs();
            result.incrementalElapsedNs = fanOut.incrementalElapsedNs();
            result.lateness = pacer.lateness();
            for (final DatagramSink sink : sinks)
            {
                result.sendErrors += sink.sendErrors();
            }
        }
        return result;
    }

    /**
     * Pin the calling (sending) thread to the configured CPU, after the generator thread has started, so that the
     * generator does not inherit the pin.
     */
    private void pinSender(final boolean live)
    {
        if (live && config.senderCpu() >= 0)
        {
            ThreadAffinity.pinCurrentThread(config.senderCpu());
        }
    }

    /**
     * Compile the generator's hot paths before a paced run, so that its first ticks are not sent late by a cold JIT:
     * a short run of the same channel into nothing.
     */
    private void warmUp()
    {
        final SimulatorConfig warmUp = config.toBuilder().packets(Math.min(config.packets(), WARM_UP_PACKETS))
            .resetAt().lossBothBursts(0).build();
        new Session(warmUp, warmUp.startTimeNs()).runTicks(new TickOutput.Direct(
            new SinkFanOut(new DatagramSink[0], null), null, false, new EpochAnchor(0, warmUp.startTimeNs())));
    }
}
