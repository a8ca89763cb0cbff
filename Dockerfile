# Ponte: multi-stage build, non-root runtime, health checked on the actuator of the management port. Base images
# pinned to exact versions.
FROM maven:3.9.11-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q package -DskipTests && cp target/ponte-*.jar /src/ponte.jar

FROM eclipse-temurin:25.0.3_9-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app ponte && mkdir -p /app/data /app/routes && chown -R ponte /app
WORKDIR /app
COPY --from=build /src/ponte.jar /app/ponte.jar
COPY --chown=ponte routes /app/routes
USER ponte
# 8080: webhooks (public); 8081: actuator and admin endpoints (management.server.port; keep it private)
EXPOSE 8080 8081
# memory: a 256 MB heap, bounded metaspace/code cache/stacks, and few malloc arenas keep RSS under 400 MB at
# saturation (docs/BENCHMARKS.md); SerialGC leaves both cores of a small host to the request threads
ENV JAVA_OPTS="-Xms128m -Xmx256m -XX:+UseSerialGC -XX:MaxMetaspaceSize=128m -Xss512k" \
    MALLOC_ARENA_MAX=2
HEALTHCHECK --interval=10s --timeout=3s --start-period=40s --retries=5 \
  CMD curl -fsS http://127.0.0.1:8081/actuator/health/readiness || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/ponte.jar"]
