package dev.crosstalk.explore;

import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.ManagerProvider;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small concurrent situation of a per-user manager and the contract it must keep there, written once and
 * run over every provider. One interleaving: {@link #setUp} on the main thread, then each {@link Actor} on a
 * thread of its own (started in an order the seed chooses), then {@link #finale} on the main thread after
 * they joined, then {@link World#check()}.
 *
 * @param name          the name rows and replay tokens carry
 * @param contract      what must hold, in one sentence
 * @param options       the backend's options (always without an interleaving hook)
 * @param notApplicable why a provider cannot take part (e.g. it has no eviction), or empty
 * @param setUp         before the threads start
 * @param actors        the concurrent threads
 * @param finale        after they joined, before the check
 */
record Scenario(String name, String contract, BackendOptions options,
                Function<ManagerProvider, Optional<String>> notApplicable, Consumer<World> setUp,
                List<Actor> actors, Consumer<World> finale) {

    /** One scenario thread: a name for the trace and what it does. */
    record Actor(String name, Consumer<World> body) {
    }
}
