# The crosstalk driver as a container image, for a Kubernetes Job or a CI runner without a JDK
# (examples/k8s/). Build from the repository root:
#
#   docker build -t crosstalk:dev .
#   docker run --rm crosstalk:dev --help
#
# The build stage runs the same reactor build as ./crosstalk; the image keeps the checkout's layout for the jars
# (CROSSTALK_HOME/harness/target/crosstalk.jar, stress/target/jcstress.jar, bench/target/benchmarks.jar,
# explore/target/explore.jar), so every command works in it, not only load, serve and merge. A JDK, not a JRE:
# JCStress, JMH and the explore engine start child JVMs with the tools a JDK has.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -q package -DskipTests

FROM eclipse-temurin:17-jdk
ENV CROSSTALK_HOME=/opt/crosstalk
COPY --from=build /src/harness/target/crosstalk.jar /opt/crosstalk/harness/target/crosstalk.jar
COPY --from=build /src/stress/target/jcstress.jar /opt/crosstalk/stress/target/jcstress.jar
COPY --from=build /src/bench/target/benchmarks.jar /opt/crosstalk/bench/target/benchmarks.jar
COPY --from=build /src/explore/target/explore.jar /opt/crosstalk/explore/target/explore.jar
# Results go to /results (a volume in the examples); never run as root.
RUN useradd --system --uid 10001 crosstalk && mkdir -p /results && chown crosstalk /results
USER 10001
WORKDIR /results
ENTRYPOINT ["java", "-jar", "/opt/crosstalk/harness/target/crosstalk.jar"]
