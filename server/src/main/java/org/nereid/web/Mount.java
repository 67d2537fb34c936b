package org.nereid.web;

import java.util.List;
import java.util.function.Predicate;

/**
 * The routes a server may mount beside its pages, in the order {@link Routes} tries them,
 * and the paths each answers. The APIs (and the guarded statistics pages) answer before
 * the canonical-host redirect, which Galène applies to pages only; recordings are pages.
 */
public enum Mount {
    /** Everything under /galene-api/, as in Galène. */
    ADMIN_API(true, true, true, path -> path.startsWith("galene-api")),
    /** /metrics (Prometheus text); with nothing mounted the path goes on to the pages. */
    METRICS(true, false, false, path -> path.segments().equals(List.of("metrics")) && !path.trailingSlash()),
    /** /stats.json, /stats.html and everything under /stats/ (administrators only). */
    STATS(true, true, false, Mount::isStatsPath),
    /** Everything under /invitation/, the invitation page's API (Nereid only). */
    INVITATIONS(true, true, true, path -> path.startsWith("invitation")),
    /** /.connectivity, the connectivity check's probe (Nereid only; open to anyone, bounded). */
    CONNECTIVITY(true, true, false, path -> path.segments().equals(List.of(".connectivity")) && !path.trailingSlash()),
    /** Everything under /recordings. */
    RECORDINGS(false, true, false, path -> path.startsWith(RecordingsRoute.PREFIX)),
    /** /group/NAME/.whip and its sessions below it: WHIP ingest, after the redirect as in Galène. */
    WHIP(false, true, false, Mount::isWhipPath);

    private final boolean beforeRedirect;
    private final boolean guarded;
    private final boolean mayBlock;
    private final Predicate<RequestPath> paths;

    /**
     * @param guarded with nothing mounted, the paths answer 404, so no page there (stats.html)
     *                is ever served without its guard and no API path reaches the pages
     * @param mayBlock its answers write files, hash passwords or wait for the cluster, so they
     *                 are made off the event loops ({@link BlockingRoutes})
     */
    Mount(boolean beforeRedirect, boolean guarded, boolean mayBlock, Predicate<RequestPath> paths) {
        this.beforeRedirect = beforeRedirect;
        this.guarded = guarded;
        this.mayBlock = mayBlock;
        this.paths = paths;
    }

    boolean beforeRedirect() {
        return beforeRedirect;
    }

    boolean guarded() {
        return guarded;
    }

    boolean mayBlock() {
        return mayBlock;
    }

    boolean matches(RequestPath path) {
        return paths.test(path);
    }

    /** {@code group/NAME.../.whip[/...]}: the first segment after the group's name that starts with a dot is .whip. */
    private static boolean isWhipPath(RequestPath path) {
        List<String> s = path.segments();
        if (s.size() < 3 || !s.get(0).equals("group")) {
            return false;
        }
        for (int i = 1; i < s.size(); i++) {
            if (s.get(i).startsWith(".")) {
                return i > 1 && s.get(i).equals(".whip");
            }
        }
        return false;
    }

    private static boolean isStatsPath(RequestPath path) {
        List<String> s = path.segments();
        return !s.isEmpty() && (s.get(0).equals("stats") ? s.size() > 1 || path.trailingSlash()
                : s.size() == 1 && (s.get(0).equals("stats.json") || s.get(0).equals("stats.html")));
    }
}
