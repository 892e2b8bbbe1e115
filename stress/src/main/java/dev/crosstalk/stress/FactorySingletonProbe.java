package dev.crosstalk.stress;

import dev.crosstalk.manager.spi.ManagerBackend;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

import java.util.Optional;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * factory-singleton: two threads reach the path's process-wide entry point (the factory, the
 * registry) of a fresh backend at once, as two request handlers do right after start-up.
 * Expected to catch {@code racy-factory-singleton}.
 */
@JCStressTest
@Description("factory-singleton: two threads obtain the process-wide entry point (factory, registry) of a fresh"
        + " backend at once; both must get the same instance.")
@Outcome(id = "SAME_INSTANCE", expect = ACCEPTABLE, desc = "both threads got the one entry point")
@Outcome(id = "NOT_APPLICABLE", expect = ACCEPTABLE,
        desc = "the path has no process-wide entry point (direct instantiation): nothing to race, reported as not applicable")
@Outcome(id = "TWO_INSTANCES", expect = FORBIDDEN,
        desc = "the threads got two different entry points: the lazy initialisation raced and two factories exist")
@Outcome(id = "INCONSISTENT", expect = FORBIDDEN, desc = "one thread got an entry point and the other none")
@Outcome(id = "THREW_.*", expect = FORBIDDEN, desc = "obtaining the entry point threw")
@Outcome(expect = FORBIDDEN, desc = "any other outcome")
@State
public class FactorySingletonProbe {

    final ManagerBackend backend = Probes.start();
    Optional<Object> first;
    Optional<Object> second;
    String error1;
    String error2;

    @Actor
    public void handler1() {
        try {
            first = backend.entryPoint();
        } catch (RuntimeException e) {
            error1 = Probes.threw(e);
        }
    }

    @Actor
    public void handler2() {
        try {
            second = backend.entryPoint();
        } catch (RuntimeException e) {
            error2 = Probes.threw(e);
        }
    }

    @Arbiter
    public void arbiter(L_Result r) {
        if (error1 != null || error2 != null) {
            r.r1 = error1 != null ? error1 : error2;
        } else if (first.isEmpty() && second.isEmpty()) {
            r.r1 = "NOT_APPLICABLE";
        } else if (first.isEmpty() || second.isEmpty()) {
            r.r1 = "INCONSISTENT";
        } else {
            r.r1 = first.get() == second.get() ? "SAME_INSTANCE" : "TWO_INSTANCES";
        }
        Probes.close(backend);
    }
}
