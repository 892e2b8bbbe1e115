package dev.crosstalk.results.io;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The JUnit XML writer: what it writes parses, and the counts agree with the cases. */
class JUnitXmlTest {

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oneSuiteCountsItsCasesAndEscapesWhatItWrites() throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("base", "a<b>&\"c\"");
        String xml = JUnitXml.suite(new JUnitXml.Suite("s", props, List.of(Map.entry("env", "x'y")), List.of(
                JUnitXml.Case.passed("c", "ok"),
                JUnitXml.Case.failure("c", "bad \"one\"", "line1\nline2 \u0001").withDetails("a < b && c"),
                new JUnitXml.Case("c", "broke", JUnitXml.Kind.ERROR, "RUN", "crashed", null, "out")), 1.5, null));
        Element suite = parse(xml).getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("failures")).isEqualTo("1");
        assertThat(suite.getAttribute("errors")).isEqualTo("1");
        assertThat(suite.getAttribute("time")).isEqualTo("1.500");
        assertThat(((Element) suite.getElementsByTagName("property").item(0)).getAttribute("value")).isEqualTo("a<b>&\"c\"");
        assertThat(((Element) suite.getElementsByTagName("property").item(1)).getAttribute("value")).isEqualTo("x'y");
        Element failure = (Element) suite.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("line1\nline2 ?");
        assertThat(failure.getTextContent()).isEqualTo("a < b && c");
        Element error = (Element) suite.getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("type")).isEqualTo("RUN");
        assertThat(suite.getElementsByTagName("system-out").item(0).getTextContent()).isEqualTo("out");
    }

    @Test
    void severalSuitesAreSummedInTheWrapper() throws Exception {
        String xml = JUnitXml.suites("all", List.of(
                new JUnitXml.Suite("a", null, null, List.of(JUnitXml.Case.failure("c", "x", "m")), 1.0, "2026-01-01T00:00:00Z"),
                new JUnitXml.Suite("b", null, null, List.of(JUnitXml.Case.passed("c", "y"), JUnitXml.Case.passed("c", "z")), 2.0, null)));
        Element root = parse(xml).getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("3");
        assertThat(root.getAttribute("failures")).isEqualTo("1");
        assertThat(root.getAttribute("time")).isEqualTo("3.000");
        assertThat(root.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
        assertThat(((Element) root.getElementsByTagName("testsuite").item(0)).getAttribute("timestamp"))
                .isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void textKeepsNewlinesAndQuotesAttributesEscapeThem() {
        assertThat(Xml.text("a\n\"b\" & <c>")).isEqualTo("a\n\"b\" &amp; &lt;c&gt;");
        assertThat(Xml.attr("a\n\"b\"'")).isEqualTo("a&#10;&quot;b&quot;&apos;");
        assertThat(Xml.text(null)).isEmpty();
    }
}
