package io.xdpfeed.bench.live;

import io.aeron.CncFileDescriptor;
import io.xdpfeed.handler.stats.HandlerCounter;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handler's counters ({@link HandlerCounter}) read from its media driver's CnC file, as AeronStat does: no
 * Aeron client, so nothing is disturbed when the handler stops.
 *
 * @param values by counter; a counter the handler has not (yet) allocated is absent.
 */
public record HandlerCounterSnapshot(Map<HandlerCounter, Long> values)
{
    /**
     * Read the counters now.
     *
     * @param aeronDir the handler's media driver directory.
     * @return the values, empty when the directory holds no CnC file.
     */
    public static HandlerCounterSnapshot read(final String aeronDir)
    {
        final Map<HandlerCounter, Long> values = new EnumMap<>(HandlerCounter.class);
        final File cnc = new File(aeronDir, CncFileDescriptor.CNC_FILE);
        if (!cnc.exists())
        {
            return new HandlerCounterSnapshot(values);
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(cnc, "cnc");
        try
        {
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(mapped);
            final CountersReader reader = new CountersReader(
                CncFileDescriptor.createCountersMetaDataBuffer(mapped, metaData),
                CncFileDescriptor.createCountersValuesBuffer(mapped, metaData));
            reader.forEach((counterId, typeId, keyBuffer, label) ->
            {
                for (final HandlerCounter counter : HandlerCounter.values())
                {
                    if (counter.typeId() == typeId)
                    {
                        values.put(counter, reader.getCounterValue(counterId));
                    }
                }
            });
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
        return new HandlerCounterSnapshot(values);
    }

    /**
     * @param counter which.
     * @return its value, 0 when absent.
     */
    public long get(final HandlerCounter counter)
    {
        return values.getOrDefault(counter, 0L);
    }

    /**
     * @return {@code name=value} pairs, e.g. {@code packets=200000 gaps=3 ...}.
     */
    public String format()
    {
        final Map<String, Long> named = new LinkedHashMap<>();
        values.forEach((counter, value) -> named.put(counter.name().toLowerCase().replace('_', '-'), value));
        return DriverCounterSnapshot.format(named);
    }
}
