package org.nereid.web;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.nereid.group.GroupActivity;
import org.nereid.group.GroupDirectory;
import org.nereid.group.GroupEntry;
import org.nereid.group.GroupFileException;
import org.nereid.group.ServerConfigFile;
import org.nereid.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /group/NAME/} (the meeting page), {@code /group/NAME/.status} and
 * {@code /public-groups.json}, with Galène's redirects: a missing slash, the group's
 * {@code redirect} field, {@code .status.json}. The meeting page is Galène's
 * {@code galene.html} when the static root has one ({@code -static} pointed at Galène's
 * own folder), else Nereid's {@code meeting.html}.
 */
public final class GroupRoute implements Route {
    private static final Logger log = LoggerFactory.getLogger(GroupRoute.class);
    static final List<String> MEETING_PAGE = List.of("meeting.html");
    static final List<String> GALENE_PAGE = List.of("galene.html");

    private final GroupDirectory groups;
    private final ServerConfigFile config;
    private final Supplier<GroupActivity> activity;
    private final StaticRoute pages;

    public GroupRoute(GroupDirectory groups, ServerConfigFile config, Supplier<GroupActivity> activity, StaticRoute pages) {
        this.groups = groups;
        this.config = config;
        this.activity = activity;
        this.pages = pages;
    }

    /** Requests under {@code /group/}. */
    @Override
    public FullHttpResponse respond(Request request) throws Exception {
        if (!request.isGetOrHead()) {
            return Responses.methodNotAllowed("GET, HEAD");
        }
        List<String> segments = request.path().segments();
        int dot = 1;
        while (dot < segments.size() && !segments.get(dot).startsWith(".")) {
            dot++;
        }
        if (dot == 1) {
            return pages.notFound();
        }
        String name = String.join("/", segments.subList(1, dot));
        String groupPath = "/group/" + RequestPath.encodePath(name) + "/";
        if (dot < segments.size()) {
            boolean last = dot == segments.size() - 1 && !request.path().trailingSlash();
            String kind = segments.get(dot);
            if (last && kind.equals(".status")) {
                return status(request, name);
            }
            if (last && kind.equals(".status.json")) {
                return Responses.redirect(HttpResponseStatus.PERMANENT_REDIRECT, groupPath + ".status");
            }
            return pages.notFound();
        }
        Optional<GroupEntry> entry;
        try {
            entry = groups.find(name);
        } catch (GroupFileException e) {
            return broken(e);
        }
        if (entry.isEmpty()) {
            return pages.notFound();
        }
        if (!request.path().trailingSlash()) {
            return Responses.redirect(HttpResponseStatus.PERMANENT_REDIRECT, groupPath);
        }
        String redirect = entry.get().description().redirect();
        if (!redirect.isEmpty()) {
            return Responses.redirect(HttpResponseStatus.PERMANENT_REDIRECT, redirect);
        }
        String authServer = entry.get().description().authServer();
        if (pages.has(GALENE_PAGE)) {
            // Galène's client, with Galène's headers: cached like any other file of its folder
            return pages.serve(request, GALENE_PAGE, authServer);
        }
        FullHttpResponse page = pages.serve(request, MEETING_PAGE, authServer);
        // the page is the same for every group, but whether the group exists is not: revalidate
        page.headers().set("Cache-Control", "no-cache");
        return page;
    }

    private FullHttpResponse status(Request request, String name) throws Exception {
        Optional<GroupEntry> entry;
        try {
            entry = groups.find(name);
        } catch (GroupFileException e) {
            return broken(e);
        }
        if (entry.isEmpty()) {
            return pages.notFound();
        }
        URI base = BaseUrl.of(request, config.current());
        GroupStatus status = GroupStatus.of(entry.get(), base, activity.get());
        return json(request, Json.write(status));
    }

    /** {@code GET /public-groups.json}: the status of every public group, sorted by name. */
    public FullHttpResponse publicGroups(Request request) throws Exception {
        if (!request.isGetOrHead()) {
            return Responses.methodNotAllowed("GET, HEAD");
        }
        URI base = BaseUrl.of(request, config.current());
        GroupActivity now = activity.get();
        List<GroupStatus> list = groups.publicGroups().stream().map(e -> GroupStatus.of(e, base, now)).toList();
        return json(request, Json.write(list));
    }

    private static FullHttpResponse json(Request request, String body) {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        FullHttpResponse r = Responses.json(HttpResponseStatus.OK, request.isHead() ? new byte[0] : bytes);
        r.headers().setInt("Content-Length", bytes.length);
        return r;
    }

    /** The file is logged with its details when read; the visitor learns only what to do. */
    private static FullHttpResponse broken(GroupFileException e) {
        log.warn("group {} requested but its file is refused: {}", e.group(), e.getMessage());
        return Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "The group \"" + e.group()
                + "\" cannot be opened because its definition file has an error. "
                + "Please tell the server's administrator; the server log names the problem.");
    }
}
