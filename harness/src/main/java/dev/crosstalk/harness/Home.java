package dev.crosstalk.harness;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the crosstalk checkout is, so that the CLI can find the instruments' jars
 * ({@code stress/target/jcstress.jar}, {@code bench/target/benchmarks.jar}) and the archive folder.
 * The launcher sets {@code CROSSTALK_HOME}; otherwise the CLI jar's own location
 * ({@code <home>/harness/target/crosstalk.jar}) tells.
 */
public final class Home {

    public static final String ENV = "CROSSTALK_HOME";

    private Home() {
    }

    /** The checkout's root directory. */
    public static Path root() {
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        try {
            Path jar = Path.of(Home.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <home>/harness/target/crosstalk.jar or <home>/harness/target/classes
            Path up = jar.getParent() == null ? null : jar.getParent().getParent();
            if (up != null && up.getParent() != null) {
                return up.getParent();
            }
        } catch (URISyntaxException | SecurityException e) {
            // fall through to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    /**
     * An instrument jar under the root, checked to exist.
     *
     * @throws UsageException saying how to build it, if it is missing
     */
    public static Path jar(String relative) {
        Path p = root().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new UsageException(p + " is missing: build it with ./mvnw -B package -DskipTests"
                    + " (the ./crosstalk launcher does this for you)");
        }
        return p;
    }
}
