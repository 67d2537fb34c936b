package org.nereid.console.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.nereid.admin.ServerTrust;

/**
 * The server installed as a service on this computer, as its {@code nereid-setup} describes it
 * in {@code /var/lib/nereid/console.json} (docs/installing.md): address, admin user, password
 * (absent once the administrator changed it) and the certificate to pin (absent with -insecure).
 */
public record InstalledService(String url, String username, String password, String fingerprint) {
    public static final Path FILE = Path.of("/var/lib/nereid/console.json");
    public static final String PROFILE_NAME = "This computer (service)";

    /** The service's description, or empty if no service is installed. */
    public static Optional<InstalledService> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(file.toFile());
        } catch (AccessDeniedException | java.io.FileNotFoundException e) {
            throw new IOException("The Nereid service is installed, but " + file + " cannot be read. Run"
                    + " `sudo adduser $USER nereid`, log in again, and restart the console.", e);
        }
        String certificate = json.path("certificate").asText(null);
        return Optional.of(new InstalledService(json.path("url").asText(), json.path("username").asText("admin"),
                json.path("password").asText(null), certificate == null ? null : fingerprint(Path.of(certificate))));
    }

    private static String fingerprint(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return ServerTrust.fingerprint((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
        } catch (CertificateException e) {
            throw new IOException("The service's certificate " + pem + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The profile that connects to it. */
    public ServerProfile profile() {
        return new ServerProfile(PROFILE_NAME, url, username, false, fingerprint, false);
    }
}
