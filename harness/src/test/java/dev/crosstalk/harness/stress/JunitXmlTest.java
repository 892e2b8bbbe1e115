package dev.crosstalk.harness.stress;

import dev.crosstalk.results.archive.StressResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The junit.xml shape CI servers read: a testsuite per manager, a testcase per probe × manager. */
class JunitXmlTest {

    @TempDir
    Path tmp;

    @Test
    void failuresNameTheForbiddenOutcomeAndErrorsCoverSkippedAndCrashed() throws Exception {
        RawExport racy = GraderTest.export("export-racy-singleton.json");
        List<StressResults.Test> racyRecords = Grader.grade("fixture.racy-singleton", racy.expectedTests(), racy.results(), List.of());
        RawExport crash = GraderTest.export("export-crashed-forks.json");
        List<String> expected = new ArrayList<>(crash.expectedTests());
        expected.add("dev.crosstalk.stress.NeverRanProbe");
        List<StressResults.Test> crashRecords = Grader.grade("fixture.crash", expected, crash.results(), List.of());
        List<ManagerRun> runs = List.of(
                new ManagerRun("fixture.racy-singleton", "defect", "loss", racyRecords, List.of(), Duration.ofSeconds(60), 1, null),
                new ManagerRun("fixture.crash", "correct", null, crashRecords, List.of("JCStress exited with 3"),
                        Duration.ofSeconds(5), 3, null));
        Path file = tmp.resolve("junit.xml");
        StressOutput.writeJunit(file, runs, Instant.parse("2026-11-25T22:00:00Z"));

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        NodeList suites = root.getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);

        Element racySuite = (Element) suites.item(0);
        assertThat(racySuite.getAttribute("name")).isEqualTo("crosstalk.stress.fixture.racy-singleton");
        assertThat(racySuite.getAttribute("tests")).isEqualTo("9");
        assertThat(Integer.parseInt(racySuite.getAttribute("failures"))).isPositive();
        Element fsCase = testcase(racySuite, "factory-singleton[fixture.racy-singleton]");
        Element failure = (Element) fsCase.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).matches("FORBIDDEN outcome 'TWO_INSTANCES' seen [1-9][0-9]* times.*");
        assertThat(fsCase.getAttribute("classname")).isEqualTo("dev.crosstalk.stress.FactorySingletonProbe");

        Element crashSuite = (Element) suites.item(1);
        assertThat(crashSuite.getAttribute("tests")).isEqualTo("4"); // 3 probes + the run-level error
        assertThat(crashSuite.getAttribute("errors")).isEqualTo("4");
        Element crashed = testcase(crashSuite, "different-users[fixture.crash]");
        assertThat(((Element) crashed.getElementsByTagName("error").item(0)).getAttribute("message")).contains("VM_ERROR");
        Element skipped = testcase(crashSuite, "never-ran[fixture.crash]");
        Element err = (Element) skipped.getElementsByTagName("error").item(0);
        assertThat(err.getAttribute("type")).isEqualTo("SKIPPED");
        assertThat(skipped.getElementsByTagName("skipped").getLength()).isZero();
        assertThat(testcase(crashSuite, "jcstress").getElementsByTagName("error").getLength()).isEqualTo(1);
    }

    private static Element testcase(Element suite, String name) {
        NodeList cases = suite.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getAttribute("name").equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no testcase " + name);
    }
}
