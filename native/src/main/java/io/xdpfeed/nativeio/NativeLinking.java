package io.xdpfeed.nativeio;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Builds downcall handles for the bindings. A library or symbol that cannot be found does not fail class
 * initialisation: its handles throw {@link UnsatisfiedLinkError} with the package to install when called, and the
 * binding class reports the reason through its {@code unavailableReason()} so that callers can check first.
 */
final class NativeLinking
{
    static final Linker LINKER = Linker.nativeLinker();

    private NativeLinking()
    {
    }

    /**
     * A library that may be absent. Handles of an absent library take no call-state options: only libc, which is
     * always present, captures errno.
     *
     * @param lookup            of its symbols, empty when the library could not be loaded.
     * @param unavailableReason one line saying what to install, or null when loaded.
     */
    record Library(SymbolLookup lookup, String unavailableReason)
    {
        MethodHandle downcall(final String name, final FunctionDescriptor descriptor, final Linker.Option... options)
        {
            final Optional<MemorySegment> symbol = lookup.find(name);
            if (symbol.isEmpty())
            {
                final String reason = null != unavailableReason ? unavailableReason :
                    "symbol " + name + " not found: the installed library is too old";
                return thrower(descriptor, reason);
            }

            return LINKER.downcallHandle(symbol.get(), descriptor, options);
        }
    }

    /**
     * Load a shared library by its soname from the system search path.
     *
     * @param soname            e.g. {@code libxdp.so.1}.
     * @param installSuggestion e.g. {@code apt-get install libxdp1 libbpf1}.
     * @return the library, possibly unavailable.
     */
    static Library load(final String soname, final String installSuggestion)
    {
        try
        {
            return new Library(SymbolLookup.libraryLookup(soname, java.lang.foreign.Arena.global()), null);
        }
        catch (final IllegalArgumentException ex)
        {
            return new Library(name -> Optional.empty(), soname + " not found: " + installSuggestion);
        }
    }

    /**
     * The C library, always present.
     *
     * @return the default lookup of the native linker.
     */
    static Library libc()
    {
        return new Library(LINKER.defaultLookup(), null);
    }

    private static MethodHandle thrower(final FunctionDescriptor descriptor, final String reason)
    {
        final MethodType type = descriptor.toMethodType();
        final MethodHandle thrower = MethodHandles.throwException(type.returnType(), UnsatisfiedLinkError.class);

        return MethodHandles.dropArguments(
            MethodHandles.insertArguments(thrower, 0, new UnsatisfiedLinkError(reason)), 0, type.parameterList());
    }
}
