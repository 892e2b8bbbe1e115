package dev.crosstalk.manager.defect;

import dev.crosstalk.manager.defect.Sut.Via;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.AnnotationBasedArgumentsProvider;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.junit.jupiter.params.support.ParameterDeclarations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a parameterized test body over the named defects and over the three correct paths, so
 * that one scenario both reproduces each defect's failure and shows the correct paths free of
 * it. Arguments: {@code (String provider, boolean defect)}, then a {@link Via} when
 * {@link #eachVia()} asks for both address forms.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ArgumentsSource(OverPaths.Provider.class)
@interface OverPaths {

    /** The correct paths every scenario also runs over. */
    List<String> CORRECT = List.of("ssot", "registry", "factory");

    /** The defects whose failure the scenario reproduces. */
    String[] value();

    /** Whether to run each provider with {@code sendToThread} and with {@code sendToUser}. */
    boolean eachVia() default false;

    final class Provider extends AnnotationBasedArgumentsProvider<OverPaths> {

        /** The defects, then the correct paths. */
        static List<Object[]> rows(String... defects) {
            List<Object[]> rows = new ArrayList<>();
            for (String defect : defects) {
                rows.add(new Object[] {defect, true});
            }
            for (String correct : CORRECT) {
                rows.add(new Object[] {correct, false});
            }
            return rows;
        }

        @Override
        protected Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters,
                                                               ExtensionContext context, OverPaths paths) {
            return rows(paths.value()).stream().flatMap(row -> paths.eachVia()
                    ? Stream.of(Via.values()).map(via -> Arguments.of(row[0], row[1], via))
                    : Stream.of(Arguments.of(row)));
        }
    }
}
