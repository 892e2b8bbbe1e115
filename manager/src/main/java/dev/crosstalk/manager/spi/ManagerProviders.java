package dev.crosstalk.manager.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The providers visible to one class loader, found with {@link ServiceLoader}: correct paths
 * first, then defects, each group by name. Immutable once built.
 */
public final class ManagerProviders {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+([-.][a-z0-9]+)*");

    private final Map<String, ManagerProvider> byName;

    private ManagerProviders(Map<String, ManagerProvider> byName) {
        this.byName = byName;
    }

    /** Every provider on the class path of this library's class loader. */
    public static ManagerProviders discover() {
        return discover(ManagerProviders.class.getClassLoader());
    }

    /**
     * Every provider visible to {@code loader}.
     *
     * @throws IllegalStateException if a provider cannot be loaded, has an invalid name, or two
     *                               providers share a name (the message names them)
     */
    public static ManagerProviders discover(ClassLoader loader) {
        List<ManagerProvider> found = new ArrayList<>();
        try {
            for (ManagerProvider p : ServiceLoader.load(ManagerProvider.class, loader)) {
                found.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load a manager provider: " + e.getMessage(), e);
        }
        return of(found);
    }

    /** The given providers, validated and ordered. */
    public static ManagerProviders of(List<ManagerProvider> providers) {
        Map<String, ManagerProvider> map = new LinkedHashMap<>();
        providers.stream()
                .sorted(Comparator.comparing(ManagerProvider::kind).thenComparing(ManagerProvider::name))
                .forEach(p -> {
                    String name = p.name();
                    if (name == null || !NAME.matcher(name).matches()) {
                        throw new IllegalStateException("manager provider " + p.getClass().getName()
                                + " has an invalid name \"" + name + "\" (lower-case words joined by '-' or '.')");
                    }
                    if ((p.kind() == ProviderKind.DEFECT) != p.failureClass().isPresent()) {
                        throw new IllegalStateException("manager provider " + name
                                + ": a defect must name its failure class and a correct path must not");
                    }
                    ManagerProvider previous = map.putIfAbsent(name, p);
                    if (previous != null) {
                        throw new IllegalStateException("two manager providers are named \"" + name + "\": "
                                + previous.getClass().getName() + " and " + p.getClass().getName());
                    }
                });
        return new ManagerProviders(Collections.unmodifiableMap(map));
    }

    /** Every provider, correct paths first. */
    public List<ManagerProvider> all() {
        return List.copyOf(byName.values());
    }

    /** The providers of one kind. */
    public List<ManagerProvider> ofKind(ProviderKind kind) {
        return byName.values().stream().filter(p -> p.kind() == kind).toList();
    }

    /**
     * The provider named {@code name}.
     *
     * @throws NoSuchElementException naming the available providers, if there is none
     */
    public ManagerProvider byName(String name) {
        ManagerProvider p = byName.get(name);
        if (p == null) {
            throw new NoSuchElementException("no manager provider named \"" + name + "\"; available: "
                    + String.join(", ", byName.keySet()));
        }
        return p;
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    @Override
    public String toString() {
        return byName.values().stream().map(ManagerProvider::name).collect(Collectors.joining(", ", "[", "]"));
    }
}
