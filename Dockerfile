# The services' images, built from the repository alone: Maven builds the Quarkus apps in the first stage,
# each target takes one app onto a Java 17 runtime. docker-compose.yml builds the targets api-service,
# export-worker, notifier-service and property-data (the schema and demo-data loader).
# Where no registry serves images, docker-compose.local.yml passes local Debian-based images for both
# stages (docker/local/build-images.sh).
ARG BUILD_IMAGE=maven:3.9.11-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.16_8-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY . .
# -am also builds test-support (a test-scoped module dependency), but no test is compiled or run here.
RUN mvn -B -Dmaven.test.skip=true -pl property-data,api-service,export-worker,notifier-service -am package

# Each service: its Quarkus fast-jar on the runtime image. JAVA_OPTS sizes the heap (compose sets it per
# service); without it the JVM would take a quarter of the RAM it sees.
FROM ${RUNTIME_IMAGE} AS quarkus-service
WORKDIR /app
USER 185
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar quarkus-run.jar"]

FROM quarkus-service AS api-service
COPY --from=build /src/api-service/target/quarkus-app/ ./
ENV JAVA_OPTS=-Xmx384m
EXPOSE 8080 9080

FROM quarkus-service AS export-worker
COPY --from=build /src/export-worker/target/quarkus-app/ ./
ENV JAVA_OPTS=-Xmx256m
EXPOSE 8081

FROM quarkus-service AS notifier-service
COPY --from=build /src/notifier-service/target/quarkus-app/ ./
ENV JAVA_OPTS=-Xmx256m
EXPOSE 8082

# Migrates property_data and loads the demo data set once, then exits.
FROM ${RUNTIME_IMAGE} AS property-data
WORKDIR /app
COPY --from=build /src/property-data/target/lib/ lib/
COPY --from=build /src/property-data/target/property-data-*.jar lib/
USER 185
ENV JAVA_OPTS=-Xmx256m
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp 'lib/*' dev.bulkexport.propertydata.LoadDemoData"]
