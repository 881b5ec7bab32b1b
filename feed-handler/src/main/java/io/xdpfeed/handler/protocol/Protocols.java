package io.xdpfeed.handler.protocol;

import java.util.List;

/**
 * The protocols by name, for the composition ({@code xdpfeed.protocol}, {@code scripts/replay --protocol}) without
 * the engine naming a protocol's class: the protocol called {@code name} is the class
 * {@code io.xdpfeed.handler.<name>.<Name>Protocol} (e.g. {@code mdp3}: {@code Mdp3Protocol}, {@code itch}:
 * {@code ItchProtocol}), read from its public static {@code INSTANCE} field once, at start-up.
 */
public final class Protocols
{
    /** CME MDP 3.0 (the default). */
    public static final String MDP3 = "mdp3";
    /** Nasdaq TotalView-ITCH 5.0 over MoldUDP64. */
    public static final String ITCH = "itch";
    /** Every protocol name the handler knows. */
    public static final List<String> NAMES = List.of(MDP3, ITCH);

    private static final String PACKAGE_PREFIX = "io.xdpfeed.handler.";

    private Protocols()
    {
    }

    /**
     * @param name a protocol name, one of {@link #NAMES}.
     * @return true when the handler knows it.
     */
    public static boolean isKnown(final String name)
    {
        return NAMES.contains(name);
    }

    /**
     * @param name a protocol name, one of {@link #NAMES}.
     * @return the protocol's instance.
     * @throws IllegalArgumentException when the name is not one of {@link #NAMES} (a message naming the choices).
     */
    public static Protocol forName(final String name)
    {
        if (!isKnown(name))
        {
            throw new IllegalArgumentException("unknown protocol " + name + " (one of " + String.join(", ", NAMES) +
                ")");
        }
        final String className = PACKAGE_PREFIX + name + "." + Character.toUpperCase(name.charAt(0)) +
            name.substring(1) + "Protocol";
        try
        {
            return (Protocol)Class.forName(className).getField("INSTANCE").get(null);
        }
        catch (final ReflectiveOperationException | ClassCastException ex)
        {
            throw new IllegalStateException("protocol " + name + ": " + className + ".INSTANCE: " + ex, ex);
        }
    }
}
