package dev.crosstalk.harness.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crosstalk.harness.cli.CrosstalkCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes examples read into the Kubernetes API's own types (fabric8 kubernetes-model), so that a misspelt
 * field cannot ship: the model keeps what it does not know in "additional properties", and every one of those is a
 * failure here. Then what ties the files together: the Indexed Job's size matches its {@code --shard job/N}, the
 * merge Job merges exactly those N shards, the claims and the secret exist, and every crosstalk command line in
 * them parses with the real CLI.
 */
class K8sManifestsTest {

    private static final Path DIR = Path.of("..", "examples", "k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void theManifestsAreValidKubernetesObjectsThatFitTogether() throws IOException {
        Job load = only(Job.class, "load-job.yaml");
        Job merge = only(Job.class, "merge-job.yaml");
        PersistentVolumeClaim claim = only(PersistentVolumeClaim.class, "results-volume.yaml");
        List<HasMetadata> target = read("target.yaml", Deployment.class, Service.class);

        // the Indexed Job: N pods, each --shard job/N, writing shard-$(JOB_COMPLETION_INDEX)
        assertThat(load.getSpec().getCompletionMode()).isEqualTo("Indexed");
        int n = load.getSpec().getCompletions();
        assertThat(load.getSpec().getParallelism()).isEqualTo(n);
        assertThat(load.getSpec().getBackoffLimit()).as("a retried shard would run its users twice").isZero();
        Container driver = container(load.getSpec().getTemplate().getSpec());
        List<String> args = driver.getArgs();
        assertThat(args.get(0)).isEqualTo("load");
        assertThat(after(args, "--shard")).isEqualTo("job/" + n);
        assertThat(after(args, "--out")).isEqualTo("/results/shard-$(JOB_COMPLETION_INDEX)");
        assertThat(driver.getEnv()).extracting(EnvVar::getName).contains("JOB_COMPLETION_INDEX", "CROSSTALK_JWT_SECRET");
        parses(args);

        // the merge Job merges exactly shards 0..N-1
        List<String> margs = container(merge.getSpec().getTemplate().getSpec()).getArgs();
        assertThat(margs.get(0)).isEqualTo("merge");
        assertThat(margs.subList(1, margs.indexOf("-o")))
                .containsExactlyElementsOf(IntStream.range(0, n).mapToObj(i -> "/results/shard-" + i).toList());
        parses(margs);

        // both Jobs mount the claim that exists; the driver targets the Service that exists
        String claimName = claim.getMetadata().getName();
        for (Job j : List.of(load, merge)) {
            assertThat(j.getSpec().getTemplate().getSpec().getVolumes())
                    .anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo(claimName));
            assertThat(j.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        }
        Service service = (Service) target.stream().filter(Service.class::isInstance).findFirst().orElseThrow();
        Deployment serve = (Deployment) target.stream().filter(Deployment.class::isInstance).findFirst().orElseThrow();
        int port = service.getSpec().getPorts().get(0).getPort();
        assertThat(after(args, "--target")).isEqualTo("ws://" + service.getMetadata().getName() + ":" + port + "/ws");
        assertThat(service.getSpec().getSelector()).isEqualTo(serve.getSpec().getTemplate().getMetadata().getLabels());
        parses(container(serve.getSpec().getTemplate().getSpec()).getArgs());
    }

    /** The one object of {@code type} in {@code file}, checked for unknown fields. */
    private static <T extends HasMetadata> T only(Class<T> type, String file) throws IOException {
        List<HasMetadata> all = read(file, type);
        assertThat(all).as(file).hasSize(1);
        return type.cast(all.get(0));
    }

    /** Every document of {@code file}, each read as the one of {@code types} its kind names. */
    @SafeVarargs
    private static List<HasMetadata> read(String file, Class<? extends HasMetadata>... types) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : Files.readString(DIR.resolve(file)).split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
                continue;
            }
            String kind = YAML.readTree(doc).path("kind").asText();
            Class<? extends HasMetadata> type = java.util.Arrays.stream(types)
                    .filter(t -> t.getSimpleName().equals(kind)).findFirst()
                    .orElseThrow(() -> new AssertionError(file + ": unexpected kind '" + kind + "'"));
            HasMetadata o = YAML.readValue(doc, type);
            List<String> unknown = new ArrayList<>();
            unknownFields(o, file + ":" + kind, unknown, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
            assertThat(unknown).as("fields the Kubernetes API does not have (a typo?)").isEmpty();
            out.add(o);
        }
        return out;
    }

    /** Walks the model's getters; any non-empty additionalProperties is a field the API does not know. */
    private static void unknownFields(Object o, String path, List<String> unknown, Set<Object> seen) {
        if (o == null || !o.getClass().getName().startsWith("io.fabric8.") || !seen.add(o)) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v;
            try {
                v = m.invoke(o);
            } catch (ReflectiveOperationException e) {
                continue;
            }
            String at = path + "." + m.getName().substring(3);
            if (m.getName().equals("getAdditionalProperties") && v instanceof Map<?, ?> extra) {
                extra.keySet().forEach(k -> unknown.add(path + "." + k));
            } else if (v instanceof Collection<?> c) {
                c.forEach(x -> unknownFields(x, at, unknown, seen));
            } else if (v instanceof Map<?, ?> map) {
                map.values().forEach(x -> unknownFields(x, at, unknown, seen));
            } else {
                unknownFields(v, at, unknown, seen);
            }
        }
    }

    private static Container container(PodSpec pod) {
        assertThat(pod.getContainers()).hasSize(1);
        return pod.getContainers().get(0);
    }

    private static String after(List<String> args, String option) {
        int i = args.indexOf(option);
        assertThat(i).as(option + " in " + args).isNotNegative();
        return args.get(i + 1);
    }

    /** The arguments parse with the real CLI (options exist, values convert): a typo in a flag fails here. */
    private static void parses(List<String> args) {
        CommandLine cl = CrosstalkCommand.commandLine();
        cl.parseArgs(args.toArray(String[]::new));
    }
}
