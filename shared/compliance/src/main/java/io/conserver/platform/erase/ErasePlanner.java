package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.BucketLayout;
import io.conserver.platform.holds.Hold;
import io.conserver.platform.holds.Holds;
import io.conserver.platform.index.PartyIdentifiers;
import io.conserver.platform.index.PartyIndex;
import io.conserver.platform.media.MediaReferences;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.share.ShareFiles;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconUuid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Finds everything a party left in a tenant's bucket before anything is deleted: the conversations
 * the party index names, plus inbox drops and quarantined inputs that were never indexed (found by
 * comparing identifiers in normalised form, never by logging them), and for each conversation its
 * {@link Footprint}. Reads only.
 */
final class ErasePlanner {
  static final long MAX_DOCUMENT_BYTES = 64L * 1024 * 1024;
  private static final long MAX_RECORD_BYTES = 1024 * 1024;

  private final BlobStore store;
  private final PartyIndex index;
  private final Holds holds;
  private final MediaReferences references;
  private final Ledger ledger;
  // Listed once per plan: a footprint per conversation must not list the whole prefix again.
  private List<String> inbox = List.of();
  private List<String> quarantineRecords = List.of();
  private List<String> attempts = List.of();
  private List<ShareFiles.Stored> shares = List.of();

  ErasePlanner(BlobStore store, PartyIndex index, Holds holds, MediaReferences references) {
    this.store = store;
    this.index = index;
    this.holds = holds;
    this.references = references;
    this.ledger = new Ledger(store);
  }

  /** What the planner found: each conversation's footprint and the drops that belong to none. */
  record Plan(List<Footprint> conversations, Footprint looseDrops) {}

  Plan plan(String identifier, String normalised, ResidueMatcher matcher) {
    String partyHmac = index.hmac(normalised);
    Map<String, List<String>> copiesById = copiesById();
    inbox = keys("inbox/");
    quarantineRecords = keys("quarantine/");
    attempts = keys("attempts/");
    shares = new ShareFiles(store).all();
    Set<String> conversations = new TreeSet<>(index.conversationsOf(identifier));
    conversations.addAll(writtenNationally(normalised, copiesById));
    Footprint loose = Footprint.create("drops");
    Set<String> looseInbox = new TreeSet<>();
    Set<String> looseQuarantine = new TreeSet<>();

    // Quarantine: inputs set aside may never have been indexed.
    ResidueScanner scanner = new ResidueScanner(store, matcher);
    for (String record : quarantineRecords) {
      String input =
          readJson(record, MAX_RECORD_BYTES)
              .map(json -> json.path("event").path("key").asText(""))
              .orElse("");
      boolean mentions =
          !scanner.scanContent(record).isEmpty()
              || !input.isEmpty()
                  && store.head(input).isPresent()
                  && mentionsParty(input, normalised, matcher);
      if (!mentions) {
        continue;
      }
      Optional<String> conversation = BucketLayout.conversationIdOf(input);
      if (conversation.isPresent()) {
        conversations.add(conversation.get());
      } else {
        looseQuarantine.add(record);
        if (input.startsWith("inbox/")) {
          looseInbox.add(input);
        }
      }
    }
    // Inbox: drops not processed yet, or whose processing failed.
    for (String drop : inbox) {
      if (!mentionsParty(drop, normalised, matcher)) {
        continue;
      }
      Optional<String> uuid = vconUuidOf(drop);
      if (uuid.isPresent() && copiesById.containsKey(uuid.get())) {
        conversations.add(uuid.get());
      } else {
        looseInbox.add(drop);
      }
    }

    List<Footprint> footprints = new ArrayList<>();
    for (String conversation : conversations) {
      footprints.add(footprint(conversation, partyHmac, copiesById));
    }
    Set<String> claimed = new LinkedHashSet<>();
    footprints.forEach(f -> claimed.addAll(f.texts("inbox")));
    looseInbox.removeAll(claimed);
    loose.setTexts("inbox", withSiblings(looseInbox));
    loose.setTexts("quarantine", looseQuarantine);
    loose.setTexts("attempts", attemptsOf(referencesOf(looseQuarantine)));
    return new Plan(footprints, loose);
  }

  private Footprint footprint(
      String conversation, String partyHmac, Map<String, List<String>> copiesById) {
    Footprint footprint = Footprint.create(conversation);
    Set<String> ids = new LinkedHashSet<>(List.of(conversation));
    redactedIdOf(conversation).ifPresent(ids::add);
    List<String> copies = new ArrayList<>();
    ids.forEach(id -> copies.addAll(copiesById.getOrDefault(id, List.of())));

    List<Vcon> vcons = new ArrayList<>();
    for (String key : copies) {
      readVcon(key).ifPresent(vcons::add);
    }
    vcons.forEach(v -> ids.add(v.uuid()));
    footprint.setTexts("ids", ids);
    footprint.setTexts("copies", copies);

    Set<String> partyHmacs = new LinkedHashSet<>(Holds.partyHmacs(vcons, index));
    if (partyHmac != null) {
      partyHmacs.add(partyHmac);
      footprint.json.put("erased_party_hmac", partyHmac);
    }
    footprint.setTexts(
        "held_by", holds.blocking(conversation, partyHmacs).stream().map(Hold::id).toList());
    footprint.setTexts("party_hmacs", partyHmacs);
    Set<String> indexKeys = new TreeSet<>();
    for (String hmac : partyHmacs) {
      for (String id : ids) {
        indexKeys.add(PartyIndex.entryKey(hmac, id));
      }
    }
    footprint.setTexts("index", indexKeys);

    Set<String> media = new TreeSet<>();
    vcons.forEach(v -> media.addAll(references.mediaKeysOf(v)));
    for (String key : media) {
      ObjectNode entry = footprint.array("media").addObject();
      entry.put("key", key);
      Set<String> referrers = references.referrers(key);
      if (!referrers.contains(conversation)) {
        referrers.addAll(scanReferrers(key, copiesById)); // written before references were kept
      }
      referrers.removeAll(ids);
      referrers.forEach(entry.putArray("referrers")::add);
    }

    Set<String> quarantine = new TreeSet<>();
    for (String record : quarantineRecords) {
      String reference = lastSegment(record).replaceFirst("\\.json$", "");
      if (ids.contains(reference)) {
        quarantine.add(record);
      }
    }
    footprint.setTexts("quarantine", quarantine);
    Set<String> refs = new LinkedHashSet<>(ids);
    refs.addAll(referencesOf(quarantine));
    footprint.setTexts("attempts", attemptsOf(refs));
    footprint.setTexts("inbox", withSiblings(inboxDropsOf(ids)));
    // Its share links: they point at copies that go now; the ledger keeps their events.
    footprint.setTexts(
        "shares",
        shares.stream()
            .filter(share -> ids.contains(share.conversation()))
            .flatMap(share -> share.keys().stream())
            .toList());

    cloudCopiesOf(ids).forEach(copy -> footprint.array("cloud_copies").add(copy));
    for (String id : ids) {
      for (BlobMetadata journal : store.list(BucketLayout.sinkJournalPrefix(id))) {
        readJson(journal.key(), MAX_RECORD_BYTES)
            .ifPresent(
                record ->
                    footprint
                        .array("journal")
                        .add(SinkJournalEntry.of(journal.key(), record).toJson()));
      }
    }
    return footprint;
  }

  /**
   * The copies an export-to-cloud stage handed to another store (a hybrid tenant's cloud bucket),
   * from the transfer records of the conversation's ledger: erase asks that store to erase them.
   */
  private List<ObjectNode> cloudCopiesOf(Set<String> ids) {
    Map<String, ObjectNode> copies = new LinkedHashMap<>();
    for (String id : ids) {
      for (JsonNode record : ledger.records(id)) {
        for (JsonNode warning : record.path("warnings")) {
          HandoffErase.Copy.ofTransferRecord(warning.asText())
              .ifPresent(
                  copy -> {
                    ObjectNode entry = copy.toJson();
                    entry.put("status", "planned");
                    copies.putIfAbsent(copy.destination(), entry);
                  });
        }
      }
    }
    return List.copyOf(copies.values());
  }

  /**
   * The footprints of conversations named by id (an erase by conversation, no party): those of
   * which anything is left; an id with nothing left is not planned (the receipt says not found).
   */
  Plan planConversations(List<String> conversationIds) {
    Map<String, List<String>> copiesById = copiesById();
    inbox = keys("inbox/");
    quarantineRecords = keys("quarantine/");
    attempts = keys("attempts/");
    shares = new ShareFiles(store).all();
    List<Footprint> found = new ArrayList<>();
    for (String id : conversationIds) {
      Footprint footprint = footprint(id, null, copiesById);
      if (List.of("copies", "inbox", "quarantine", "attempts", "journal", "shares").stream()
          .anyMatch(member -> !footprint.json.path(member).isEmpty())) {
        found.add(footprint);
      }
    }
    Footprint loose = Footprint.create("drops");
    loose.setTexts("inbox", List.of());
    loose.setTexts("quarantine", List.of());
    loose.setTexts("attempts", List.of());
    return new Plan(found, loose);
  }

  /** The inbox keys the conversation was ingested from, as its ledger recorded them. */
  private Set<String> inboxDropsOf(Set<String> ids) {
    Set<String> drops = new TreeSet<>();
    for (String id : ids) {
      for (JsonNode record : ledger.records(id)) {
        String input = record.path("input").path("key").asText("");
        if (input.startsWith("inbox/") && inbox.contains(input)) {
          drops.add(input);
        }
      }
      inbox.stream()
          .filter(k -> lastSegment(k).equals(id + BucketLayout.VCON_SUFFIX))
          .forEach(drops::add);
    }
    return drops;
  }

  /** A recording and its sidecar go together: {@code call.wav} with {@code call.json}. */
  private Set<String> withSiblings(Set<String> drops) {
    Set<String> all = new TreeSet<>(drops);
    for (String drop : drops) {
      String stem = stem(drop);
      inbox.stream().filter(k -> stem(k).equals(stem)).forEach(all::add);
    }
    return all;
  }

  private List<String> attemptsOf(Set<String> references) {
    List<String> keys = new ArrayList<>();
    for (String attempt : attempts) {
      String[] parts = attempt.split("/");
      if (parts.length >= 5 && references.contains(parts[3])) {
        keys.add(attempt);
      }
    }
    return keys;
  }

  private static Set<String> referencesOf(Set<String> quarantineKeys) {
    Set<String> refs = new LinkedHashSet<>();
    quarantineKeys.forEach(k -> refs.add(lastSegment(k).replaceFirst("\\.json$", "")));
    return refs;
  }

  /** Which conversations refer to a media key, by reading their copies (the slow way). */
  private Set<String> scanReferrers(String mediaKey, Map<String, List<String>> copiesById) {
    Set<String> referrers = new TreeSet<>();
    for (Map.Entry<String, List<String>> entry : copiesById.entrySet()) {
      for (String key : entry.getValue()) {
        if (readVcon(key).map(v -> references.mediaKeysOf(v).contains(mediaKey)).orElse(false)) {
          referrers.add(entry.getKey());
          break;
        }
      }
    }
    return referrers;
  }

  /** Whether an object names the party: its parties when it is a vCon, else any trace in it. */
  private boolean mentionsParty(String key, String normalised, ResidueMatcher matcher) {
    Optional<Vcon> vcon = key.endsWith(".json") ? readVcon(key) : Optional.empty();
    if (vcon.isPresent()) {
      for (Party party : vcon.get().parties()) {
        if (PartyIdentifiers.of(party).contains(normalised)) {
          return true;
        }
      }
    }
    if (!matcher.find(key).isEmpty()) {
      return true;
    }
    return !new ResidueScanner(store, matcher).scanContent(key).isEmpty();
  }

  /**
   * Conversations whose party gave the number without its country code ({@code (555) 123-4567} in a
   * chat export or a sidecar, {@code 020 7946 0000}): the index holds them under the national
   * digits, which may also be another country's E.164 number, so each candidate is kept only if one
   * of its parties wrote exactly that number in national form.
   */
  private Set<String> writtenNationally(String normalised, Map<String, List<String>> copiesById) {
    Set<String> found = new TreeSet<>();
    if (!normalised.startsWith("tel:+")) {
      return found;
    }
    String digits = normalised.substring(5);
    String national = ResidueMatcher.nationalNumber(digits);
    if (national.equals(digits)) {
      return found;
    }
    for (String asIndexed : List.of("tel:+" + national, "tel:+0" + national)) { // trunk prefix
      for (String candidate : index.conversationsOf(asIndexed)) {
        for (String key : copiesById.getOrDefault(candidate, List.of())) {
          if (readVcon(key).filter(v -> hasNationalTel(v, asIndexed)).isPresent()) {
            found.add(candidate);
            break;
          }
        }
      }
    }
    return found;
  }

  private static boolean hasNationalTel(Vcon vcon, String asIndexed) {
    for (Party party : vcon.parties()) {
      String written = party.tel().orElse("").strip().replaceFirst("(?i)^tel:", "");
      if (!written.startsWith("+")
          && !written.startsWith("00")
          && PartyIdentifiers.tel(written).filter(asIndexed::equals).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private List<String> keys(String prefix) {
    return store.list(prefix).stream().map(BlobMetadata::key).toList();
  }

  private Map<String, List<String>> copiesById() {
    Map<String, List<String>> copies = new LinkedHashMap<>();
    for (BlobMetadata object : store.list("vcons/")) {
      BucketLayout.conversationIdOf(object.key())
          .ifPresent(id -> copies.computeIfAbsent(id, k -> new ArrayList<>()).add(object.key()));
    }
    return copies;
  }

  private Optional<String> vconUuidOf(String key) {
    return key.endsWith(".json") ? readVcon(key).map(Vcon::uuid) : Optional.empty();
  }

  Optional<Vcon> readVcon(String key) {
    return readJson(key, MAX_DOCUMENT_BYTES)
        .filter(json -> json.isObject() && json.has("uuid") && json.has("parties"))
        .map(Vcon::of);
  }

  private Optional<JsonNode> readJson(String key, long max) {
    try {
      return Optional.of(VconJson.codec().read(store.getBytes(key, max)));
    } catch (RuntimeException e) {
      return Optional.empty(); // not JSON (a recording), too large, or gone: not a vCon to read
    }
  }

  static Optional<String> redactedIdOf(String conversationId) {
    try {
      return Optional.of(VconUuid.derive(UUID.fromString(conversationId), "redacted").toString());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static String lastSegment(String key) {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  static String stem(String key) {
    int slash = key.lastIndexOf('/');
    int dot = key.lastIndexOf('.');
    return dot > slash ? key.substring(0, dot) : key;
  }
}
