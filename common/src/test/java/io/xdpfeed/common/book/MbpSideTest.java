package io.xdpfeed.common.book;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(10)
class MbpSideTest
{
    @Test
    void appliesTheCmeActionsInTurn()
    {
        final MbpSide side = new MbpSide(3);
        final List<String> steps = new ArrayList<>();
        side.add(1, 100, 5, 1);
        side.add(1, 101, 2, 1);
        steps.add(side.toString());
        side.add(1, 102, 1, 1);
        side.add(1, 103, 4, 2);
        steps.add(side.toString());
        side.change(2, 102, 9, 3);
        steps.add(side.toString());
        side.delete(1);
        steps.add(side.toString());
        steps.add(side.add(4, 1, 1, 1) + " " + side.delete(0) + " " + side);
        side.deleteFrom(1);
        steps.add(side.toString());
        side.depth(1);
        steps.add(side.toString() + " depth " + side.depth());
        side.clear();
        steps.add(side.toString() + " " + side.presentLevels());

        assertEquals(List.of(
            "[101x2(1), 100x5(1)]",
            "[103x4(2), 102x1(1), 101x2(1)]",
            "[103x4(2), 102x9(3), 101x2(1)]",
            "[102x9(3), 101x2(1)]",
            "false false [102x9(3), 101x2(1)]",
            "[101x2(1)]",
            "[101x2(1)] depth 1",
            "[] 0"), steps);
    }

    @Test
    void appliesNormalizedBookActionsAndRefusesClear()
    {
        final MbpSide side = new MbpSide(3);
        final List<String> steps = new ArrayList<>();
        steps.add(side.apply(MbpAction.NEW, 1, 100, 5, 1) + " " + side);
        steps.add(side.apply(MbpAction.NEW, 1, 101, 2, 1) + " " + side);
        steps.add(side.apply(MbpAction.CHANGE, 2, 100, 7, 2) + " " + side);
        steps.add(side.apply(MbpAction.OVERLAY, 1, 102, 3, 1) + " " + side);
        steps.add(side.apply(MbpAction.NEW, 4, 99, 1, 1) + " " + side);
        steps.add(side.apply(MbpAction.CLEAR, 1, 0, 0, 0) + " " + side);
        steps.add(side.apply(MbpAction.DELETE, 1, 0, 0, 0) + " " + side);
        steps.add(side.apply(MbpAction.NEW, 2, 98, 4, 1) + " " + side);
        steps.add(side.apply(MbpAction.DELETE_FROM, 1, 0, 0, 0) + " " + side);
        steps.add(side.apply(MbpAction.DELETE_THRU, 1, 0, 0, 0) + " " + side);

        assertEquals(List.of(
            "true [100x5(1)]",
            "true [101x2(1), 100x5(1)]",
            "true [101x2(1), 100x7(2)]",
            "true [102x3(1), 100x7(2)]",
            "false [102x3(1), 100x7(2)]",
            "false [102x3(1), 100x7(2)]",
            "true [100x7(2)]",
            "true [100x7(2), 98x4(1)]",
            "true [98x4(1)]",
            "true []"), steps);
    }

    @Test
    void rawValuesOutsideTheSchemaAreNoAction()
    {
        assertEquals(Arrays.asList(null, MbpAction.NEW, MbpAction.CLEAR, null, null),
            Arrays.asList(MbpAction.ofRaw(-1), MbpAction.ofRaw(0), MbpAction.ofRaw(6), MbpAction.ofRaw(7),
                MbpAction.ofRaw(255)));
    }
}
