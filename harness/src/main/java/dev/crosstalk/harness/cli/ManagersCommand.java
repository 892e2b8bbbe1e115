package dev.crosstalk.harness.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crosstalk.harness.ExitCodes;
import dev.crosstalk.harness.plugin.PluginOptions;
import dev.crosstalk.manager.spi.FailureClass;
import dev.crosstalk.manager.spi.ManagerProvider;
import dev.crosstalk.manager.spi.ProviderKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code crosstalk managers}: every selectable manager provider, one line each. */
@Command(name = "managers", mixinStandardHelpOptions = true,
        description = "List every selectable manager: the correct creation paths and the seeded defects,"
                + " built in or from plugins.")
public final class ManagersCommand implements Callable<Integer> {

    @Mixin
    PluginOptions pluginOptions;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<ManagerProvider> providers = pluginOptions.resolve().providers().all();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> rows = providers.stream().map(ManagersCommand::row).toList();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            int width = providers.stream().mapToInt(p -> p.name().length()).max().orElse(4);
            String format = "%-" + width + "s  %-7s  %-5s  %s%n";
            out.printf(format, "NAME", "KIND", "CLASS", "DESCRIPTION");
            for (ManagerProvider p : providers) {
                out.printf(format, p.name(), p.kind().label(),
                        p.failureClass().map(FailureClass::label).orElse("-"), p.description());
            }
            long correct = providers.stream().filter(p -> p.kind() == ProviderKind.CORRECT).count();
            out.printf("%n%d providers: %d correct, %d defects%n", providers.size(), correct,
                    providers.size() - correct);
        }
        out.flush();
        return ExitCodes.CLEAN;
    }

    private static Map<String, Object> row(ManagerProvider p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("kind", p.kind().label());
        m.put("description", p.description());
        m.put("failure_class", p.failureClass().map(FailureClass::label).orElse(null));
        m.put("class", p.getClass().getName());
        return m;
    }
}
