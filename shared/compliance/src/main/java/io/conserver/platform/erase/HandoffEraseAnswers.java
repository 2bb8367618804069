package io.conserver.platform.erase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.platform.storage.BlobStore;
import io.conserver.platform.storage.PutOptions;
import io.conserver.vcon.VconJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The cloud side of a hybrid erase: every request the on-premise half wrote under {@link
 * HandoffErase#REQUEST_PREFIX} and not answered yet is carried out as an erase of that conversation
 * (its hand-off copy, every stage copy, sink record and object derived from it, with a residue scan
 * and a signed receipt), then answered at {@link HandoffErase#answerKey}. A crash between the erase
 * and the answer is finished by the next run: the erase request is found again by the request key
 * it records, so its outcome is not lost to a second "nothing found".
 */
final class HandoffEraseAnswers {
  private final BlobStore store;
  private final EraseService erase;

  HandoffEraseAnswers(BlobStore store, EraseService erase) {
    this.store = store;
    this.erase = erase;
  }

  /** Answers every open request; returns the ids of the erase requests run for them. */
  List<String> answer(EraseProgress progress) throws Exception {
    List<String> answered = new ArrayList<>();
    for (BlobMetadata object : store.list(HandoffErase.REQUEST_PREFIX)) {
      String key = object.key();
      Optional<String[]> parts = HandoffErase.partsOfRequestKey(key);
      if (parts.isEmpty()) {
        continue; // not written by a hand-off: nothing to answer where the premises could read it
      }
      String answerKey = HandoffErase.answerKey(parts.get()[0], parts.get()[1], parts.get()[2]);
      if (store.head(answerKey).isPresent()) {
        continue;
      }
      String uuid = parts.get()[2];
      ObjectNode answer = answerTo(key, uuid, progress);
      store.putBytes(answerKey, VconJson.codec().write(answer), PutOptions.JSON);
      progress.step(
          "hand-off erase of " + uuid + ": " + answer.path("outcome").asText() + ", " + answerKey);
      if (answer.hasNonNull("cloud_request")) {
        answered.add(answer.path("cloud_request").asText());
      }
    }
    return answered;
  }

  private ObjectNode answerTo(String key, String uuid, EraseProgress progress) throws Exception {
    JsonNode request;
    try {
      request = VconJson.codec().read(store.getBytes(key, HandoffErase.MAX_BYTES));
    } catch (RuntimeException e) {
      return HandoffErase.refusal(uuid, "the request is not JSON: nothing was erased");
    }
    if (!HandoffErase.REQUEST_TYPE.equals(request.path("type").asText())
        || !uuid.equals(request.path("conversation").asText())) {
      return HandoffErase.refusal(
          uuid,
          "the request is not a "
              + HandoffErase.REQUEST_TYPE
              + " for "
              + uuid
              + ": nothing erased");
    }
    String id =
        erase
            .requests()
            .byOrigin(key)
            .orElseGet(() -> erase.startConversations(List.of(uuid), key));
    ObjectNode state = erase.run(id, progress);
    String receipt = erase.requests().receipt(id).orElse("");
    return HandoffErase.answer(request, outcome(state), id, state, receipt);
  }

  private static String outcome(JsonNode state) {
    if (state.path("conversations").isEmpty()) {
      return "nothing-found";
    }
    for (JsonNode conversation : state.path("conversations")) {
      if (conversation.path("status").asText().equals("held")) {
        return "held";
      }
    }
    return "erased";
  }
}
