package io.xdpfeed.handler.itch;

import java.util.Arrays;

import org.agrona.collections.Long2LongHashMap;

/**
 * Every live order of an ITCH feed, found by order reference number in one 16-byte slot.
 * <p>
 * Why not {@code common.book.OrderTable}: that table is one instrument's, with exchange order ids of any shape, and
 * finds an order through a general hash map and then reads five parallel arrays (a miss each, once the table outgrows
 * the cache). ITCH's order reference numbers are unique across the whole feed and assigned increasing within the day,
 * so one table serves every instrument and the reference itself is a good index:
 * <ul>
 *   <li>a direct-mapped ring: the order with reference {@code r} lives in slot {@code r & mask}, two longs side by
 *       side in one {@code long[]}, 16 bytes, a quarter of a cache line: a key word (the reference's bits above the
 *       ring's, the slot's index being its low bits; locate, side, liveness and where its level was last seen in
 *       the published top) and a value word (price and shares,
 *       ITCH's 4-byte unsigned fields). Live orders of nearby references (the recent ones) share lines, and the
 *       live orders of a session span half the lines a slot of full longs would;</li>
 *   <li>the outliers: an add whose slot is held by a live order (one that outlived a whole ring of references, a
 *       reference far out of order, or one too large for the key word) goes to an overflow region of the same array,
 *       found through a {@link Long2LongHashMap} that is consulted only when the ring slot does not hold the
 *       reference; its full reference is kept beside, in an array of the overflow's own.</li>
 * </ul>
 * No list of the live orders is kept (a removal would write a second, random slot to keep it dense): the rare scans
 * ({@link HiddenLevels}) and the readers (tests, tools) walk the slots in order with {@link #nextLive}.
 * Fixed capacity, nothing allocated after construction; an add beyond it is refused (the caller counts it). A
 * handle ({@link #find}) is valid until the next {@link #add} or {@link #remove}. One thread.
 */
public final class ItchOrders
{
    /** {@link #find} result: no live order has that reference. */
    public static final int ABSENT = -1;
    /** {@link #levelHint}: the order's level was not seen in the published top. */
    public static final int NO_HINT = 0xF;

    private static final int FIELDS = 2;
    private static final int KEY = 0;
    private static final int VALUE = 1;
    private static final long LOCATE_MASK = 0xFFFFL;
    private static final long BID = 1L << 16;
    private static final long LIVE = 1L << 17;
    private static final int HINT_SHIFT = 18;
    private static final long HINT_MASK = 0xFL << HINT_SHIFT;
    private static final int TAG_SHIFT = 22;
    private static final long UNSIGNED_INT = 0xFFFF_FFFFL;
    private static final float LOAD_FACTOR = 0.65f;

    private final long[] slots;
    private final long[] overflowReferences;
    private final int ringBits;
    private final int ringMask;
    private final int ringSlots;
    private final int capacity;
    private final Long2LongHashMap overflowByReference;
    private final int[] freeOverflow;
    private int freeOverflowCount;
    private int orderCount;
    private int ringUsed;
    private int overflowUsed;

    /**
     * @param capacity most orders live at once (as many overflow slots, so an add is refused only when
     *                 {@code capacity} orders are live).
     * @param ringSlots slots of the ring, a power of two: the span of references whose orders may live at once before
     *                  an older live one pushes a newer one to the overflow; ideally well above the live orders, as
     *                  orders that live long are spread over the whole span.
     */
    public ItchOrders(final int capacity, final int ringSlots)
    {
        if (capacity < 1 || capacity > 1 << 24)
        {
            throw new IllegalArgumentException("order capacity must be 1..2^24: " + capacity);
        }
        if (ringSlots < 1 || ringSlots > 1 << 26 || Integer.bitCount(ringSlots) != 1)
        {
            throw new IllegalArgumentException("ring slots must be a power of two 1..2^26: " + ringSlots);
        }
        this.capacity = capacity;
        this.ringSlots = ringSlots;
        this.ringBits = Integer.numberOfTrailingZeros(ringSlots);
        this.ringMask = ringSlots - 1;
        this.slots = new long[(ringSlots + capacity) * FIELDS];
        this.overflowReferences = new long[capacity];
        // twice the capacity: the map never reaches its resize threshold, so it never allocates after this
        this.overflowByReference = new Long2LongHashMap(capacity * 2, LOAD_FACTOR, ABSENT);
        this.freeOverflow = new int[capacity];
        clear();
    }

    /**
     * @param capacity most orders live at once.
     * @return the ring the builder uses: four references per order of capacity (the next power of two), so that
     * orders living through a few times the table's worth of later references still find their slot free.
     */
    public static int defaultRingSlots(final int capacity)
    {
        return Math.min(1 << 26, Integer.highestOneBit(Math.max(1, capacity - 1)) << 3);
    }

    /**
     * @param reference order reference number.
     * @return the order's handle, or {@link #ABSENT}.
     */
    public int find(final long reference)
    {
        final int slot = (int)reference & ringMask;
        final long tag = reference >>> ringBits;
        if (tag >>> (Long.SIZE - TAG_SHIFT) == 0 && (slots[slot * FIELDS + KEY] & ~(LOCATE_MASK | BID | HINT_MASK)) ==
            (tag << TAG_SHIFT | LIVE))
        {
            return slot;
        }
        if (freeOverflowCount == capacity)
        {
            return ABSENT;
        }
        return (int)overflowByReference.get(reference);
    }

    /**
     * Add an order whose reference is not live (the caller removed any live one first).
     *
     * @param price  ITCH Price(4), 4-byte unsigned (higher bits are not kept).
     * @param shares 4-byte unsigned (higher bits are not kept).
     * @return its handle, or {@link #ABSENT} when {@code capacity} orders are live (refused).
     */
    public int add(final long reference, final boolean bid, final long price, final long shares, final int locate)
    {
        if (orderCount == capacity)
        {
            return ABSENT;
        }
        int slot = (int)reference & ringMask;
        final long tag = reference >>> ringBits;
        final long side = (locate & LOCATE_MASK) | (bid ? BID : 0) | LIVE | (long)NO_HINT << HINT_SHIFT;
        final long key;
        if ((slots[slot * FIELDS + KEY] & LIVE) != 0 || tag >>> (Long.SIZE - TAG_SHIFT) != 0)
        {
            slot = freeOverflow[--freeOverflowCount];
            overflowByReference.put(reference, slot);
            overflowReferences[slot - ringSlots] = reference;
            overflowUsed = Math.max(overflowUsed, capacity - freeOverflowCount);
            key = side;
        }
        else
        {
            key = tag << TAG_SHIFT | side;
            if (slot >= ringUsed)
            {
                ringUsed = slot + 1;
            }
        }
        final int base = slot * FIELDS;
        slots[base + KEY] = key;
        slots[base + VALUE] = (price & UNSIGNED_INT) << Integer.SIZE | (shares & UNSIGNED_INT);
        orderCount++;
        return slot;
    }

    /**
     * @param handle of a live order.
     * @param shares its new display quantity (4-byte unsigned).
     */
    public void shares(final int handle, final long shares)
    {
        final int value = handle * FIELDS + VALUE;
        slots[value] = (slots[value] & ~UNSIGNED_INT) | (shares & UNSIGNED_INT);
    }

    /**
     * @param handle of a live order; invalid afterwards.
     */
    public void remove(final int handle)
    {
        slots[handle * FIELDS + KEY] = 0;
        if (handle >= ringSlots)
        {
            overflowByReference.remove(overflowReferences[handle - ringSlots]);
            freeOverflow[freeOverflowCount++] = handle;
        }
        orderCount--;
    }

    /**
     * Remove every order: one pass over the slots used since the last clear (the ring's up to the highest one, the
     * overflow's taken lowest first), no allocation.
     */
    public void clear()
    {
        Arrays.fill(slots, 0, ringUsed * FIELDS, 0L);
        Arrays.fill(slots, ringSlots * FIELDS, (ringSlots + overflowUsed) * FIELDS, 0L);
        ringUsed = 0;
        overflowUsed = 0;
        orderCount = 0;
        overflowByReference.clear();
        for (int i = 0; i < capacity; i++)
        {
            freeOverflow[i] = ringSlots + capacity - 1 - i;
        }
        freeOverflowCount = capacity;
    }

    /**
     * @param handle of a live order.
     * @return its reference number.
     */
    public long reference(final int handle)
    {
        return handle < ringSlots ? (slots[handle * FIELDS + KEY] >>> TAG_SHIFT) << ringBits | handle :
            overflowReferences[handle - ringSlots];
    }

    /**
     * @param handle of a live order.
     * @return its price, ITCH Price(4) (4 implied decimals).
     */
    public long price4(final int handle)
    {
        return slots[handle * FIELDS + VALUE] >>> Integer.SIZE;
    }

    /**
     * @param handle of a live order.
     * @return its shares.
     */
    public long shares(final int handle)
    {
        return slots[handle * FIELDS + VALUE] & UNSIGNED_INT;
    }

    /**
     * @param handle of a live order.
     * @return where its price level was last seen in the published top: the top's slot ({@code MbpSide.slotOf}),
     * or {@link #NO_HINT}; a hint, to be checked against the top ({@code MbpSide.levelOfSlot}).
     */
    public int levelHint(final int handle)
    {
        return (int)(slots[handle * FIELDS + KEY] >>> HINT_SHIFT) & NO_HINT;
    }

    /**
     * @param handle of a live order.
     * @param hint   the top's slot holding its price level, or {@link #NO_HINT}.
     */
    public void levelHint(final int handle, final int hint)
    {
        final int key = handle * FIELDS + KEY;
        slots[key] = (slots[key] & ~HINT_MASK) | (long)(hint & NO_HINT) << HINT_SHIFT;
    }

    /**
     * @param handle of a live order.
     * @return true for a buy order.
     */
    public boolean isBid(final int handle)
    {
        return (slots[handle * FIELDS + KEY] & BID) != 0;
    }

    /**
     * @param handle of a live order.
     * @return its stock locate code.
     */
    public int locate(final int handle)
    {
        return (int)(slots[handle * FIELDS + KEY] & LOCATE_MASK);
    }

    /**
     * @return live orders.
     */
    public int orderCount()
    {
        return orderCount;
    }

    /**
     * @return live orders kept in the overflow (their ring slot was held by another live order when they came).
     */
    public int overflowOrders()
    {
        return capacity - freeOverflowCount;
    }

    /**
     * @return slots of the ring.
     */
    public int ringSlots()
    {
        return ringSlots;
    }

    /**
     * @return most orders live at once.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * The walk over the live orders, in slot order: {@code for (int h = nextLive(0); h != ABSENT; h = nextLive(h +
     * 1))}; valid until the next add or remove. It reads every slot (the ring and the overflow), for the rare scans.
     *
     * @param from the first handle to look at, 0 to start.
     * @return the first live order's handle at or after {@code from}, or {@link #ABSENT}.
     */
    public int nextLive(final int from)
    {
        for (int handle = from, end = ringSlots + capacity; handle < end; handle++)
        {
            if ((slots[handle * FIELDS + KEY] & LIVE) != 0)
            {
                return handle;
            }
        }
        return ABSENT;
    }

    /**
     * @param reference order reference number.
     * @return its shares, 0 when it is not live.
     */
    public long sharesOf(final long reference)
    {
        final int handle = find(reference);
        return handle == ABSENT ? 0 : shares(handle);
    }
}
