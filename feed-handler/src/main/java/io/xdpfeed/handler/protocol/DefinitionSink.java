package io.xdpfeed.handler.protocol;

/**
 * Instrument definitions, from the definition line (while the channel has joined it to learn its instruments) or
 * the incremental stream: {@link #definitionBegin}, then {@link #definition} when the definition is new or changed,
 * then {@link #definitionEnd}. The channel tracks the definition line's loop (one whole loop seen: the line is left)
 * and publishes each new or changed definition. A protocol hands over definitions of live and definition-line
 * packets only.
 */
public interface DefinitionSink
{
    /** Bytes of a symbol. */
    int SYMBOL_LENGTH = 20;
    /** Bytes of a security group or asset. */
    int GROUP_LENGTH = 6;
    /** The definition names no book depth: keep the instrument's. */
    int NO_DEPTH = Integer.MIN_VALUE;

    /**
     * A definition message starts.
     *
     * @param securityId     the instrument.
     * @param updateTime     the definition's last update time (a change of it is a new definition).
     * @param definitionLine true when it came on the definition line (its loop is tracked).
     * @return true when the definition is new or changed: {@link #definition} follows.
     */
    boolean definitionBegin(int securityId, long updateTime, boolean definitionLine);

    /**
     * The fields of a new or changed definition.
     *
     * @param symbol            {@link #SYMBOL_LENGTH} bytes.
     * @param securityGroup     {@link #GROUP_LENGTH} bytes.
     * @param asset             {@link #GROUP_LENGTH} bytes.
     * @param minPriceIncrement tick size in the price scale.
     * @param displayFactor     display factor in the price scale.
     * @param tradingStatus     trading status, {@link EventSink#NO_STATUS} when not sent.
     * @param depth             outright book depth, {@link #NO_DEPTH} when not sent (0 or less: the default).
     * @param impliedDepth      implied book depth, 0 for none.
     */
    void definition(
        byte[] symbol, byte[] securityGroup, byte[] asset, long minPriceIncrement, long displayFactor,
        short tradingStatus, int depth, int impliedDepth);

    /**
     * The definition message ends.
     *
     * @param totalReports   definitions in a whole loop of the definition line, 0 when not sent.
     * @param definitionLine true when it came on the definition line.
     */
    void definitionEnd(long totalReports, boolean definitionLine);
}
