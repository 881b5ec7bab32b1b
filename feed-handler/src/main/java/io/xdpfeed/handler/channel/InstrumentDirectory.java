package io.xdpfeed.handler.channel;

import java.util.Arrays;

/**
 * The instruments of one channel: lookup by SecurityID (with a cache of the last hit: consecutive entries are mostly
 * for the same instrument), creation on first sight, iteration in order of first sight. Ids of any size are found in
 * an open-addressing table of the instruments themselves, probed by their own SecurityID: the probe reads the
 * instrument the caller reads next anyway, where a map would read a key array and a value array first. Receive
 * thread only; a new instrument allocates once (and the table doubles when half full).
 */
final class InstrumentDirectory
{
    /**
     * Told of each instrument created, before it is visible (one seen while the channel recovers starts STALE).
     */
    interface NewInstrumentListener
    {
        /**
         * @param instrument just created.
         */
        void onNewInstrument(Instrument instrument);
    }

    private final int channelId;
    private final ChannelOptions options;
    /** Ids below this are also found by index in {@link #instrumentBySmallId}. */
    private static final int SMALL_IDS = 1 << 16;

    /** Every instrument at the slot its id hashes to, or the next free one after it; at most half full. */
    private Instrument[] instrumentById = new Instrument[64];
    /** Instruments of ids below {@link #SMALL_IDS} (ITCH's stock locate codes, small simulator ids) by id: one load
     * where the hash map probes its key and value arrays, for a lookup per book message of a random instrument. */
    private Instrument[] instrumentBySmallId = new Instrument[0];
    private Instrument[] instruments = new Instrument[16];
    private Instrument lastInstrument;
    private int count;
    private NewInstrumentListener newInstrumentListener = instrument -> { };

    /**
     * @param channelId CME channel id of the instruments.
     * @param options   default depths, and whether instruments keep market-by-order books.
     */
    InstrumentDirectory(final int channelId, final ChannelOptions options)
    {
        this.channelId = channelId;
        this.options = options;
    }

    /**
     * Set once by the composition, which builds the recovery after the directory (the recovery walks it).
     *
     * @param listener told of each new instrument.
     */
    void newInstrumentListener(final NewInstrumentListener listener)
    {
        this.newInstrumentListener = listener;
    }

    /**
     * @param securityId CME SecurityID.
     * @return the instrument, created on first sight.
     */
    Instrument instrumentFor(final int securityId)
    {
        final Instrument last = lastInstrument;
        if (last != null && last.securityId() == securityId)
        {
            return last;
        }
        final Instrument[] bySmallId = instrumentBySmallId;
        final Instrument existing = securityId >= 0 && securityId < bySmallId.length ?
            bySmallId[securityId] : existing(securityId);
        if (existing != null)
        {
            lastInstrument = existing;
            return existing;
        }
        return newInstrument(securityId);
    }

    private Instrument newInstrument(final int securityId)
    {
        final Instrument instrument = new Instrument(
            channelId, securityId, options.defaultDepth(), options.defaultImpliedDepth());
        if (options.mbo())
        {
            instrument.orderState(new OrderBookState(options.maxOrdersPerBook()));
        }
        newInstrumentListener.onNewInstrument(instrument);
        if ((count + 1) * 2 > instrumentById.length)
        {
            final Instrument[] old = instrumentById;
            instrumentById = new Instrument[old.length * 2];
            for (final Instrument kept : old)
            {
                if (kept != null)
                {
                    put(kept);
                }
            }
        }
        put(instrument);
        if (securityId >= 0 && securityId < SMALL_IDS)
        {
            if (securityId >= instrumentBySmallId.length)
            {
                instrumentBySmallId = Arrays.copyOf(
                    instrumentBySmallId, Math.min(SMALL_IDS, Math.max(securityId + 1, instrumentBySmallId.length * 2)));
            }
            instrumentBySmallId[securityId] = instrument;
        }
        if (count == instruments.length)
        {
            instruments = Arrays.copyOf(instruments, count * 2);
        }
        instrument.index = count;
        instruments[count++] = instrument;
        return instrument;
    }

    /**
     * @param securityId CME SecurityID.
     * @return the instrument, or null when never seen.
     */
    Instrument existing(final int securityId)
    {
        final Instrument[] table = instrumentById;
        final int mask = table.length - 1;
        for (int slot = slotOf(securityId, mask); ; slot = (slot + 1) & mask)
        {
            final Instrument instrument = table[slot];
            if (instrument == null || instrument.securityId() == securityId)
            {
                return instrument;
            }
        }
    }

    private void put(final Instrument instrument)
    {
        final Instrument[] table = instrumentById;
        final int mask = table.length - 1;
        int slot = slotOf(instrument.securityId(), mask);
        while (table[slot] != null)
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = instrument;
    }

    /**
     * Fibonacci hashing: CME's ids of one channel are often close together, and their low bits alone would cluster.
     */
    private static int slotOf(final int securityId, final int mask)
    {
        final int hash = securityId * 0x9E37_79B9;
        return (hash ^ hash >>> 16) & mask;
    }

    /**
     * @return number of instruments.
     */
    int count()
    {
        return count;
    }

    /**
     * @param index 0..count-1, in order of first sight.
     * @return the instrument.
     */
    Instrument instrument(final int index)
    {
        return instruments[index];
    }
}
