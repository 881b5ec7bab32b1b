/**
 * Panama ({@code java.lang.foreign}) bindings to libc, libxdp and libbpf: downcall handles in static finals, one
 * Java method per C function, negative errno results as the C libraries give them. No wrapper library is needed; a
 * missing shared library is reported by {@code unavailableReason()} with the Debian package to install.
 */
package io.xdpfeed.nativeio;
