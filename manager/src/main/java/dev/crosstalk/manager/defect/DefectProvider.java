package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ProviderKind;

import java.util.Objects;
import java.util.Optional;

/**
 * What every seeded defect's provider shares: its name {@code defect.<name>}, its kind, its
 * one-line description and its failure class. Stateless, as the SPI requires: all state lives
 * in the backends {@link #start} returns.
 */
abstract class DefectProvider implements ManagerProvider {

    /** Prefix of every seeded defect's name. */
    static final String PREFIX = "defect.";

    private final String name;
    private final FailureClass failureClass;
    private final String description;

    /** @param name {@code defect.<name>} */
    DefectProvider(String name, FailureClass failureClass, String description) {
        if (!name.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a seeded defect's name starts with " + PREFIX + ", got " + name);
        }
        this.name = name;
        this.failureClass = Objects.requireNonNull(failureClass, "failureClass");
        this.description = Objects.requireNonNull(description, "description");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ProviderKind kind() {
        return ProviderKind.DEFECT;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Optional<FailureClass> failureClass() {
        return Optional.of(failureClass);
    }
}
