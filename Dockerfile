# Hookkeeper server image: built with the Maven wrapper, run as a non-root user.
#   docker build -t hookkeeper .
#   docker run -p 8080:8080 -e DATABASE_URL=… -e WEBHOOK_SECRET_ENCRYPTION_KEY=… -e WEBHOOK_BASE_URL=… hookkeeper
# See docs/deployment.md.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
# the wrapper and the poms first: dependencies are a cached layer of their own
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY webhook-core/pom.xml webhook-core/
COPY adapter-github/pom.xml adapter-github/
COPY adapter-gitlab/pom.xml adapter-gitlab/
COPY adapter-persistence-jdbi/pom.xml adapter-persistence-jdbi/
COPY app-javalin/pom.xml app-javalin/
RUN ./mvnw -q -B -DskipTests dependency:go-offline || true
COPY . .
RUN ./mvnw -q -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 hookkeeper \
 && useradd --system --uid 10001 --gid hookkeeper --home-dir /var/lib/hookkeeper --create-home hookkeeper
COPY --from=build /src/app-javalin/target/hookkeeper.jar /opt/hookkeeper/hookkeeper.jar
USER hookkeeper
WORKDIR /var/lib/hookkeeper
ENV PORT=8080 \
    HOOKKEEPER_DATA_DIR=/var/lib/hookkeeper \
    LOG_FORMAT=json \
    JAVA_TOOL_OPTIONS="-Xmx384m -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# bash's /dev/tcp: no curl in the runtime image; ready means database up and not draining
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
# exec form: the JVM is PID 1's child-free main process and gets SIGTERM directly (graceful drain)
ENTRYPOINT ["java", "-jar", "/opt/hookkeeper/hookkeeper.jar"]
