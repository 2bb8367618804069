package io.conserver.functions.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Dockerfile reader on the forms the contract accepts and the one it refuses. */
class DockerfileTest {
  @TempDir Path dir;

  private Dockerfile read(String text) throws IOException {
    Path file = dir.resolve("Dockerfile");
    Files.writeString(file, text);
    return Dockerfile.read(file);
  }

  @Test
  void onTheAwsLambdaBaseImage_theTaskRootVariableIsExpanded_andStagesInherit() throws IOException {
    Dockerfile d =
        read(
            """
            # syntax=docker/dockerfile:1
            FROM public.ecr.aws/lambda/java:17 AS base
            RUN dnf install -y tar \\
             && true
            FROM base AS aws
            COPY --chown=0:0 function/ ${LAMBDA_TASK_ROOT}/
            ENV QUARKUS_FUNQY_EXPORT=analyze A=b
            CMD ["io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest"]
            """);
    Dockerfile.Stage aws = d.stage("aws");

    assertThat(d.rootBase(aws)).isEqualTo("public.ecr.aws/lambda/java:17");
    assertThat(aws.copies())
        .containsExactly(new Dockerfile.Copy(java.util.List.of("function/"), "/var/task/"));
    assertThat(aws.env()).containsEntry("QUARKUS_FUNQY_EXPORT", "analyze").containsEntry("A", "b");
    assertThat(aws.entrypoint()).isEmpty();
    assertThat(aws.cmd())
        .containsExactly("io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest");
  }

  @Test
  void aptPackages_andCopiesFromOtherStages() throws IOException {
    Dockerfile d =
        read(
            """
            FROM debian:bookworm-slim AS engine
            RUN apt-get update && apt-get install -y --no-install-recommends \\
                  apertium cg3 && rm -rf /var/lib/apt/lists/*
            FROM engine AS gcp
            COPY --from=engine /usr/bin/apertium /tmp/
            COPY function.jar invoker.jar /srv/
            """);

    assertThat(d.stage("engine").aptPackages()).containsExactly("apertium", "cg3");
    assertThat(d.stage("gcp").copies())
        .as("a copy from another stage is not a context file")
        .containsExactly(
            new Dockerfile.Copy(java.util.List.of("function.jar", "invoker.jar"), "/srv/"));
  }

  @Test
  void theShellFormOfEntrypoint_isRefused() {
    assertThatThrownBy(() -> read("FROM debian:bookworm-slim AS aws\nENTRYPOINT java -jar x.jar\n"))
        .hasMessageContaining("exec (JSON) form");
  }
}
