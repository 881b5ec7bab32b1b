package io.xdpfeed.handler.itch;

import org.agrona.collections.Long2LongHashMap;

/**
 * Every live order of an ITCH feed, found by order reference number in one cache line at best.
 * <p>
 * Why not {@code common.book.OrderTable}: that table is one instrument's, with exchange order ids of any shape, and
 * finds an order through a general hash map and then reads five parallel arrays (a miss each, once the table outgrows
 * the cache). ITCH's order reference numbers are unique across the whole feed and assigned increasing within the day,
 * so one table serves every instrument and the reference itself is a good index:
 * <ul>
 *   <li>a direct-mapped ring: the order with reference {@code r} lives in slot {@code r & mask}, its four fields
 *       (reference, price, shares, and a word of locate, side, liveness and dense position) side by side in one
 *       {@code long[]}, 32 bytes, half a cache line. Live orders of nearby references (the recent ones) share
 *       lines;</li>
 *   <li>the outliers: an add whose slot is held by a live order (one that outlived a whole ring of references, or a
 *       reference far out of order) goes to an overflow region of the same array, found through a
 *       {@link Long2LongHashMap} that is consulted only when the ring slot does not hold the reference;</li>
 *   <li>a dense list of the live slots, for the rare scans ({@link HiddenLevels}) and the readers (tests, tools):
 *       {@code 0..orderCount-1} in no particular order, a removal moving the last into its hole.</li>
 * </ul>
 * Fixed capacity, nothing allocated after construction; an add beyond it is refused (the caller counts it). A
 * handle ({@link #find}) is valid until the next {@link #add} or {@link #remove}. One thread.
 */
public final class ItchOrders
{
    /** {@link #find} result: no live order has that reference. */
    public static final int ABSENT = -1;

    private static final int FIELDS = 4;
    private static final int REFERENCE = 0;
    private static final int PRICE = 1;
    private static final int SHARES = 2;
    private static final int META = 3;
    private static final long LOCATE_MASK = 0xFFFFL;
    private static final long BID = 1L << 16;
    private static final long LIVE = 1L << 17;
    private static final int POSITION_SHIFT = 32;
    private static final float LOAD_FACTOR = 0.65f;

    private final long[] slots;
    private final int ringMask;
    private final int ringSlots;
    private final int capacity;
    private final Long2LongHashMap overflowByReference;
    private final int[] freeOverflow;
    private int freeOverflowCount;
    private final int[] live;
    private int orderCount;

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
        this.ringMask = ringSlots - 1;
        this.slots = new long[(ringSlots + capacity) * FIELDS];
        // twice the capacity: the map never reaches its resize threshold, so it never allocates after this
        this.overflowByReference = new Long2LongHashMap(capacity * 2, LOAD_FACTOR, ABSENT);
        this.freeOverflow = new int[capacity];
        this.live = new int[capacity];
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
        final int base = slot * FIELDS;
        if (slots[base + REFERENCE] == reference && (slots[base + META] & LIVE) != 0)
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
     * Read the ring slot the reference maps to, so that a later {@link #find} finds it in cache.
     *
     * @param reference order reference number.
     * @return the slot's meta word (meaningless; a caller keeps it so that the load is not removed).
     */
    public long touch(final long reference)
    {
        return slots[((int)reference & ringMask) * FIELDS + META];
    }

    /**
     * Add an order whose reference is not live (the caller removed any live one first).
     *
     * @return its handle, or {@link #ABSENT} when {@code capacity} orders are live (refused).
     */
    public int add(final long reference, final boolean bid, final long price, final long shares, final int locate)
    {
        if (orderCount == capacity)
        {
            return ABSENT;
        }
        int slot = (int)reference & ringMask;
        if ((slots[slot * FIELDS + META] & LIVE) != 0)
        {
            slot = freeOverflow[--freeOverflowCount];
            overflowByReference.put(reference, slot);
        }
        final int base = slot * FIELDS;
        slots[base + REFERENCE] = reference;
        slots[base + PRICE] = price;
        slots[base + SHARES] = shares;
        slots[base + META] = (locate & LOCATE_MASK) | (bid ? BID : 0) | LIVE | (long)orderCount << POSITION_SHIFT;
        live[orderCount++] = slot;
        return slot;
    }

    /**
     * @param handle of a live order.
     * @param shares its new display quantity.
     */
    public void shares(final int handle, final long shares)
    {
        slots[handle * FIELDS + SHARES] = shares;
    }

    /**
     * @param handle of a live order; invalid afterwards.
     */
    public void remove(final int handle)
    {
        final int base = handle * FIELDS;
        final long meta = slots[base + META];
        slots[base + META] = 0;
        if (handle >= ringSlots)
        {
            overflowByReference.remove(slots[base + REFERENCE]);
            freeOverflow[freeOverflowCount++] = handle;
        }
        final int position = (int)(meta >>> POSITION_SHIFT);
        final int last = --orderCount;
        if (position != last)
        {
            final int moved = live[last];
            live[position] = moved;
            final int movedMeta = moved * FIELDS + META;
            slots[movedMeta] = (slots[movedMeta] & ((1L << POSITION_SHIFT) - 1)) | (long)position << POSITION_SHIFT;
        }
    }

    /**
     * Remove every order: O(live orders), no allocation.
     */
    public void clear()
    {
        for (int i = 0; i < orderCount; i++)
        {
            slots[live[i] * FIELDS + META] = 0;
        }
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
        return slots[handle * FIELDS + REFERENCE];
    }

    /**
     * @param handle of a live order.
     * @return its price mantissa (PRICE9).
     */
    public long price(final int handle)
    {
        return slots[handle * FIELDS + PRICE];
    }

    /**
     * @param handle of a live order.
     * @return its shares.
     */
    public long shares(final int handle)
    {
        return slots[handle * FIELDS + SHARES];
    }

    /**
     * @param handle of a live order.
     * @return true for a buy order.
     */
    public boolean isBid(final int handle)
    {
        return (slots[handle * FIELDS + META] & BID) != 0;
    }

    /**
     * @param handle of a live order.
     * @return its stock locate code.
     */
    public int locate(final int handle)
    {
        return (int)(slots[handle * FIELDS + META] & LOCATE_MASK);
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
     * @param index 0..orderCount-1 (no particular order; valid until the next add or remove).
     * @return the handle of that live order.
     */
    public int handleAt(final int index)
    {
        return live[index];
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
