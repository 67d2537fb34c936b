package org.nereid.web;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The static root: either a directory (the {@code -static} flag) or the {@code static/}
 * folder inside the jar. Lookups take already-validated path segments (see
 * {@link RequestPath}); hidden names are never served, and a directory root refuses
 * anything whose real path (after symbolic links) leaves the root.
 */
public interface StaticFiles {

    /** The file at these segments, or empty when absent, hidden, outside the root or a directory. */
    Optional<StaticFile> file(List<String> segments) throws IOException;

    /** True when the segments name a directory (so the caller can redirect to a slash or serve index.html). */
    boolean isDirectory(List<String> segments);

    static StaticFiles directory(Path root) throws IOException {
        return new DirectoryRoot(root.toRealPath());
    }

    static StaticFiles classpath(String folder) {
        return new ClasspathRoot(folder);
    }

    private static boolean servable(List<String> segments) {
        return !segments.isEmpty() && segments.stream().noneMatch(s -> s.isEmpty() || s.startsWith("."));
    }

    final class DirectoryRoot implements StaticFiles {
        private final Path root;

        DirectoryRoot(Path root) {
            this.root = root;
        }

        private Optional<Path> resolve(List<String> segments) {
            Path p = root;
            for (String s : segments) {
                p = p.resolve(s);
            }
            p = p.normalize();
            if (!p.startsWith(root)) {
                return Optional.empty();
            }
            try {
                Path real = p.toRealPath();
                return real.startsWith(root) ? Optional.of(real) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        @Override
        public Optional<StaticFile> file(List<String> segments) throws IOException {
            if (!servable(segments)) {
                return Optional.empty();
            }
            Optional<Path> path = resolve(segments);
            if (path.isEmpty()) {
                return Optional.empty();
            }
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path.get(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                return Optional.empty();
            }
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            byte[] content = Files.readAllBytes(path.get());
            Instant modified = attrs.lastModifiedTime().toInstant();
            String etag = "\"" + content.length + "-" + (modified.getEpochSecond() * 1_000_000_000L + modified.getNano()) + "\"";
            return Optional.of(new StaticFile(segments.get(segments.size() - 1), content, modified, etag));
        }

        @Override
        public boolean isDirectory(List<String> segments) {
            if (!segments.isEmpty() && !servable(segments)) {
                return false;
            }
            return resolve(segments).map(Files::isDirectory).orElse(false);
        }
    }

    /** Jar resources never change while the server runs, so each file is read and hashed once. */
    final class ClasspathRoot implements StaticFiles {
        private final String folder;
        private final Instant loaded = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        private final Map<String, Optional<StaticFile>> cache = new ConcurrentHashMap<>();

        ClasspathRoot(String folder) {
            this.folder = folder;
        }

        @Override
        public Optional<StaticFile> file(List<String> segments) throws IOException {
            if (!servable(segments)) {
                return Optional.empty();
            }
            String name = folder + "/" + String.join("/", segments);
            Optional<StaticFile> cached = cache.get(name);
            if (cached != null) {
                return cached;
            }
            Optional<StaticFile> found = load(name, segments.get(segments.size() - 1));
            cache.put(name, found);
            return found;
        }

        private Optional<StaticFile> load(String name, String fileName) throws IOException {
            URL url = StaticFiles.class.getClassLoader().getResource(name);
            if (url == null || isDirectory(url)) {
                return Optional.empty();
            }
            byte[] content;
            try (InputStream in = url.openStream()) {
                content = in.readAllBytes();
            }
            return Optional.of(new StaticFile(fileName, content, loaded, "\"" + sha256(content) + "\""));
        }

        @Override
        public boolean isDirectory(List<String> segments) {
            if (segments.isEmpty()) {
                return true;
            }
            if (!servable(segments)) {
                return false;
            }
            URL url = StaticFiles.class.getClassLoader().getResource(folder + "/" + String.join("/", segments));
            try {
                return url != null && isDirectory(url);
            } catch (IOException e) {
                return false;
            }
        }

        private static boolean isDirectory(URL url) throws IOException {
            if ("file".equals(url.getProtocol())) {
                try {
                    return Files.isDirectory(Path.of(url.toURI()));
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
            }
            URLConnection connection = url.openConnection();
            if (connection instanceof JarURLConnection jar) {
                // ZipFile finds "dir/" when asked for "dir", so a directory entry answers here
                return jar.getJarEntry() == null || jar.getJarEntry().isDirectory();
            }
            return false;
        }

        private static String sha256(byte[] content) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
                return HexFormat.of().formatHex(digest, 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
