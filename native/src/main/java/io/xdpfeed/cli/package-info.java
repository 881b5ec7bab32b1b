/**
 * Command-line parsing shared by every main program: one-line usage errors and the exit codes they map to
 * ({@link io.xdpfeed.cli.CommandLine#EXIT_OK}, {@link io.xdpfeed.cli.CommandLine#EXIT_FAILURE},
 * {@link io.xdpfeed.cli.CommandLine#EXIT_USAGE}). It lives in the native module because that is the one module the
 * simulator, the handler and the benchmarks all link (feed-client does not, and keeps its own few lines).
 */
package io.xdpfeed.cli;
