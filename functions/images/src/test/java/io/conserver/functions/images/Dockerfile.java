package io.conserver.functions.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile that the contract needs, per build stage: what each stage copies
 * from the build context, its environment, entry point and command, and the packages it installs
 * with apt-get. Line continuations, comments and the parser directive are handled; the JSON (exec)
 * form of ENTRYPOINT and CMD is required, since the shell form would hide the command from the
 * Lambda runtime's arguments.
 */
record Dockerfile(Map<String, Stage> stages) {

  /** One {@code COPY src... dest} without {@code --from} (a copy out of the build context). */
  record Copy(List<String> sources, String destination) {}

  record Stage(
      String name,
      String base,
      List<Copy> copies,
      Map<String, String> env,
      List<String> entrypoint,
      List<String> cmd,
      List<String> aptPackages,
      List<String> runs) {}

  /** The AWS Lambda base images for Java ({@code public.ecr.aws/lambda/java:17}, ...). */
  static final String AWS_LAMBDA_JAVA_BASE = "public.ecr.aws/lambda/java";

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");
  private static final Pattern FROM =
      Pattern.compile("FROM\\s+(\\S+)(?:\\s+AS\\s+(\\S+))?", Pattern.CASE_INSENSITIVE);
  private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern ENV_PAIR =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(?:\"([^\"]*)\"|(\\S*))");
  private static final Pattern APT_INSTALL =
      Pattern.compile("apt-get install((?:\\s+[a-z0-9][a-z0-9.+-]*|\\s+-[-a-z]+)+)");

  static Dockerfile read(Path file) throws IOException {
    Map<String, Stage> stages = new LinkedHashMap<>();
    Stage current = null;
    for (String line : instructions(Files.readAllLines(file))) {
      String keyword = line.split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT);
      String args = line.substring(keyword.length()).strip();
      if (keyword.equals("FROM")) {
        Matcher m = FROM.matcher(line);
        if (!m.matches()) {
          throw new IllegalArgumentException(file + ": cannot read " + line);
        }
        String name = m.group(2) == null ? "#" + stages.size() : m.group(2);
        Stage parent = stages.get(m.group(1));
        Map<String, String> env = new LinkedHashMap<>(parent == null ? Map.of() : parent.env());
        if (parent == null && m.group(1).startsWith(AWS_LAMBDA_JAVA_BASE)) {
          // What the AWS Lambda base image defines (its entry point runs the runtime client).
          env.put("LAMBDA_TASK_ROOT", "/var/task");
        }
        current =
            new Stage(
                name,
                m.group(1),
                new ArrayList<>(parent == null ? List.of() : parent.copies()),
                env,
                new ArrayList<>(parent == null ? List.of() : parent.entrypoint()),
                new ArrayList<>(parent == null ? List.of() : parent.cmd()),
                new ArrayList<>(parent == null ? List.of() : parent.aptPackages()),
                new ArrayList<>(parent == null ? List.of() : parent.runs()));
        stages.put(name, current);
        continue;
      }
      if (current == null) {
        throw new IllegalArgumentException(file + ": " + keyword + " before FROM");
      }
      switch (keyword) {
        case "COPY", "ADD" -> copy(expand(args, current.env())).ifPresent(current.copies()::add);
        case "ENV" -> current.env().putAll(env(args));
        case "ENTRYPOINT" -> replace(current.entrypoint(), execForm(file, line, args));
        case "CMD" -> replace(current.cmd(), execForm(file, line, args));
        case "RUN" -> {
          current.runs().add(args);
          Matcher m = APT_INSTALL.matcher(args);
          while (m.find()) {
            for (String word : m.group(1).strip().split("\\s+")) {
              if (!word.startsWith("-")) {
                current.aptPackages().add(word);
              }
            }
          }
        }
        default -> {}
      }
    }
    return new Dockerfile(stages);
  }

  /** The image a stage is ultimately built on (following stages built on other stages). */
  String rootBase(Stage stage) {
    Stage current = stage;
    while (stages.containsKey(current.base())) {
      current = stages.get(current.base());
    }
    return current.base();
  }

  Stage stage(String name) {
    Stage stage = stages.get(name);
    if (stage == null) {
      throw new AssertionError("no stage " + name + " (has " + stages.keySet() + ")");
    }
    return stage;
  }

  /** Logical lines: comments dropped, continuation lines joined. */
  private static List<String> instructions(List<String> lines) {
    List<String> out = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (line.endsWith("\\")) {
        pending.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      pending.append(line);
      out.add(pending.toString().strip());
      pending.setLength(0);
    }
    return out;
  }

  /** ${NAME} and $NAME from the stage's environment so far (COPY function/ ${LAMBDA_TASK_ROOT}). */
  private static String expand(String args, Map<String, String> env) {
    Matcher m = VARIABLE.matcher(args);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static java.util.Optional<Copy> copy(String args) {
    List<String> words = new ArrayList<>();
    for (String word : args.split("\\s+")) {
      if (word.startsWith("--from=")) {
        return java.util.Optional.empty();
      }
      if (!word.startsWith("--")) {
        words.add(word);
      }
    }
    return java.util.Optional.of(
        new Copy(List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1)));
  }

  /** {@code ENV NAME=value NAME="a quoted value"} (the quotes removed, as Docker does). */
  private static Map<String, String> env(String args) {
    Map<String, String> env = new LinkedHashMap<>();
    Matcher m = ENV_PAIR.matcher(args);
    while (m.find()) {
      env.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
    }
    return env;
  }

  private static List<String> execForm(Path file, String line, String args) {
    if (!args.startsWith("[") || !args.endsWith("]")) {
      throw new AssertionError(file + ": use the exec (JSON) form: " + line);
    }
    List<String> words = new ArrayList<>();
    Matcher m = JSON_STRING.matcher(args);
    while (m.find()) {
      words.add(m.group(1).replace("\\\"", "\""));
    }
    return words;
  }

  private static void replace(List<String> target, List<String> values) {
    target.clear();
    target.addAll(values);
  }
}
