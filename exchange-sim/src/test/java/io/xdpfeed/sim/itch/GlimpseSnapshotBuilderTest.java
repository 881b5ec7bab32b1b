package io.xdpfeed.sim.itch;

import io.xdpfeed.codecs.itch.ItchPacketWriter;
import io.xdpfeed.codecs.itch.OperationalHaltDecoder;
import io.xdpfeed.codecs.itch.StockTradingActionDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A GLIMPSE snapshot carries each stock's state at its point: the last trading action, and the operational halt
 * still in effect (a halt resumed before the point is not sent).
 */
@Timeout(30)
class GlimpseSnapshotBuilderTest
{
    @Test
    void theSnapshotCarriesTheTradingStateAndTheOperationalHaltsInEffect()
    {
        final ItchPacketWriter writer = new ItchPacketWriter();
        final ItchMessageLog log = new ItchMessageLog();
        writer.begin("TEST000001", 1)
            .systemEvent(1, 'Q')
            .stockDirectory(7, 2, "ACME").stockDirectory(8, 3, "WIDG").stockDirectory(9, 4, "XYZ")
            .tradingAction(7, 5, "ACME", 'T').tradingAction(8, 6, "WIDG", 'H').tradingAction(9, 7, "XYZ", 'T')
            .operationalHalt(7, 8, "ACME", 'Q', 'H')
            .operationalHalt(8, 9, "WIDG", 'Q', 'H')
            .operationalHalt(8, 10, "WIDG", 'Q', 'T')
            .operationalHalt(9, 11, "XYZ", 'Q', 'H');
        log.append(writer.buffer(), 0, writer.length());

        assertEquals(List.of("SQ", "R7", "H7 T", "h7 Q H", "R8", "H8 H", "R9", "H9 T", "h9 Q H"),
            snapshot(GlimpseSnapshotBuilder.at(log, 12)));
        assertEquals(List.of("SQ", "R7", "H7 T", "h7 Q H", "R8", "H8 H", "R9", "H9 T"),
            snapshot(GlimpseSnapshotBuilder.at(log, 11)), "before XYZ's halt");
        assertEquals(List.of("SQ", "R7", "H7 T", "R8", "H8 H", "R9", "H9 T"),
            snapshot(GlimpseSnapshotBuilder.at(log, 8)), "before any halt");
    }

    private static List<String> snapshot(final GlimpseSnapshotBuilder builder)
    {
        final List<String> messages = new ArrayList<>();
        final StockTradingActionDecoder action = new StockTradingActionDecoder();
        final OperationalHaltDecoder halt = new OperationalHaltDecoder();
        builder.write("TEST000001", (buffer, offset, length, sequence) ->
        {
            final char type = (char)buffer.getByte(offset);
            final int locate = buffer.getShort(offset + 1, java.nio.ByteOrder.BIG_ENDIAN);
            messages.add(switch (type)
            {
                case 'S' -> "S" + (char)buffer.getByte(offset + 11);
                case 'H' -> "H" + locate + " " +
                    (char)action.wrap(buffer, offset, length, 0).tradingState();
                case 'h' -> "h" + locate + " " + (char)halt.wrap(buffer, offset, length, 0).marketCode() + " " +
                    (char)halt.operationalHaltAction();
                default -> String.valueOf(type) + locate;
            });
        });
        return messages;
    }
}
