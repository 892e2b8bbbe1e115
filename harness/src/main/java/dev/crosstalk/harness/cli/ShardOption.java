package dev.crosstalk.harness.cli;

import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.results.shard.Shard;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.List;

/** {@code --shard I/N} of the matrix commands ({@code stress --all}, {@code explore --all}, {@code load --all}). */
final class ShardOption {

    private ShardOption() {
    }

    /**
     * This shard's providers of a matrix, dealt round-robin ({@link Shard#slice}); bad input (a malformed spec, a shard
     * of one manager's run, a shard with no provider) is a usage error that names the option.
     */
    static List<ManagerProvider> slice(String spec, boolean all, List<ManagerProvider> providers, CommandSpec cmd) {
        if (!all) {
            throw new ParameterException(cmd.commandLine(), "--shard splits the matrix of --all; one manager's"
                    + " run is not split");
        }
        List<ManagerProvider> mine;
        try {
            mine = Shard.parse(spec).slice(providers);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cmd.commandLine(), "--shard: " + e.getMessage());
        }
        if (mine.isEmpty()) {
            throw new ParameterException(cmd.commandLine(), "--shard " + spec + ": more shards than the "
                    + providers.size() + " providers; this shard would run nothing");
        }
        return mine;
    }
}
