package io.conserver.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.pipeline.PipelineDeclaration;
import io.conserver.platform.pipeline.StageDeclaration;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.server.ConsoleGateway;
import io.conserver.vcon.VconJson;
import io.quarkus.qute.TemplateData;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tenant's conversations as their furthest stage copies (per pipeline, last stage first), and
 * the search over them: by party (through the party index, so identifiers are matched by HMAC,
 * never by reading masked copies), day, tag, objection type and pipeline. Reads every furthest copy
 * of the selected pipelines: fine for a console at the scale of a local runtime; a cloud deployment
 * would query an index instead.
 */
final class ConversationCatalog {
  static final long MAX_VCON_BYTES = 32L * 1024 * 1024;

  /** Where a conversation's copy is. */
  record Copy(String id, String pipeline, String stage, String key) {}

  @TemplateData
  record Summary(
      String id,
      String pipeline,
      String stage,
      String subject,
      String start,
      List<String> parties,
      List<String> tags,
      List<String> objections) {}

  /** The search form: blank fields match everything. */
  @TemplateData
  record Filter(
      String party, String from, String to, String tag, String objection, String pipeline) {
    Filter {
      party = blankToEmpty(party);
      from = blankToEmpty(from);
      to = blankToEmpty(to);
      tag = blankToEmpty(tag);
      objection = blankToEmpty(objection);
      pipeline = blankToEmpty(pipeline);
    }

    private static String blankToEmpty(String s) {
      return s == null ? "" : s.strip();
    }
  }

  private ConversationCatalog() {}

  /** The furthest copy of each conversation of the pipelines, by conversation id. */
  static Map<String, Copy> furthest(BlobStore store, Iterable<PipelineDeclaration> pipelines) {
    Map<String, Copy> copies = new LinkedHashMap<>();
    for (PipelineDeclaration pipeline : pipelines) {
      List<StageDeclaration> stages = new ArrayList<>(pipeline.stages());
      java.util.Collections.reverse(stages);
      for (StageDeclaration stage : stages) {
        for (BlobMetadata object :
            store.list(BucketLayout.stagePrefix(pipeline.name(), stage.name()))) {
          Optional<String> id = BucketLayout.conversationIdOf(object.key());
          if (id.isPresent() && !copies.containsKey(id.get())) {
            copies.put(id.get(), new Copy(id.get(), pipeline.name(), stage.name(), object.key()));
          }
        }
      }
    }
    return copies;
  }

  /** Every stage copy of one conversation in a pipeline, first stage first. */
  static List<Copy> copiesOf(BlobStore store, PipelineDeclaration pipeline, String id) {
    List<Copy> copies = new ArrayList<>();
    for (StageDeclaration stage : pipeline.stages()) {
      String key = BucketLayout.outputKey(pipeline.name(), stage.name(), id);
      if (store.head(key).isPresent()) {
        copies.add(new Copy(id, pipeline.name(), stage.name(), key));
      }
    }
    return copies;
  }

  static JsonNode read(BlobStore store, String key) {
    return VconJson.codec().read(store.getBytes(key, MAX_VCON_BYTES));
  }

  /**
   * The conversations that match, newest first, at most {@code limit}.
   *
   * @throws IllegalArgumentException when a field of the filter is not understood (its message says
   *     which)
   */
  static List<Summary> search(
      ConsoleGateway.Tenant tenant,
      Map<String, PipelineDeclaration> pipelines,
      Filter filter,
      int limit) {
    LocalDate from = day(filter.from(), "from");
    LocalDate to = day(filter.to(), "to");
    Set<String> ofParty =
        filter.party().isEmpty()
            ? null
            : new TreeSet<>(tenant.partyIndex().conversationsOf(filter.party()));
    List<PipelineDeclaration> selected =
        pipelines.values().stream()
            .filter(p -> filter.pipeline().isEmpty() || p.name().equals(filter.pipeline()))
            .toList();
    List<Summary> matches = new ArrayList<>();
    for (Copy copy : furthest(tenant.store(), selected).values()) {
      if (ofParty != null && !ofParty.contains(copy.id())) {
        continue;
      }
      Summary summary = summarise(copy, read(tenant.store(), copy.key()));
      if (matches(summary, filter, from, to)) {
        matches.add(summary);
      }
    }
    matches.sort(Comparator.comparing(Summary::start).reversed().thenComparing(Summary::id));
    return matches.size() > limit ? matches.subList(0, limit) : matches;
  }

  static Summary summarise(Copy copy, JsonNode vcon) {
    List<String> parties = new ArrayList<>();
    for (JsonNode party : vcon.path("parties")) {
      parties.add(VconText.partyLabel(party));
    }
    return new Summary(
        copy.id(),
        copy.pipeline(),
        copy.stage(),
        vcon.path("subject").asText(""),
        VconText.start(vcon),
        parties,
        VconText.tags(vcon),
        VconText.objectionTypes(vcon));
  }

  private static boolean matches(Summary s, Filter f, LocalDate from, LocalDate to) {
    if (from != null || to != null) {
      Optional<LocalDate> day = dayOf(s.start());
      if (day.isEmpty()
          || (from != null && day.get().isBefore(from))
          || (to != null && day.get().isAfter(to))) {
        return false;
      }
    }
    String tag = f.tag().toLowerCase(Locale.ROOT);
    if (!tag.isEmpty()
        && s.tags().stream().noneMatch(t -> t.toLowerCase(Locale.ROOT).contains(tag))) {
      return false;
    }
    return f.objection().isEmpty() || s.objections().contains(f.objection());
  }

  private static Optional<LocalDate> dayOf(String start) {
    try {
      return Optional.of(OffsetDateTime.parse(start).toLocalDate());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static LocalDate day(String text, String field) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": not a day like 2026-11-26");
    }
  }
}
