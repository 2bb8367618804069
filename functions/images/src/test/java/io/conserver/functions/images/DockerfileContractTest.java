package io.conserver.functions.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each image function's Dockerfile against the context Maven assembled for it. An image cannot be
 * built here, so this checks what {@code docker build} and the platform would trip over: a COPY of
 * a file the context lacks, an entry point that names a runtime client or handler the image does
 * not hold, a function the package does not carry, an engine package CI installs but the image does
 * not.
 */
class DockerfileContractTest {
  static final String LAMBDA_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  static final String LAMBDA_HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";
  static final String GCF_INVOKER = "com.google.cloud.functions.invoker.runner.Invoker";
  static final String GCF_TARGET = "io.quarkus.funqy.gcp.functions.FunqyCloudEventsFunction";

  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("infra/offline-engines.sh"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("not inside the Conserver repository");
    }
    return dir;
  }

  static Dockerfile dockerfile(String function) throws IOException {
    Path file = root().resolve("functions/" + function + "/Dockerfile");
    // functions/analyze/Dockerfile comes with the analyze change; its context is checked anyway.
    assumeTrue(Files.isRegularFile(file), "functions/" + function + "/Dockerfile not written yet");
    return Dockerfile.read(file);
  }

  static Path awsContext(String function) {
    return root().resolve("functions/aws/" + function + "/target/image");
  }

  static Path gcpContext() {
    return root().resolve("functions/gcp-engines/target/image");
  }

  static String entryClass(String function) {
    return "io.conserver.functions."
        + function
        + "."
        + function.substring(0, 1).toUpperCase(Locale.ROOT)
        + function.substring(1)
        + "Function";
  }

  @ParameterizedTest
  @ValueSource(strings = {"transcribe", "translate", "analyze"})
  void contexts_holdTheFunctionAndTheRuntimeEntry(String function) {
    Path aws = awsContext(function);
    assertThat(aws.resolve("function/lib")).isDirectory();
    assertThat(ImageContext.holdsClass(aws.resolve("function"), entryClass(function))).isTrue();
    assertThat(ImageContext.holdsClass(aws.resolve("lambda-runtime"), LAMBDA_CLIENT)).isTrue();
    assertThat(ImageContext.holdsClass(gcpContext().resolve("function.jar"), entryClass(function)))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"transcribe", "translate", "analyze"})
  void awsStage_copiesWhatTheContextHas_andStartsTheLambdaClientOnTheFunqyHandler(String function)
      throws IOException {
    Dockerfile.Stage stage = dockerfile(function).stage("aws");
    ImageContext image = new ImageContext(awsContext(function), stage.copies());
    assertSourcesExist(image);

    Dockerfile dockerfile = dockerfile(function);
    if (dockerfile.rootBase(stage).startsWith(Dockerfile.AWS_LAMBDA_JAVA_BASE)) {
      // On the AWS Lambda base image its own entry point runs the runtime client.
      assertThat(stage.entrypoint()).as("the base image's entry point, not replaced").isEmpty();
    } else {
      String entry = String.join(" ", stage.entrypoint());
      assertThat(stage.entrypoint()).last().isEqualTo(LAMBDA_CLIENT);
      String classPath = group(entry, "-cp\\s+\"?([^\"\\s]+)");
      assertThat(classPath).as("the runtime client's class path").endsWith("/*");
      assertThat(image.at(classPath.substring(0, classPath.length() - 1)))
          .as("COPY puts the runtime client at " + classPath)
          .hasValueSatisfying(
              dir -> assertThat(ImageContext.holdsClass(dir, LAMBDA_CLIENT)).isTrue());
    }

    assertThat(stage.cmd()).containsExactly(LAMBDA_HANDLER);
    // The runtime client loads the handler from the task root, LAMBDA_TASK_ROOT.
    String root = stage.env().get("LAMBDA_TASK_ROOT");
    assertThat(root).as("ENV LAMBDA_TASK_ROOT").isNotNull();
    Path taskRoot =
        image
            .at(root.endsWith("/") ? root : root + "/")
            .orElseThrow(() -> new AssertionError("nothing copied to " + root));
    assertThat(ImageContext.holdsClass(taskRoot, LAMBDA_HANDLER.split("::")[0])).isTrue();
    assertThat(ImageContext.holdsClass(taskRoot, entryClass(function))).isTrue();
    assertThat(stage.env()).containsEntry("QUARKUS_FUNQY_EXPORT", function);
  }

  @ParameterizedTest
  @ValueSource(strings = {"transcribe", "translate", "analyze"})
  void gcpStage_copiesWhatTheContextHas_andServesTheCloudEventEntryWithTheInvoker(String function)
      throws IOException {
    Dockerfile.Stage stage = dockerfile(function).stage("gcp");
    ImageContext image = new ImageContext(gcpContext(), stage.copies());
    assertSourcesExist(image);

    String entry = String.join(" ", stage.entrypoint());
    String invoker = group(entry, "-jar\\s+(\\S+)");
    assertThat(image.at(invoker))
        .hasValueSatisfying(jar -> assertThat(ImageContext.holdsClass(jar, GCF_INVOKER)).isTrue());
    String functionJar = group(entry, "--classpath\\s+(\\S+)");
    assertThat(image.at(functionJar))
        .hasValueSatisfying(
            jar -> {
              assertThat(ImageContext.holdsClass(jar, GCF_TARGET)).isTrue();
              assertThat(ImageContext.holdsClass(jar, entryClass(function))).isTrue();
            });
    assertThat(group(entry, "--target\\s+(\\S+)")).isEqualTo(GCF_TARGET);
    assertThat(group(entry, "--port\\s+(\\S+)"))
        .as("Cloud Run names the port in $PORT")
        .contains("PORT");
    assertThat(stage.env()).containsEntry("QUARKUS_FUNQY_EXPORT", function + "-cloudevent");
  }

  @Test
  void theImages_installEveryOfflineEnginePackageThatCiInstalls() throws IOException {
    Set<String> ci = offlineEnginePackages();
    Set<String> transcribe = new TreeSet<>(dockerfile("transcribe").stage("engine").aptPackages());
    Set<String> translate = new TreeSet<>(dockerfile("translate").stage("engine").aptPackages());

    assertThat(ci).isNotEmpty();
    for (String pkg : ci) {
      boolean translation = pkg.startsWith("apertium") || pkg.equals("cg3");
      assertThat(translation ? translate : transcribe)
          .as("infra/offline-engines.sh installs " + pkg)
          .contains(pkg);
    }
    assertThat(translate).contains("openjdk-17-jre-headless");
    assertThat(transcribe).contains("openjdk-17-jre-headless");
  }

  /**
   * The on-premise image (functions/knative/Dockerfile): the container args reach the application,
   * after the JVM options, for both targets. Without args a Knative Service gets the server it
   * always got; with the k8s-tenant CronJob's args ({@code --lifecycle}) the application sees them.
   * The entry point is run by {@code sh} as the container runtime runs it, with a {@code java} on
   * the PATH that prints the arguments it was given.
   */
  @ParameterizedTest
  @ValueSource(strings = {"functions", "engines"})
  void knativeImage_handsTheContainerArgsToTheApplication(String target, @TempDir Path bin)
      throws Exception {
    Dockerfile.Stage stage = dockerfile("knative").stage(target);
    assertThat(stage.cmd()).as("no CMD: a Knative Service runs the image without args").isEmpty();
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\nprintf '%s\\n' \"$@\"\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    List<String> options = List.of(stage.env().get("JAVA_OPTS_APPEND").split(" "));
    assertThat(options).contains("-XX:+ExitOnOutOfMemoryError");
    List<String> server = new ArrayList<>(options);
    server.addAll(List.of("-jar", KNATIVE_RUNNER));

    assertThat(javaArguments(stage, bin, List.of())).isEqualTo(server);
    List<String> lifecycle = new ArrayList<>(server);
    lifecycle.add("--lifecycle");
    assertThat(javaArguments(stage, bin, List.of("--lifecycle"))).isEqualTo(lifecycle);
  }

  static final String KNATIVE_RUNNER = "/deployments/quarkus-app/quarkus-run.jar";

  /**
   * Both on-premise images start with a class-data archive their own JVM wrote: each stage runs the
   * training start ({@code --appcds-training}, functions/knative {@code PackagedAppCdsIT} runs it)
   * into the file its {@code JAVA_OPTS_APPEND} maps at every start, with {@code -Xshare:auto} so a
   * JVM that cannot use it still starts. The engines stage has a JVM of its own, so it must write
   * its own archive rather than use the copied one.
   */
  @ParameterizedTest
  @ValueSource(strings = {"functions", "engines"})
  void knativeImage_startsFromAClassDataArchive_itsOwnJvmWrote(String target) throws Exception {
    Dockerfile.Stage stage = dockerfile("knative").stage(target);
    List<String> options = List.of(stage.env().get("JAVA_OPTS_APPEND").split(" "));
    String archive =
        options.stream()
            .filter(o -> o.startsWith("-XX:SharedArchiveFile="))
            .map(o -> o.substring("-XX:SharedArchiveFile=".length()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no -XX:SharedArchiveFile in " + options));
    assertThat(options).contains("-Xshare:auto").doesNotContain("-Xshare:on");
    assertThat(stage.runs())
        .as("the training start, in this stage")
        .anySatisfy(
            run ->
                assertThat(List.of(run.split("\\s+")))
                    .contains(
                        "java",
                        "-XX:ArchiveClassesAtExit=" + archive,
                        "-jar",
                        KNATIVE_RUNNER,
                        "--appcds-training"));
  }

  /** What the image's entry point passes to java when the container is given these args. */
  private static List<String> javaArguments(Dockerfile.Stage stage, Path bin, List<String> args)
      throws Exception {
    List<String> command = new ArrayList<>(stage.entrypoint());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(stage.env());
    builder.environment().put("PATH", bin + ":/usr/bin:/bin");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().toList();
  }

  private static void assertSourcesExist(ImageContext image) {
    assertThat(image.copies()).isNotEmpty();
    for (Dockerfile.Copy copy : image.copies()) {
      for (String source : copy.sources()) {
        assertThat(image.root().resolve(source))
            .as("COPY " + source + " (context " + image.root() + ")")
            .exists();
      }
    }
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex + " in " + text).isTrue();
    return m.group(1);
  }

  /** The Debian packages infra/offline-engines.sh checks for (CI and ./conserver install them). */
  static Set<String> offlineEnginePackages() throws IOException {
    String script = Files.readString(root().resolve("infra/offline-engines.sh"));
    List<String> found = new ArrayList<>();
    Matcher echo = Pattern.compile("\\|\\|\\s*echo\\s+([a-z0-9][a-z0-9.+-]*)").matcher(script);
    while (echo.find()) {
      found.add(echo.group(1));
    }
    Matcher loop = Pattern.compile("for pkg in ([^;]+);").matcher(script);
    while (loop.find()) {
      found.addAll(List.of(loop.group(1).strip().split("\\s+")));
    }
    return new TreeSet<>(found);
  }
}
