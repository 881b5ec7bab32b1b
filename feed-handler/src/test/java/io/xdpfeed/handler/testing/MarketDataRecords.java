package io.xdpfeed.handler.testing;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.xdpfeed.codecs.md.AuctionImbalanceDecoder;
import io.xdpfeed.codecs.md.BookSnapshotDecoder;
import io.xdpfeed.codecs.md.BookUpdateDecoder;
import io.xdpfeed.codecs.md.ChannelStatusDecoder;
import io.xdpfeed.codecs.md.HeartbeatDecoder;
import io.xdpfeed.codecs.md.InstrumentDefinitionDecoder;
import io.xdpfeed.codecs.md.InstrumentStatusDecoder;
import io.xdpfeed.codecs.md.MessageHeaderDecoder;
import io.xdpfeed.codecs.md.RecordBatchDecoder;
import io.xdpfeed.codecs.md.SnapshotCompleteDecoder;
import io.xdpfeed.codecs.md.TradeDecoder;
import io.xdpfeed.codecs.md.VolumeDecoder;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Decodes the normalized records of a subscription into comparable values for tests: the record sequence, ids and
 * a text of the fields that do not depend on the clock.
 */
public final class MarketDataRecords
{
    /**
     * @param type       record name, e.g. BookUpdate.
     * @param recordSeq  recordSeq (0 for SnapshotComplete).
     * @param channelId  channel.
     * @param securityId SecurityID (2147483647 for none).
     * @param detail     the other fields.
     */
    public record Rec(String type, long recordSeq, int channelId, int securityId, String detail)
    {
    }

    private static final long POLL_TIMEOUT_NS = 20_000_000_000L;

    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final BookUpdateDecoder bookUpdate = new BookUpdateDecoder();
    private final BookSnapshotDecoder bookSnapshot = new BookSnapshotDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final VolumeDecoder volume = new VolumeDecoder();
    private final AuctionImbalanceDecoder imbalance = new AuctionImbalanceDecoder();
    private final InstrumentStatusDecoder status = new InstrumentStatusDecoder();
    private final ChannelStatusDecoder channelStatus = new ChannelStatusDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final SnapshotCompleteDecoder snapshotComplete = new SnapshotCompleteDecoder();
    private final List<Rec> records = new ArrayList<>();
    private final List<long[]> times = new ArrayList<>();
    private final FragmentAssembler assembler = new FragmentAssembler(this::onFragment);

    /**
     * @return the records so far.
     */
    public List<Rec> records()
    {
        return records;
    }

    /**
     * @return per record: sendingTimeNs, receiveTimeNs, publishTimeNs, msgSeqNum.
     */
    public List<long[]> times()
    {
        return times;
    }

    /**
     * Poll until the condition holds (tests have a class timeout).
     *
     * @param subscription to poll.
     * @param done         condition.
     */
    public void pollUntil(final Subscription subscription, final BooleanSupplier done)
    {
        final long deadlineNs = System.nanoTime() + POLL_TIMEOUT_NS;
        while (!done.getAsBoolean())
        {
            if (subscription.poll(assembler, 100) == 0)
            {
                if (Thread.currentThread().isInterrupted() || System.nanoTime() - deadlineNs > 0)
                {
                    throw new AssertionError("gave up waiting after " + records.size() + " records: " + records);
                }
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Poll until at least {@code count} records arrived.
     *
     * @param subscription to poll.
     * @param count        records wanted.
     */
    public void pollFor(final Subscription subscription, final int count)
    {
        pollUntil(subscription, () -> records.size() >= count);
    }

    /**
     * @param subscription to poll.
     * @return fragments read.
     */
    public int poll(final Subscription subscription)
    {
        return subscription.poll(assembler, 100);
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        this.header.wrap(buffer, offset);
        if (this.header.templateId() == RecordBatchDecoder.TEMPLATE_ID)
        {
            // one datagram's records: each whole, in order (the generated decoder walks the group)
            final RecordBatchDecoder batch = new RecordBatchDecoder().wrapAndApplyHeader(buffer, offset, this.header);
            for (final RecordBatchDecoder.RecordsDecoder entry : batch.records())
            {
                final int recordLength = entry.recordLength();
                final int recordOffset = batch.limit() + RecordBatchDecoder.RecordsDecoder.recordHeaderLength();
                entry.skipRecord();
                onRecord(buffer, recordOffset, recordLength);
            }
            return;
        }
        onRecord(buffer, offset, length);
    }

    private void onRecord(final DirectBuffer buffer, final int offset, final int length)
    {
        this.header.wrap(buffer, offset);
        final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = this.header.blockLength();
        final int version = this.header.version();
        switch (this.header.templateId())
        {
            case BookUpdateDecoder.TEMPLATE_ID ->
            {
                final BookUpdateDecoder d = bookUpdate.wrap(buffer, body, blockLength, version);
                final StringBuilder text = new StringBuilder("eoe=").append(d.endOfEvent()).append(" rptSeq=")
                    .append(d.rptSeq()).append(" mei=").append(d.matchEventIndicator());
                final long[] stamp = { d.sendingTimeNs(), d.receiveTimeNs(), d.publishTimeNs(), d.msgSeqNum() };
                final long seq = d.recordSeq();
                final int channelId = d.channelId();
                final int securityId = d.securityId();
                for (final BookUpdateDecoder.LevelsDecoder level : d.levels())
                {
                    text.append(" [").append(level.side()).append(' ').append(level.levelType()).append(' ')
                        .append(level.action()).append(' ').append(level.level()).append(' ').append(level.price())
                        .append('x').append(level.size()).append('(').append(level.orderCount()).append(")]");
                }
                add("BookUpdate", seq, channelId, securityId, text.toString(), stamp);
            }
            case BookSnapshotDecoder.TEMPLATE_ID ->
            {
                final BookSnapshotDecoder d = bookSnapshot.wrap(buffer, body, blockLength, version);
                final StringBuilder text = new StringBuilder("request=").append(d.requestId()).append(' ')
                    .append(d.feedStatus()).append(" rptSeq=").append(d.rptSeq()).append(" last=")
                    .append(d.lastMsgSeqNumProcessed());
                final long[] stamp = { d.sendingTimeNs(), d.receiveTimeNs(), d.publishTimeNs(), d.msgSeqNum() };
                final long seq = d.recordSeq();
                final int channelId = d.channelId();
                final int securityId = d.securityId();
                for (final BookSnapshotDecoder.LevelsDecoder level : d.levels())
                {
                    text.append(" [").append(level.side()).append(' ').append(level.levelType()).append(' ')
                        .append(level.level()).append(' ').append(level.price()).append('x').append(level.size())
                        .append('(').append(level.orderCount()).append(")]");
                }
                add("BookSnapshot", seq, channelId, securityId, text.toString(), stamp);
            }
            case TradeDecoder.TEMPLATE_ID ->
            {
                final TradeDecoder d = trade.wrap(buffer, body, blockLength, version);
                add("Trade", d.recordSeq(), d.channelId(), d.securityId(), d.price() + "x" + d.size() + " orders=" +
                    d.orderCount() + " " + d.aggressorSide() + " id=" + d.tradeId() + " eoe=" + d.endOfEvent() +
                    " rptSeq=" + d.rptSeq(),
                    new long[]{ d.sendingTimeNs(), d.receiveTimeNs(), d.publishTimeNs(), d.msgSeqNum() });
            }
            case VolumeDecoder.TEMPLATE_ID ->
            {
                final VolumeDecoder d = volume.wrap(buffer, body, blockLength, version);
                add("Volume", d.recordSeq(), d.channelId(), d.securityId(), d.totalVolume() + " rptSeq=" +
                    d.rptSeq() + " eoe=" + d.endOfEvent(),
                    new long[]{ d.sendingTimeNs(), d.receiveTimeNs(), d.publishTimeNs(), d.msgSeqNum() });
            }
            case AuctionImbalanceDecoder.TEMPLATE_ID ->
            {
                final AuctionImbalanceDecoder d = imbalance.wrap(buffer, body, blockLength, version);
                add("AuctionImbalance", d.recordSeq(), d.channelId(), d.securityId(), "paired=" + d.pairedQty() +
                    " imbalance=" + d.imbalanceQty() + " " + d.imbalanceSide() + " ref=" + d.referencePrice() +
                    " near=" + d.nearPrice() + " far=" + d.farPrice() + " type=" + (char)d.auctionType() +
                    " variation=" + (char)d.priceVariation(),
                    new long[]{ d.sendingTimeNs(), d.receiveTimeNs(), d.publishTimeNs(), d.msgSeqNum() });
            }
            case InstrumentStatusDecoder.TEMPLATE_ID ->
            {
                final InstrumentStatusDecoder d = status.wrap(buffer, body, blockLength, version);
                add("InstrumentStatus", d.recordSeq(), d.channelId(), d.securityId(), d.feedStatus() + " trading=" +
                    d.tradingStatus(),
                    new long[]{ d.sendingTimeNs(), d.receiveTimeNs(), d.publishTimeNs(), d.msgSeqNum() });
            }
            case ChannelStatusDecoder.TEMPLATE_ID ->
            {
                final ChannelStatusDecoder d = channelStatus.wrap(buffer, body, blockLength, version);
                add("ChannelStatus", d.recordSeq(), d.channelId(), d.securityId(), d.feedStatus() + " gap=" +
                    d.gapFromMsgSeqNum() + ".." + d.gapToMsgSeqNum() + " recoveries=" + d.recoveries(),
                    new long[]{ d.sendingTimeNs(), d.receiveTimeNs(), d.publishTimeNs(), d.msgSeqNum() });
            }
            case HeartbeatDecoder.TEMPLATE_ID ->
            {
                final HeartbeatDecoder d = heartbeat.wrap(buffer, body, blockLength, version);
                add("Heartbeat", d.recordSeq(), d.channelId(), d.securityId(), "",
                    new long[]{ d.sendingTimeNs(), d.receiveTimeNs(), d.publishTimeNs(), d.msgSeqNum() });
            }
            case InstrumentDefinitionDecoder.TEMPLATE_ID ->
            {
                final InstrumentDefinitionDecoder d = definition.wrap(buffer, body, blockLength, version);
                add("InstrumentDefinition", d.recordSeq(), d.channelId(), d.securityId(), d.symbol().trim() +
                    " depth=" + d.marketDepth() + " implied=" + d.impliedMarketDepth() + " " + d.feedStatus(),
                    new long[]{ d.sendingTimeNs(), d.receiveTimeNs(), d.publishTimeNs(), d.msgSeqNum() });
            }
            case SnapshotCompleteDecoder.TEMPLATE_ID ->
            {
                final SnapshotCompleteDecoder d = snapshotComplete.wrap(buffer, body, blockLength, version);
                add("SnapshotComplete", 0, d.channelId(), 0, "request=" + d.requestId() + " lastRecordSeq=" +
                    d.lastRecordSeq() + " instruments=" + d.instruments(), new long[4]);
            }
            default -> add("Unknown" + this.header.templateId(), 0, 0, 0, "", new long[4]);
        }
    }

    private void add(
        final String type, final long seq, final int channelId, final int securityId, final String detail,
        final long[] stamp)
    {
        records.add(new Rec(type, seq, channelId, securityId, detail));
        times.add(stamp);
    }
}
