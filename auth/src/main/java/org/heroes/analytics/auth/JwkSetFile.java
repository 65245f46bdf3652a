package org.heroes.analytics.auth;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's public keys from a JWK set file (RFC 7517 §5), the services' key source where no URL is configured.
 *
 * <p>Only public EC P-256 and RSA (2048 bits or more) keys, each with a distinct {@code kid}, are taken: a file that
 * holds a private or a symmetric key, a key without {@code kid}, or no key at all is refused — at start-up the
 * service does not start. The file may hold two keys at once (rotation, docs/operations.md). Every
 * {@link #CHECK_INTERVAL} at most, a lookup checks whether the file changed (modification time and size) and reads it
 * again; a changed file that is refused is logged and the keys read before stay in use.
 */
final class JwkSetFile implements JWKSource<SecurityContext> {

    static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(JwkSetFile.class);

    private record Keys(JWKSet set, FileTime modified, long size) {}

    private final Path file;
    private final Clock clock;
    private volatile Keys keys;
    private volatile Instant nextCheck;

    JwkSetFile(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        this.keys = read(file);
        this.nextCheck = clock.instant().plus(CHECK_INTERVAL);
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        refreshIfDue();
        return selector.select(keys.set());
    }

    /** The key ids in use now. */
    Set<String> kids() {
        Set<String> kids = new HashSet<>();
        keys.set().getKeys().forEach(key -> kids.add(key.getKeyID()));
        return kids;
    }

    private void refreshIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(nextCheck)) {
            return;
        }
        synchronized (this) {
            if (now.isBefore(nextCheck)) {
                return;
            }
            nextCheck = now.plus(CHECK_INTERVAL);
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (!attributes.lastModifiedTime().equals(keys.modified()) || attributes.size() != keys.size()) {
                    keys = read(file);
                    LOG.info("JWK set {} read again: keys {}", file, kids());
                }
            } catch (IOException | UncheckedIOException | IllegalStateException e) {
                LOG.warn("JWK set {} changed but cannot be used, keeping keys {}: {}", file, kids(), e.getMessage());
            }
        }
    }

    private static Keys read(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            JWKSet set = parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            return new Keys(set, attributes.lastModifiedTime(), attributes.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JWK set " + file, e);
        }
    }

    /** A JWK set of public signature keys only, each with its own kid; anything else is refused. */
    static JWKSet parse(String json, String where) {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("the JWK set " + where + " is not a JWK set: " + e.getMessage(), e);
        }
        if (set.getKeys().isEmpty()) {
            throw new IllegalStateException("the JWK set " + where + " holds no key");
        }
        Set<String> kids = new HashSet<>();
        for (JWK key : set.getKeys()) {
            String kid = key.getKeyID();
            if (kid == null || kid.isBlank()) {
                throw new IllegalStateException("a key of the JWK set " + where + " has no kid");
            }
            if (!kids.add(kid)) {
                throw new IllegalStateException("the JWK set " + where + " holds kid " + kid + " twice");
            }
            if (key.isPrivate()) {
                throw new IllegalStateException("the JWK set " + where + " holds the private part of key " + kid
                        + ": a service must be given public keys only");
            }
            boolean ecP256 = key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve());
            boolean rsa = key instanceof RSAKey && key.size() >= SigningKey.MIN_RSA_BITS;
            if (!ecP256 && !rsa) {
                throw new IllegalStateException("key " + kid + " of the JWK set " + where
                        + " is neither an EC P-256 key nor an RSA key of " + SigningKey.MIN_RSA_BITS + " bits or more");
            }
        }
        return set;
    }
}
