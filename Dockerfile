# syntax=docker/dockerfile:1
# Build stage: compile and package the fat jar with the same Maven build as CI.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

# Run stage: JRE only, non-root.
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /opt/limber limber
WORKDIR /opt/limber
COPY --from=build /src/target/limber.jar limber.jar
COPY config config
COPY displays displays
# the journal and the generated admin password live in data/, owned by the service user
RUN mkdir -p data && chown limber:limber data
# a class data sharing archive recorded by this image's own JVM (an archive only fits the JVM that
# made it, so not the build stage's): one training start on free ports with a throwaway journal
RUN java -XX:ArchiveClassesAtExit=limber.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -jar limber.jar --cds-training
VOLUME ["/opt/limber/data"]
# Inside the container listen on all interfaces so Docker can forward the ports; publish them on
# the host's loopback (-p 127.0.0.1:8080:8080) or a trusted LAN only. For the gym LAN turn TLS on
# (-e LIMBER_TLS_MODE=self-signed -e LIMBER_TLS_NAMES=<the host's name and address>, and publish
# 8081 and 8883 too); see README "TLS on the gym LAN".
ENV LIMBER_HTTP_HOST=0.0.0.0 \
    LIMBER_BROKER_HOST=0.0.0.0 \
    LIMBER_TLS_ALLOWPLAINLAN=true \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60"
USER limber
EXPOSE 8080 1884 8884
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/health || curl -fsSk https://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["java", "-XX:SharedArchiveFile=limber.jsa", "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-jar", "limber.jar"]
