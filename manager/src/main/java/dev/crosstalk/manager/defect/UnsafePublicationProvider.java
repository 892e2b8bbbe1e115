package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.spi.BackendOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerBackend;
import dev.crosstalk.manager.spi.Sharing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code defect.unsafe-publication} (jmm): the {@code registry} path, with two changes that only
 * together make a Java memory model race: the manager's context is a plain field assigned after
 * construction ({@link Manager#bind}), and each user's manager is published through a plain
 * (non-volatile) field read outside any lock (double-checked locking without {@code volatile}).
 *
 * <p><b>What it breaks.</b> Nothing orders the writes of the creating thread (the manager's
 * context, then the slot's field) before the reads of a thread that finds the slot's field
 * already set, so that thread may see the manager with a null {@link UserWebSocketManager#context()}:
 * its sends then fail with an isolation violation or a {@link NullPointerException}. The
 * manager's other fields are final and safe. On x86 (TSO) stores are not reordered with other
 * stores, so this may never show there; on weaker hardware (ARM, POWER) or after JIT reordering
 * it can. Report it per platform, honestly.
 *
 * <p><b>Reference backend.</b> Python has no memory model race of this kind. This is the Java
 * rendering of the reference's {@code WebSocketManager(user_context=context)} done as "construct,
 * then assign the context, then publish": harmless in CPython, a data race on the JVM.
 *
 * <p><b>Caught by</b> JCStress's {@code publication} probe (one actor obtains the user's manager
 * while the other creates it, and reads a null user id), on hardware and JIT that reorder; "not
 * observed on amd64" (x86 TSO) by it, and by construction by neither explore (sequentially
 * consistent) nor the load driver (clean in every scenario of {@code crosstalk load --all} on amd64);
 * not by the deterministic tests, which can only check that the seeded change is in place.
 */
public final class UnsafePublicationProvider extends DefectProvider {

    public static final String NAME = "defect.unsafe-publication";

    public UnsafePublicationProvider() {
        super(NAME, FailureClass.JMM, "manager context assigned after construction and the manager published"
                + " through a plain field: a reader may see a null user id");
    }

    @Override
    public ManagerBackend start(BackendOptions options) {
        return new Backend(options);
    }

    /** A manager whose context is a plain field, set after construction. */
    static final class Manager extends DefectManager {
        private UserExecutionContext context;

        Manager(BackendOptions options) {
            super(options);
        }

        void bind(UserExecutionContext userContext) {
            this.context = userContext;
        }

        @Override
        public UserExecutionContext context() {
            return context;
        }
    }

    /** Where a user's manager is published: a plain field. */
    static final class Slot {
        Manager manager;
    }

    static final class Backend extends DefectBackend {
        private final ConcurrentMap<String, Slot> slots = new ConcurrentHashMap<>();

        Backend(BackendOptions options) {
            super(options);
        }

        @Override
        public Sharing sharing() {
            return Sharing.PER_USER;
        }

        @Override
        public Optional<Object> entryPoint() {
            return Optional.of(slots);
        }

        /** Double-checked locking over a plain field: the first read takes no lock. */
        @Override
        public UserWebSocketManager obtain(UserExecutionContext context) {
            Slot slot = slots.computeIfAbsent(context.userId(), user -> new Slot());
            Manager manager = slot.manager;
            if (manager == null) {
                synchronized (slot) {
                    manager = slot.manager;
                    if (manager == null) {
                        manager = new Manager(options);
                        manager.bind(context);
                        slot.manager = manager;
                    }
                }
            }
            return manager;
        }

        @Override
        public int managerCount() {
            return slots.size();
        }

        @Override
        public void close() {
            List<Slot> all = List.copyOf(slots.values());
            slots.clear();
            for (Slot slot : all) {
                synchronized (slot) {
                    if (slot.manager != null) {
                        slot.manager.close();
                    }
                }
            }
        }
    }
}
