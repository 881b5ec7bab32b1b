package io.xdpfeed.handler.publish;

import io.aeron.Image;
import io.aeron.Publication;

/**
 * Moves a local subscriber's image up to its publication without reading what is in between, so that a publication
 * whose records nobody needs (the handler's warm-up, the benchmarks' IPC stream) never back-pressures its publisher.
 * One implementation for both.
 */
public final class ImageSkip
{
    private ImageSkip()
    {
    }

    /**
     * Skip the image to the publication's position, a term at a time at most (Aeron moves an image's position
     * within one term per call); allocation-free.
     *
     * @param publication whose position is the target.
     * @param image       the subscriber's image of it, or null when not yet connected (nothing to skip).
     */
    public static void upTo(final Publication publication, final Image image)
    {
        if (image == null)
        {
            return;
        }
        final long target = publication.position();
        long position = image.position();
        while (position < target)
        {
            final int termLength = image.termBufferLength();
            final long termEnd = (position - (position & (termLength - 1))) + termLength;
            position = Math.min(target, termEnd);
            image.position(position);
        }
    }
}
