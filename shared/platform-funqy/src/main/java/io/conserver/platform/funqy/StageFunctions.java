package io.conserver.platform.funqy;

import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.PipelineParser;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.runner.JobArea;
import io.conserver.platform.runner.StageRunner;
import io.conserver.platform.runner.StageTrigger;
import io.conserver.platform.runner.Transformation;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.BlobStoreProvider;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.validation.ValidationMode;
import io.conserver.vcon.validation.VconValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Builds, once per function name, the {@link StageTrigger} a deployment runs: the configured store,
 * the pipeline declaration, the stage that uses the function and its transformation. Every @Funq
 * entry point is a one-line call into {@link #trigger(String)} through {@link FunqyEvents}.
 */
public final class StageFunctions {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(StageFunctions.class.getName());

  private final FunctionSettings settings;
  private final Clock clock;
  private final Map<String, StageTrigger> triggers = new ConcurrentHashMap<>();
  private volatile BlobStore store;

  public StageFunctions(FunctionSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Where the functions, the store providers and the pipeline declarations are looked up: the
   * loader of the package these classes came in (a Lambda zip, a Cloud Functions uber-jar, the
   * local runtime's class path), not the calling thread's context loader. That one depends on the
   * host: the Functions Framework's request threads, for one, carry a loader that sees the same
   * classes under other identities ("IngestTransformation not a subtype of Transformation").
   */
  private static final ClassLoader PACKAGE = StageFunctions.class.getClassLoader();

  private static final StageFunctions DEFAULT =
      new StageFunctions(FunctionSettings.fromEnvironment(), Clock.systemUTC());

  /** The instance configured from the environment, shared by the entry points of a deployment. */
  public static StageFunctions fromEnvironment() {
    return DEFAULT;
  }

  public StageTrigger trigger(String function) {
    return triggers.computeIfAbsent(function, this::build);
  }

  /**
   * Does now what the first event would otherwise do (for a snapshot, or the init phase): the
   * pipeline declaration parsed, the transformation found, the store's client built and warmed up
   * (its TLS code loaded), the vCon codec and validator loaded. Nothing is read or written and no
   * connection is opened, so nothing in a snapshot of this process is tied to one connection or one
   * set of credentials.
   */
  public void prime(String function) {
    trigger(function);
    store().warmUp();
    primeCodec();
  }

  /**
   * Loads the vCon codec and validator by validating a small built-in vCon: the part of {@link
   * #prime} that needs no configuration (an image build's class-data training run calls it too).
   */
  public static void primeCodec() {
    byte[] sample =
        "{\"vcon\":\"0.3.0\",\"uuid\":\"019f15a6-a752-826f-b9a2-279e0d16bc01\",\"created_at\":\"2026-11-26T09:00:00Z\",\"parties\":[{\"tel\":\"+15555550100\"}],\"dialog\":[{\"type\":\"text\",\"start\":\"2026-11-26T09:00:00Z\",\"parties\":[0],\"body\":\"hi\",\"encoding\":\"none\",\"mediatype\":\"text/plain\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    VconValidator.validate(VconJson.codec().read(sample), ValidationMode.STRICT);
  }

  private StageTrigger build(String function) {
    String tenant = settings.required("conserver.tenant");
    PipelineDeclaration pipeline = pipeline();
    StageDeclaration stage = stageFor(pipeline, function);
    Transformation transformation = transformation(function);
    BlobStore bucket = store();
    StageRunner runner =
        new StageRunner(bucket, tenant, pipeline, stage.name(), transformation, clock);
    var indexKey = settings.optional("conserver.party-index-key");
    if (indexKey.isPresent()) {
      byte[] key = java.util.Base64.getDecoder().decode(indexKey.get().strip());
      runner = runner.indexingParties(new PartyIndex(bucket, key));
    } else {
      LOG.warning("conserver.party-index-key is not set: this deployment keeps no party index");
    }
    return new StageTrigger(runner, bucket, tenant, pipeline.name(), clock);
  }

  /** Whether the trigger of {@code function} is built (by an event or by {@link #prime}). */
  boolean built(String function) {
    return triggers.containsKey(function);
  }

  /**
   * Where the stage that runs {@code function} keeps its asynchronous jobs' records: for the
   * handler of a job's completion event, which finds the input to deliver again there.
   */
  public JobArea jobArea(String function) {
    PipelineDeclaration pipeline = pipeline();
    return new JobArea(store(), pipeline.name(), stageFor(pipeline, function).name());
  }

  /** The declaration of the stage that runs {@code function}: its options, for entry points. */
  public StageDeclaration stage(String function) {
    return stageFor(pipeline(), function);
  }

  /** The clock the stages run by: what a sweep decides a job's age with. */
  public Clock clock() {
    return clock;
  }

  /** The one bucket this deployment serves ({@code conserver.bucket}). */
  public String bucket() {
    return settings.required("conserver.bucket");
  }

  /**
   * The declaration this deployment runs: {@code conserver.pipeline-json}, else the packaged one.
   */
  public PipelineDeclaration pipeline() {
    String name = settings.optional("conserver.pipeline").orElse("default");
    var json = settings.optional("conserver.pipeline-json");
    if (json.isPresent()) {
      return PipelineParser.parse(
          json.get().getBytes(StandardCharsets.UTF_8), "conserver.pipeline-json");
    }
    String resource = "pipelines/" + name + ".json";
    try (InputStream in = PACKAGE.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "no pipeline declaration: set conserver.pipeline-json or package " + resource);
      }
      return PipelineParser.parse(in.readAllBytes(), resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private StageDeclaration stageFor(PipelineDeclaration pipeline, String function) {
    var chosen = settings.optional("conserver.stage");
    List<StageDeclaration> candidates =
        pipeline.stages().stream()
            .filter(s -> s.function().equals(function))
            .filter(s -> chosen.isEmpty() || s.name().equals(chosen.get()))
            .toList();
    if (candidates.size() != 1) {
      throw new IllegalStateException(
          "pipeline "
              + pipeline.name()
              + " has "
              + candidates.size()
              + " stages using function "
              + function
              + (candidates.size() > 1 ? "; set conserver.stage" : ""));
    }
    return candidates.get(0);
  }

  private static Transformation transformation(String function) {
    for (Transformation candidate : ServiceLoader.load(Transformation.class, PACKAGE)) {
      if (candidate.function().equals(function)) {
        return candidate;
      }
    }
    throw new IllegalStateException("this package has no function " + function);
  }

  /** The tenant's bucket, opened once per process with the configured store. */
  public BlobStore store() {
    if (store == null) {
      synchronized (this) {
        if (store == null) {
          store = openStore();
        }
      }
    }
    return store;
  }

  private BlobStore openStore() {
    Map<String, BlobStoreProvider> providers =
        ServiceLoader.load(BlobStoreProvider.class, PACKAGE).stream()
            .map(ServiceLoader.Provider::get)
            .collect(Collectors.toMap(BlobStoreProvider::scheme, p -> p));
    String scheme =
        settings
            .optional("conserver.store")
            .orElseGet(
                () ->
                    providers.keySet().stream()
                        .filter(s -> !s.equals("file"))
                        .findFirst()
                        .orElse("file"));
    BlobStoreProvider provider = providers.get(scheme);
    if (provider == null) {
      throw new IllegalStateException(
          "store " + scheme + " is not in this package (has: " + providers.keySet() + ")");
    }
    return provider.open(settings.required("conserver.bucket"), settings.lookup());
  }
}
