package dev.crosstalk.harness.server;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * HS256 tokens as {@code wire-protocol.md} describes them: claim {@code sub} is the user id,
 * {@code exp} is honoured. Thread-safe (java-jwt's verifier is).
 */
public final class Jwt {

    private final Algorithm algorithm;
    private final JWTVerifier verifier;

    public Jwt(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("the JWT secret must not be empty");
        }
        this.algorithm = Algorithm.HMAC256(secret.getBytes(StandardCharsets.UTF_8));
        // No leeway: an expired token is refused.
        this.verifier = JWT.require(algorithm).build();
    }

    /**
     * A fresh random secret (256 bits, Base64) for a server and driver that share one process or a
     * parent and its child: nobody else can mint tokens for it.
     */
    public static String newSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /** A token for {@code userId} that expires after {@code ttl}. */
    public String sign(String userId, Duration ttl) {
        return JWT.create().withSubject(userId).withIssuedAt(Instant.now()).withExpiresAt(Instant.now().plus(ttl))
                .sign(algorithm);
    }

    /** A token for {@code userId} that expired at {@code expiredAt} (for tests). */
    public String signExpiring(String userId, Instant expiresAt) {
        return JWT.create().withSubject(userId).withExpiresAt(expiresAt).sign(algorithm);
    }

    /**
     * The user the token names, if its signature is valid, it has not expired, and it names a
     * user; empty otherwise. A token without {@code exp} is refused: every token must expire.
     */
    public Optional<String> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            DecodedJWT jwt = verifier.verify(token.strip());
            if (jwt.getExpiresAtAsInstant() == null) {
                return Optional.empty();
            }
            String sub = jwt.getSubject();
            return sub == null || sub.isBlank() ? Optional.empty() : Optional.of(sub);
        } catch (JWTVerificationException e) {
            return Optional.empty();
        }
    }
}
