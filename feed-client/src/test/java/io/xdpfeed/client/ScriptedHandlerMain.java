package io.xdpfeed.client;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import java.util.concurrent.locks.LockSupport;

import java.util.concurrent.TimeUnit;

/**
 * Test-only program: the scripted handler stand-in as a process, with its own embedded media driver, publishing a
 * random walk of book updates at a fixed rate and answering snapshot requests, so that {@code scripts/sample-strategy}
 * can be tried (and its bus latency measured) before the engine lands. Not a benchmark of the handler.
 * <pre>
 * java -cp ... io.xdpfeed.client.ScriptedHandlerMain AERON_DIR RECORDS_PER_SECOND SECONDS
 * </pre>
 */
public final class ScriptedHandlerMain
{
    private ScriptedHandlerMain()
    {
    }

    /**
     * @param args aeron directory, records per second, seconds.
     */
    public static void main(final String[] args)
    {
        final String dir = args[0];
        final long rate = Long.parseLong(args[1]);
        final long seconds = Long.parseLong(args[2]);
        final MediaDriver driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        final ScriptedHandler handler = new ScriptedHandler(
            aeron,
            SubscriberConfiguration.CHANNEL_DEFAULT,
            SubscriberConfiguration.STREAM_ID_DEFAULT,
            SubscriberConfiguration.CONTROL_CHANNEL_DEFAULT,
            SubscriberConfiguration.CONTROL_STREAM_ID_DEFAULT);
        handler.dropOnBackPressure = true;
        try
        {
            Scripts.definitions(handler.feed);
            final long intervalNs = TimeUnit.SECONDS.toNanos(1) / rate;
            final long endNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long nextNs = System.nanoTime();
            long seed = 1;
            while (System.nanoTime() < endNs)
            {
                handler.pollControl();
                final long nowNs = System.nanoTime();
                if (nowNs >= nextNs)
                {
                    Scripts.random(handler.feed, seed++, 1);
                    nextNs += intervalNs;
                }
                else
                {
                    LockSupport.parkNanos(nextNs - nowNs);
                }
            }
            System.out.println("published recordSeq 1.." + handler.feed.recordSeq + ", dropped " +
                handler.feed.dropped + " (no subscriber or back-pressured), answered " + handler.requests.size() +
                " snapshot requests");
        }
        finally
        {
            CloseHelper.closeAll(handler, aeron, driver);
        }
    }
}
