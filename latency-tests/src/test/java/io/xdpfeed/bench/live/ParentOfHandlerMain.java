package io.xdpfeed.bench.live;

import java.nio.file.Path;
import java.util.List;

/**
 * Test-only program: a parent that starts a feed handler as its child the way the demo does
 * ({@link ChildProcess}), prints {@code child <pid>} once the handler runs, then waits to be killed.
 * <pre>
 * java -cp ... io.xdpfeed.bench.live.ParentOfHandlerMain HANDLER_PROPERTIES HANDLER_LOG
 * </pre>
 */
public final class ParentOfHandlerMain
{
    private ParentOfHandlerMain()
    {
    }

    /**
     * @param args the handler's properties file and its log file.
     * @throws InterruptedException never in practice: it waits to be killed.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final ChildProcess handler = ChildProcess.start("feed-handler", ChildProcess.java(List.of(), List.of(),
            "io.xdpfeed.handler.FeedHandlerMain", List.of("--config", args[0])), Path.of(args[1]));
        handler.awaitLine("feed-handler: channels", 60_000);
        System.out.println("child " + handler.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
