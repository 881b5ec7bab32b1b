package io.xdpfeed.handler.engine;

import io.xdpfeed.handler.config.CmeConfigParser;
import io.xdpfeed.common.config.ConfigurationException;
import io.xdpfeed.handler.config.FeedType;
import io.xdpfeed.handler.config.Line;
import io.xdpfeed.handler.config.LineMap;
import io.xdpfeed.handler.protocol.Protocol;
import io.xdpfeed.handler.protocol.Protocols;
import io.xdpfeed.ingress.IngressException;
import io.xdpfeed.ingress.PacketSource;
import io.xdpfeed.ingress.ThreadAffinity;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The ingress part of {@link FeedHandler.Context}: which channels and lines (CME's config.xml), the transport, NIC
 * queue and CPU, and the receive thread's poll limit and idle strategy. Setters return the concrete context so the
 * one fluent {@code Context} reads as before.
 *
 * @param <C> the concrete context the fluent setters return.
 */
abstract class IngressSettings<C extends IngressSettings<C>>
{
    private String protocol = Configuration.protocol();
    private Protocol protocolInstance;
    private String cmeConfig = Configuration.cmeConfig();
    private LineMap lineMap;
    private int[] channels = Configuration.channels();
    private int[] mboChannels = Configuration.mboChannels();
    private String transport = Configuration.transport();
    private String interfaceName = Configuration.interfaceName();
    private int queue = Configuration.queue();
    private int cpu = Configuration.cpu();
    private int receivePriority = Configuration.receivePriority();
    private int pollLimit = Configuration.pollLimit();
    private String receiveIdle = Configuration.receiveIdle();
    private IdleStrategy receiveIdleStrategy;
    private PacketSource packetSource;
    private PacketSourceFactory packetSourceFactory;

    /**
     * @return this, typed as the concrete context.
     */
    @SuppressWarnings("unchecked")
    final C self()
    {
        return (C)this;
    }

    /**
     * Parse the line map, check the channels, the transport, the receive thread's settings; fill their defaults.
     */
    final void concludeIngress()
    {
        Configuration.checkProtocol(protocol);
        protocolInstance = Protocols.forName(protocol).configure(System.getProperties());
        if (lineMap == null && Protocols.ITCH.equals(protocol))
        {
            lineMap = Configuration.itchLines(System.getProperties()).lineMap();
        }
        if (lineMap == null)
        {
            if (cmeConfig == null || cmeConfig.isEmpty())
            {
                throw new ConfigurationException(Configuration.CME_CONFIG_PROP_NAME +
                    " is not set: give the path of CME's config.xml");
            }
            try
            {
                lineMap = CmeConfigParser.parse(Path.of(cmeConfig));
            }
            catch (final ConfigurationException ex)
            {
                throw new ConfigurationException(Configuration.CME_CONFIG_PROP_NAME + "=" + cmeConfig + ": " +
                    ex.getMessage(), ex);
            }
        }

        final int[] known = new int[lineMap.channelCount()];
        for (int i = 0; i < known.length; i++)
        {
            known[i] = lineMap.channelId(i);
        }
        if (channels.length == 0)
        {
            channels = known;
        }
        checkChannels(Configuration.CHANNELS_PROP_NAME, channels, known);
        checkChannels(Configuration.MBO_CHANNELS_PROP_NAME, mboChannels, channels);

        if (!"xdp".equals(transport) && !"udp".equals(transport) && !"auto".equals(transport))
        {
            throw new ConfigurationException(Configuration.TRANSPORT_PROP_NAME + "=" + transport +
                " is not one of xdp, udp, auto");
        }
        if (queue < 0)
        {
            throw new ConfigurationException(Configuration.QUEUE_PROP_NAME + "=" + queue + " must be >= 0");
        }
        if (cpu < -1)
        {
            throw new ConfigurationException(Configuration.CPU_PROP_NAME + "=" + cpu +
                " must be a CPU number, or -1 for none");
        }
        if (cpu >= 0)
        {
            try
            {
                ThreadAffinity.checkUsable(cpu);
            }
            catch (final IngressException ex)
            {
                throw new ConfigurationException(Configuration.CPU_PROP_NAME + "=" + cpu + ": " + ex.getMessage(), ex);
            }
        }
        if (receivePriority < 0 || receivePriority > 99)
        {
            throw new ConfigurationException(Configuration.RECEIVE_PRIORITY_PROP_NAME + "=" + receivePriority +
                " is not in 0..99 (0: not real-time)");
        }
        if (pollLimit < 1 || pollLimit > 4096)
        {
            throw new ConfigurationException(Configuration.POLL_LIMIT_PROP_NAME + "=" + pollLimit +
                " is not in 1..4096");
        }
        if (receiveIdleStrategy == null)
        {
            receiveIdleStrategy = switch (receiveIdle)
            {
                case "spin" -> new BusySpinIdleStrategy();
                case "yield" -> new YieldingIdleStrategy();
                case "backoff" -> new BackoffIdleStrategy();
                case "" -> cpu >= 0 ? new BusySpinIdleStrategy() : new BackoffIdleStrategy();
                default -> throw new ConfigurationException(Configuration.RECEIVE_IDLE_PROP_NAME + "=" +
                    receiveIdle + " is not one of spin, yield, backoff");
            };
        }
        if (packetSourceFactory == null)
        {
            packetSourceFactory = TransportSources.INSTANCE;
        }
    }

    private void checkChannels(final String key, final int[] ids, final int[] allowed)
    {
        for (final int id : ids)
        {
            boolean found = false;
            for (final int candidate : allowed)
            {
                found |= candidate == id;
            }
            if (!found)
            {
                throw new ConfigurationException(key + "=" + Arrays.toString(ids).replaceAll("[\\[\\] ]", "") +
                    ": channel " + id + " is not among " + Arrays.toString(allowed) +
                    (key.equals(Configuration.CHANNELS_PROP_NAME) ? " of " + cmeConfig : " (subscribed)"));
            }
        }
    }

    /**
     * @return predicate on CME channel ids: subscribed.
     */
    public IntPredicate subscribedChannels()
    {
        final int[] ids = channels.clone();
        return id ->
        {
            for (final int candidate : ids)
            {
                if (candidate == id)
                {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * @return predicate on CME channel ids: MBO books kept.
     */
    public IntPredicate mboChannelPredicate()
    {
        final int[] ids = mboChannels.clone();
        return id ->
        {
            for (final int candidate : ids)
            {
                if (candidate == id)
                {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * @return the incremental (A and B) lines of the subscribed channels: what a live source receives from the
     * start when the recovery lines are joined on demand.
     */
    public List<Line> incrementalLines()
    {
        final List<Line> lines = new ArrayList<>();
        for (final Line line : subscribedLines())
        {
            if (line.feedType() == FeedType.INCREMENTAL || line.feedType() == FeedType.UNCONFIGURED)
            {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * @return every multicast line of the subscribed channels (no historical TCP lines).
     */
    public List<Line> subscribedLines()
    {
        final IntPredicate subscribed = subscribedChannels();
        final List<Line> lines = new ArrayList<>();
        for (final Line line : lineMap.lines())
        {
            if (subscribed.test(line.channelId()) && line.feedType() != FeedType.HISTORICAL)
            {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * @return {@link Configuration#PROTOCOL_PROP_NAME}.
     */
    public String protocol()
    {
        return protocol;
    }

    /**
     * @return the protocol with its own settings from the system properties (ITCH's recovery servers), after
     * conclude.
     */
    public Protocol protocolInstance()
    {
        return protocolInstance;
    }

    /**
     * @param protocol {@link Configuration#PROTOCOL_PROP_NAME}: {@code mdp3} or {@code itch}.
     * @return this.
     */
    public C protocol(final String protocol)
    {
        this.protocol = protocol;
        return self();
    }

    /**
     * @return {@link Configuration#CME_CONFIG_PROP_NAME}.
     */
    public String cmeConfig()
    {
        return cmeConfig;
    }

    /**
     * @param path of CME's config.xml.
     * @return this.
     */
    public C cmeConfig(final String path)
    {
        this.cmeConfig = path;
        return self();
    }

    /**
     * @return the line map (after conclude).
     */
    public LineMap lineMap()
    {
        return lineMap;
    }

    /**
     * @param lineMap use this map instead of parsing {@link #cmeConfig()}.
     * @return this.
     */
    public C lineMap(final LineMap lineMap)
    {
        this.lineMap = lineMap;
        return self();
    }

    /**
     * @return subscribed CME channel ids.
     */
    public int[] channels()
    {
        return channels;
    }

    /**
     * @param channels CME channel ids to handle, none for all.
     * @return this.
     */
    public C channels(final int... channels)
    {
        this.channels = channels.clone();
        return self();
    }

    /**
     * @return channels whose MBO books are kept.
     */
    public int[] mboChannels()
    {
        return mboChannels;
    }

    /**
     * @param mboChannels CME channel ids.
     * @return this.
     */
    public C mboChannels(final int... mboChannels)
    {
        this.mboChannels = mboChannels.clone();
        return self();
    }

    /**
     * @return xdp, udp or auto.
     */
    public String transport()
    {
        return transport;
    }

    /**
     * @param transport xdp, udp or auto.
     * @return this.
     */
    public C transport(final String transport)
    {
        this.transport = transport;
        return self();
    }

    /**
     * @return network interface.
     */
    public String interfaceName()
    {
        return interfaceName;
    }

    /**
     * @param interfaceName network interface.
     * @return this.
     */
    public C interfaceName(final String interfaceName)
    {
        this.interfaceName = interfaceName;
        return self();
    }

    /**
     * @return NIC RX queue.
     */
    public int queue()
    {
        return queue;
    }

    /**
     * @param queue NIC RX queue.
     * @return this.
     */
    public C queue(final int queue)
    {
        this.queue = queue;
        return self();
    }

    /**
     * @return CPU of the receive thread, -1 for none.
     */
    public int cpu()
    {
        return cpu;
    }

    /**
     * @param cpu CPU of the receive thread, -1 for none.
     * @return this.
     */
    public C cpu(final int cpu)
    {
        this.cpu = cpu;
        return self();
    }

    /**
     * @return SCHED_FIFO priority of the receive thread, 0 for none.
     */
    public int receivePriority()
    {
        return receivePriority;
    }

    /**
     * @param priority SCHED_FIFO priority of the receive thread, 1..99, or 0 for none.
     * @return this.
     */
    public C receivePriority(final int priority)
    {
        this.receivePriority = priority;
        return self();
    }

    /**
     * @return datagrams per poll.
     */
    public int pollLimit()
    {
        return pollLimit;
    }

    /**
     * @param limit datagrams per poll.
     * @return this.
     */
    public C pollLimit(final int limit)
    {
        this.pollLimit = limit;
        return self();
    }

    /**
     * @return receive thread idle strategy.
     */
    public IdleStrategy receiveIdleStrategy()
    {
        return receiveIdleStrategy;
    }

    /**
     * @param strategy receive thread idle strategy.
     * @return this.
     */
    public C receiveIdleStrategy(final IdleStrategy strategy)
    {
        this.receiveIdleStrategy = strategy;
        return self();
    }

    /**
     * @return the source given by the caller, or null.
     */
    public PacketSource packetSource()
    {
        return packetSource;
    }

    /**
     * @param source use this source (the handler closes it) instead of opening the transport.
     * @return this.
     */
    public C packetSource(final PacketSource source)
    {
        this.packetSource = source;
        return self();
    }

    /**
     * @return opens the transport's source.
     */
    public PacketSourceFactory packetSourceFactory()
    {
        return packetSourceFactory;
    }

    /**
     * @param factory opens the transport's source.
     * @return this.
     */
    public C packetSourceFactory(final PacketSourceFactory factory)
    {
        this.packetSourceFactory = factory;
        return self();
    }
}
