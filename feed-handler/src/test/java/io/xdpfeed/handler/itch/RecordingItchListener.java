package io.xdpfeed.handler.itch;

import io.xdpfeed.codecs.md.BookAction;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every {@link ItchListener} call as a value, in call order.
 */
final class RecordingItchListener implements ItchListener
{
    record Instrument(int locate, String symbol)
    {
    }

    record Level(int locate, boolean bid, BookAction action, int level, long price, long size, int orderCount)
    {
    }

    record UpdateEnd(int locate, long sequence, long timestampNs)
    {
    }

    record Trade(int locate, long price, long shares, boolean restingBid, long matchNumber, long timestampNs)
    {
    }

    record SystemEvent(char eventCode, long timestampNs)
    {
    }

    record TradingAction(int locate, char tradingState, long timestampNs)
    {
    }

    /** A trading action during an operational halt. */
    record TradingActionHalted(int locate, char tradingState, long timestampNs)
    {
    }

    record OperationalHalt(int locate, char marketCode, boolean halted, char tradingState, long timestampNs)
    {
    }

    record Gap(long fromSequence, long toSequence)
    {
    }

    final List<Object> events = new ArrayList<>();

    @Override
    public void onInstrument(final int locate, final long symbol)
    {
        events.add(new Instrument(locate, ItchMessages.symbol(symbol)));
    }

    @Override
    public void onLevel(
        final int locate, final boolean bid, final BookAction action, final int level, final long price,
        final long size, final int orderCount)
    {
        events.add(new Level(locate, bid, action, level, price, size, orderCount));
    }

    @Override
    public void onBookUpdateEnd(final int locate, final long sequence, final long timestampNs)
    {
        events.add(new UpdateEnd(locate, sequence, timestampNs));
    }

    @Override
    public void onTrade(
        final int locate, final long price, final long shares, final boolean restingBid, final long matchNumber,
        final long timestampNs)
    {
        events.add(new Trade(locate, price, shares, restingBid, matchNumber, timestampNs));
    }

    @Override
    public void onSystemEvent(final byte eventCode, final long timestampNs)
    {
        events.add(new SystemEvent((char)eventCode, timestampNs));
    }

    @Override
    public void onTradingAction(
        final int locate, final byte tradingState, final boolean operationalHalt, final long timestampNs)
    {
        events.add(operationalHalt ? new TradingActionHalted(locate, (char)tradingState, timestampNs) :
            new TradingAction(locate, (char)tradingState, timestampNs));
    }

    @Override
    public void onOperationalHalt(
        final int locate, final byte marketCode, final boolean halted, final byte tradingState,
        final long timestampNs)
    {
        events.add(new OperationalHalt(locate, (char)marketCode, halted, (char)tradingState, timestampNs));
    }

    @Override
    public void onGap(final long fromSequence, final long toSequence)
    {
        events.add(new Gap(fromSequence, toSequence));
    }
}
