package io.xdpfeed.handler.mdp3;

/**
 * What the framing validator knows of each CME MDP 3.0 template (schema id 1): its repeating groups in order
 * (3-byte {@code groupSize} or 8-byte {@code groupSize8Byte} header, since which version), and, for the templates
 * this handler decodes, the root block and entry lengths its flyweights read, so that a lying blockLength cannot
 * make a decoder read past its message.
 * <p>
 * Group lists are those of CME's published FixBinary v9 (for retired templates) and v13 files; CME never reuses a
 * template id. Lengths are "bytes read by the decoder at this version", which can be less than the schema's
 * blockLength (trailing padding).
 */
final class Mdp3Templates
{
    /** Schema id of CME MDP 3.0 messages. */
    static final int SCHEMA_ID = 1;
    /** Header size of a {@code groupSize} group: blockLength uint16, numInGroup uint8. */
    static final int GROUP_SIZE = 3;
    /** Header size of a {@code groupSize8Byte} group: blockLength uint16 @0, numInGroup uint8 @7. */
    static final int GROUP_SIZE_8_BYTE = 8;

    /**
     * One template's layout.
     *
     * @param templateId      template id.
     * @param minVersion      lowest message version the decoder can read (the template's sinceVersion: below it the
     *                        generated decoder returns null for composite fields, so such a header is a lie).
     * @param schemaVersion   newest schema version whose layout this is: a message with a higher version may carry
     *                        trailing data after its last known group (SBE extension), an older one may not.
     * @param rootEnd         bytes of root block the decoder reads (0 when not decoded).
     * @param rootEndLatest   bytes of root block read from version {@code rootSince} on.
     * @param rootSince       version from which {@code rootEndLatest} applies.
     * @param groups          the repeating groups in wire order.
     */
    record Layout(
        int templateId, int minVersion, int schemaVersion, int rootEnd, int rootEndLatest, int rootSince, Group[] groups)
    {
        int requiredRootBlock(final int version)
        {
            return version >= rootSince ? rootEndLatest : rootEnd;
        }
    }

    /**
     * One repeating group.
     *
     * @param headerSize     {@link #GROUP_SIZE} or {@link #GROUP_SIZE_8_BYTE}.
     * @param sinceVersion   the group is on the wire only from this message version on.
     * @param entryEnd       bytes of each entry the decoder reads (0 when not decoded).
     * @param entryEndLatest bytes of each entry read from version {@code entrySince} on.
     * @param entrySince     version from which {@code entryEndLatest} applies.
     */
    record Group(int headerSize, int sinceVersion, int entryEnd, int entryEndLatest, int entrySince)
    {
        int requiredEntry(final int version)
        {
            return version >= entrySince ? entryEndLatest : entryEnd;
        }
    }

    private static final int MAX_TEMPLATE_ID = 127;
    private static final Layout[] LAYOUTS = new Layout[MAX_TEMPLATE_ID + 1];

    static
    {
        final Group g4 = g3(0);
        final Group g5 = g3(0);
        final Group g9 = g3(0);
        final Group g18 = g3(0);
        final Group g24 = g3(0);
        final Group[] definitionGroups = { g9, g4, g4, g5 };

        // decoded: the layouts the handler's flyweights read
        add(new Layout(4, 0, 13, 9, 9, 0, new Group[]{ g3(2) }));
        add(new Layout(12, 0, 13, 0, 0, 0, new Group[0]));
        add(new Layout(30, 0, 13, 30, 30, 0, new Group[0]));
        add(new Layout(37, 0, 13, 9, 9, 0, new Group[]{ g3(13) }));
        add(new Layout(46, 9, 13, 9, 9, 0, new Group[]{ new Group(GROUP_SIZE, 0, 27, 31, 10), g8(22) }));
        add(new Layout(47, 9, 13, 9, 9, 0, new Group[]{ g3(34) }));
        add(new Layout(48, 9, 13, 9, 9, 0, new Group[]{ g3(30), g8(12) }));
        add(new Layout(49, 9, 13, 9, 9, 0, new Group[]{ g3(25) }));
        add(new Layout(51, 9, 13, 9, 9, 0, new Group[]{ g3(23) }));
        add(new Layout(52, 9, 13, 59, 59, 0, new Group[]{ g3(22) }));
        add(new Layout(53, 9, 13, 28, 28, 0, new Group[]{ g3(29) }));
        add(new Layout(54, 9, 13, 216, 224, 10, definitionGroups(9, 4, 4, 5)));
        // decoded retired templates (legacy package, CME FixBinary v9)
        add(new Layout(32, 0, 9, 9, 9, 0, new Group[]{ g3(27), new Group(GROUP_SIZE_8_BYTE, 7, 22, 22, 0) }));
        add(new Layout(42, 0, 9, 9, 9, 0, new Group[]{ new Group(GROUP_SIZE, 0, 26, 30, 7), g8(12) }));

        // framing only: counted and skipped, groups still checked
        add(new Layout(15, 0, 13, 0, 0, 0, new Group[0]));
        add(new Layout(16, 0, 13, 0, 0, 0, new Group[0]));
        add(new Layout(27, 0, 9, 0, 0, 0, definitionGroups));
        add(new Layout(29, 0, 9, 0, 0, 0, new Group[]{ g9, g4, g4, g5, g18 }));
        add(new Layout(33, 0, 9, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(34, 0, 9, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(35, 0, 9, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(38, 0, 9, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(39, 0, 13, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(41, 0, 9, 0, 0, 0, new Group[]{ g9, g4, g4, g5, g24, new Group(GROUP_SIZE, 7, 0, 0, 0) }));
        add(new Layout(43, 0, 9, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(44, 0, 9, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(50, 0, 13, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(55, 0, 13, 0, 0, 0, new Group[]{ g9, g4, g4, g5, g24, g24 }));
        add(new Layout(56, 0, 13, 0, 0, 0, new Group[]{ g9, g4, g4, g5, g18 }));
        add(new Layout(57, 0, 13, 0, 0, 0, definitionGroups));
        add(new Layout(58, 0, 13, 0, 0, 0,
            new Group[]{ g9, g4, g4, g5, g3(0), g3(0), new Group(GROUP_SIZE, 13, 0, 0, 0) }));
        add(new Layout(59, 0, 13, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(60, 0, 13, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(61, 0, 13, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(62, 0, 13, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(63, 0, 13, 0, 0, 0, new Group[]{ g9, g4, g4, g5, g18 }));
        add(new Layout(64, 0, 13, 0, 0, 0, new Group[]{ g3(0), g8(0) }));
        add(new Layout(65, 0, 13, 0, 0, 0, new Group[]{ g3(0), g8(0) }));
        add(new Layout(66, 0, 13, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(67, 0, 13, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(68, 0, 13, 0, 0, 0, new Group[]{ g3(0) }));
        add(new Layout(69, 0, 13, 0, 0, 0, new Group[]{ g3(0) }));
    }

    private Mdp3Templates()
    {
    }

    /**
     * @param templateId of a schema-1 message.
     * @return its layout, or null when the template is unknown.
     */
    static Layout layout(final int templateId)
    {
        return templateId >= 0 && templateId <= MAX_TEMPLATE_ID ? LAYOUTS[templateId] : null;
    }

    private static Group g3(final int entryEnd)
    {
        return new Group(GROUP_SIZE, 0, entryEnd, entryEnd, 0);
    }

    private static Group g8(final int entryEnd)
    {
        return new Group(GROUP_SIZE_8_BYTE, 0, entryEnd, entryEnd, 0);
    }

    private static Group[] definitionGroups(final int... entryEnds)
    {
        final Group[] groups = new Group[entryEnds.length];
        for (int i = 0; i < entryEnds.length; i++)
        {
            groups[i] = g3(entryEnds[i]);
        }
        return groups;
    }

    private static void add(final Layout layout)
    {
        LAYOUTS[layout.templateId()] = layout;
    }
}
