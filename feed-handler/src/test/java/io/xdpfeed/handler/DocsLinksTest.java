package io.xdpfeed.handler;

import io.xdpfeed.handler.testing.RepositoryDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every relative link of the Markdown documentation (README.md, docs/*.md, each module's README.md) leads somewhere:
 * the file exists, and a {@code #section} names a heading of the page it points to (GitHub's anchors). Links in code
 * blocks and code spans are not links; web addresses are not checked.
 */
@Timeout(30)
class DocsLinksTest
{
    /**
     * Pages the README links to that other branches add. A link to one of them is accepted while it is missing; once
     * the page exists, {@link #pendingPagesAreStillMissing()} asks for it to be removed from this set.
     */
    static final Set<String> PENDING_PAGES = Set.of();

    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    private static List<Path> pages() throws IOException
    {
        final Path root = RepositoryDocs.root();
        final List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        try (Stream<Path> docs = Files.list(root.resolve("docs")))
        {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        try (Stream<Path> modules = Files.list(root))
        {
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(pages::add);
        }
        return pages;
    }

    /**
     * @param page Markdown file.
     * @return the link targets outside code blocks and code spans, in order.
     */
    static List<String> links(final List<String> page)
    {
        final List<String> links = new ArrayList<>();
        boolean inFence = false;
        for (final String line : page)
        {
            if (line.strip().startsWith("```"))
            {
                inFence = !inFence;
                continue;
            }
            if (inFence)
            {
                continue;
            }
            final Matcher matcher = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (matcher.find())
            {
                links.add(matcher.group(1));
            }
        }
        return links;
    }

    /**
     * @param page Markdown file.
     * @return GitHub's anchors of its headings (lower case, punctuation dropped, spaces to hyphens, -1, -2, ... for
     * repeats).
     */
    static Set<String> anchors(final List<String> page)
    {
        final Set<String> anchors = new HashSet<>();
        final Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (final String line : page)
        {
            if (line.strip().startsWith("```"))
            {
                inFence = !inFence;
                continue;
            }
            final Matcher heading = HEADING.matcher(line);
            if (inFence || !heading.matches())
            {
                continue;
            }
            final String slug = heading.group(1).toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            final int repeat = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
        }
        return anchors;
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndASection() throws IOException
    {
        final Path root = RepositoryDocs.root();
        final List<String> broken = new ArrayList<>();
        for (final Path page : pages())
        {
            final List<String> lines = Files.readAllLines(page);
            for (final String link : links(lines))
            {
                if (link.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*"))
                {
                    continue;
                }
                final int hash = link.indexOf('#');
                final String file = hash < 0 ? link : link.substring(0, hash);
                final String anchor = hash < 0 ? null : link.substring(hash + 1);
                final Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                final String where = root.relativize(page) + ": (" + link + ")";
                if (!Files.exists(target))
                {
                    if (!PENDING_PAGES.contains(root.relativize(target).toString()))
                    {
                        broken.add(where + " no such file");
                    }
                }
                else if (anchor != null && target.toString().endsWith(".md") &&
                    !anchors(Files.readAllLines(target)).contains(anchor))
                {
                    broken.add(where + " no heading #" + anchor + " in " + root.relativize(target));
                }
            }
        }
        assertTrue(broken.isEmpty(), broken.size() + " broken link(s):\n" + String.join("\n", broken));
    }

    @Test
    void pendingPagesAreStillMissing()
    {
        final Path root = RepositoryDocs.root();
        final List<String> arrived = PENDING_PAGES.stream().filter(p -> Files.exists(root.resolve(p))).sorted()
            .toList();
        assertEquals(List.of(), arrived, "these pages exist now: remove them from DocsLinksTest.PENDING_PAGES so " +
            "that their links are checked: " + arrived);
    }

    @Test
    void theReadmeIsShortAndEveryDocsPageIsLinkedFromIt() throws IOException
    {
        final Path root = RepositoryDocs.root();
        final List<String> readme = Files.readAllLines(root.resolve("README.md"));
        assertTrue(readme.size() <= 300, "README.md has " + readme.size() + " lines: at most 300, details go to docs/");
        final Set<String> linked = new HashSet<>();
        for (final String link : links(readme))
        {
            linked.add(link.replaceAll("#.*", ""));
        }
        final List<String> unlinked = new ArrayList<>();
        try (Stream<Path> docs = Files.list(root.resolve("docs")))
        {
            docs.map(p -> root.relativize(p).toString()).filter(p -> p.endsWith(".md")).sorted()
                .filter(p -> !linked.contains(p)).forEach(unlinked::add);
        }
        assertEquals(List.of(), unlinked, "docs pages the README's index does not link: " + unlinked);
    }

    @Test
    void linksAnchorsAndCodeAreReadAsGitHubDoes()
    {
        assertEquals(List.of("docs/a.md", "b.png", "#top", "https://example.org"), links(List.of(
            "see [a](docs/a.md) and ![b](b.png \"title\")", "`[not](a link)`", "```", "[no](inside.md)", "```",
            "[up](#top) [web](https://example.org)")));
        assertEquals(Set.of("recovery-lines-on-demand-xdpfeedrecoverylines", "status", "status-1", "a--b"),
            anchors(List.of("### Recovery lines on demand (`xdpfeed.recovery.lines`)", "## Status", "## Status",
                "```", "# not a heading", "```", "## A / B")));
    }
}
