package io.xdpfeed.ingress;

import java.util.Locale;

/**
 * Where the A and B copies of an incremental line's packets are arbitrated (docs/arbitration.md).
 */
public enum Arbitration
{
    /**
     * The XDP program keeps the first valid copy of each MsgSeqNum and drops the other before the AF_XDP ring; user
     * space sees one copy (and the copies that failed a check). AF_XDP only: elsewhere, and when the kernel refuses
     * the arbitrating program, {@link #USER}.
     */
    KERNEL,
    /** Both copies reach user space, where the sequencer keeps the first. */
    USER;

    /**
     * Parse {@code kernel} or {@code user}.
     *
     * @param value the setting.
     * @return the arbitration.
     * @throws IngressException naming the value when it is neither.
     */
    public static Arbitration parse(final String value)
    {
        return switch (value.trim().toLowerCase(Locale.ROOT))
        {
            case "kernel" -> KERNEL;
            case "user" -> USER;
            default -> throw new IngressException("unknown arbitration '" + value + "': use kernel or user");
        };
    }

    /**
     * Lower-case name for logs and configuration.
     *
     * @return {@code kernel} or {@code user}.
     */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
