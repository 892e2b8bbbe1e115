package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.UserExecutionContext;
import dev.crosstalk.manager.UserWebSocketManager;
import dev.crosstalk.manager.factory.WebSocketManagerFactory;

/**
 * The deprecated factory as the factory-based defects' backends use it, so that one backend
 * serves both the correct {@link WebSocketManagerFactory} and the defects' {@link DefectFactory}.
 */
interface ManagerFactory {

    /** The manager of {@code context}'s isolation key, existing or new. */
    UserWebSocketManager createManager(UserExecutionContext context);

    /** Evicts idle managers; returns how many. */
    int evictIdle();

    /** Managers held now. */
    int managerCount();

    /** Closes and forgets every manager. */
    void shutdown();

    /** The correct factory, unchanged. */
    static ManagerFactory of(WebSocketManagerFactory factory) {
        return new ManagerFactory() {
            @Override
            public UserWebSocketManager createManager(UserExecutionContext context) {
                return factory.createManager(context);
            }

            @Override
            public int evictIdle() {
                return factory.evictIdle();
            }

            @Override
            public int managerCount() {
                return factory.stats().managers();
            }

            @Override
            public void shutdown() {
                factory.shutdown();
            }

            @Override
            public String toString() {
                return factory.toString();
            }
        };
    }
}
