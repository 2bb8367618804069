package io.conserver.functions.ingest.sources;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.runner.InvalidInputException;
import io.conserver.vcon.Attachment;
import io.conserver.vcon.Dialog;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * SIPREC recording metadata (RFC 7865, {@code urn:ietf:params:xml:ns:recording:1}, datamode
 * complete) becomes a vCon: each participant a party (its {@code nameID aor}, sip: or tel:, and
 * name); each communication session a recording dialog whose channels are its streams in document
 * order, each the participant sending it. The audio itself arrives as RTP at the recording server,
 * not in this document: the dialog has no content until the server's file is attached. Session,
 * participant and stream ids are kept in a {@code source} attachment.
 */
public final class SiprecMetadata {
  static final String NS = "urn:ietf:params:xml:ns:recording:1";

  private SiprecMetadata() {}

  /** Whether the first bytes are an RFC 7865 recording document. */
  public static boolean recognises(byte[] head) {
    String text = new String(head, StandardCharsets.UTF_8).stripLeading();
    return text.startsWith("<") && text.contains("<recording") && text.contains(NS);
  }

  public static Vcon convert(byte[] xml, SourceContext context) throws InvalidInputException {
    Element root = parse(xml).getDocumentElement();
    if (!NS.equals(root.getNamespaceURI()) || !root.getLocalName().equals("recording")) {
      throw new InvalidInputException("SIPREC metadata: the root must be <recording> in " + NS);
    }
    String datamode = text(root, "datamode").orElse("complete");
    if (!datamode.equals("complete")) {
      throw new InvalidInputException(
          "SIPREC metadata: /recording/datamode: only complete metadata is ingested, not "
              + "partial updates");
    }
    List<String> problems = new ArrayList<>();
    Map<String, Integer> parties = new HashMap<>();
    Vcon.Builder vcon = Vcon.builder(context.id(), context.uploaded()).subject("SIPREC recording");
    List<Element> participants = children(root, "participant");
    for (int i = 0; i < participants.size(); i++) {
      Element p = participants.get(i);
      String id = p.getAttribute("participant_id");
      if (id.isEmpty() || parties.containsKey(id)) {
        problems.add("/recording/participant[" + (i + 1) + "]/@participant_id: required, unique");
        continue;
      }
      parties.put(id, parties.size());
      vcon.addParty(party(p));
    }
    Map<String, Integer> senders = new HashMap<>();
    for (Element assoc : children(root, "participantstreamassoc")) {
      Integer party = parties.get(assoc.getAttribute("participant_id"));
      for (Element send : children(assoc, "send")) {
        if (party != null) {
          senders.put(send.getTextContent().strip(), party);
        }
      }
    }
    ObjectNode source = JsonNodeFactory.instance.objectNode().put("format", "siprec");
    ArrayNode sessions = source.putArray("sessions");
    List<Element> sessionElements = children(root, "session");
    for (int s = 0; s < sessionElements.size(); s++) {
      Element session = sessionElements.get(s);
      String sessionId = session.getAttribute("session_id");
      String pointer = "/recording/session[" + (s + 1) + "]";
      if (sessionId.isEmpty()) {
        problems.add(pointer + "/@session_id: required");
        continue;
      }
      Element assoc = withAttribute(root, "sessionrecordingassoc", "session_id", sessionId);
      Optional<OffsetDateTime> start = time(assoc, "associate-time", pointer, problems);
      Optional<OffsetDateTime> end = time(assoc, "disassociate-time", pointer, problems);
      if (start.isEmpty()) {
        problems.add(pointer + ": needs a sessionrecordingassoc with an associate-time");
        continue;
      }
      ArrayNode channels = JsonNodeFactory.instance.arrayNode();
      ObjectNode kept = sessions.addObject().put("session_id", sessionId);
      text(session, "sipSessionID").ifPresent(v -> kept.put("sipSessionID", v));
      ArrayNode streams = kept.putArray("streams");
      for (Element stream : children(root, "stream")) {
        if (stream.getAttribute("session_id").equals(sessionId)) {
          String streamId = stream.getAttribute("stream_id");
          Integer sender = senders.get(streamId);
          if (sender == null) {
            channels.addNull();
          } else {
            channels.addArray().add(sender);
          }
          ObjectNode st = streams.addObject().put("stream_id", streamId);
          text(stream, "label").ifPresent(l -> st.put("label", l));
        }
      }
      Dialog.Builder dialog =
          Dialog.builder("recording").start(start.get()).set("parties", channels);
      end.ifPresent(e -> dialog.duration(Duration.between(start.get(), e).toMillis() / 1000.0));
      vcon.addDialog(dialog.build());
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException("SIPREC metadata is invalid: " + problems.get(0), problems);
    }
    ArrayNode participantIds = source.putArray("participant_ids");
    parties.entrySet().stream()
        .sorted(Map.Entry.comparingByValue())
        .forEach(e -> participantIds.add(e.getKey()));
    source.put("media", "RTP streams captured by the recording server; not in this document");
    Attachment.Builder a =
        Attachment.builder("source").start(context.uploaded()).inlineJson(source);
    if (!parties.isEmpty()) {
      a.party(0);
    }
    if (!sessions.isEmpty()) {
      a.dialog(0);
    }
    vcon.addAttachment(a.build());
    return vcon.build();
  }

  private static Party party(Element participant) {
    Party.Builder party = Party.builder();
    for (Element nameId : children(participant, "nameID")) {
      String aor = nameId.getAttribute("aor");
      if (aor.startsWith("tel:")) {
        party.tel(aor.substring(4));
      } else if (aor.startsWith("sip:") || aor.startsWith("sips:")) {
        party.sip(aor);
      }
      text(nameId, "name").ifPresent(party::name);
    }
    return party.build();
  }

  // A hardened parser: no DTDs, no external entities (the metadata arrives from the network).
  private static Document parse(byte[] xml) throws InvalidInputException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      DocumentBuilder builder = factory.newDocumentBuilder();
      builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // quiet: errors throw
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (SAXException e) {
      throw new InvalidInputException("SIPREC metadata is not well-formed XML (or has a DOCTYPE)");
    } catch (ParserConfigurationException | IOException e) {
      throw new IllegalStateException("the JDK's XML parser is unavailable", e);
    }
  }

  private static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e
          && NS.equals(e.getNamespaceURI())
          && name.equals(e.getLocalName())) {
        found.add(e);
      }
    }
    return found;
  }

  private static Element withAttribute(Element root, String name, String attribute, String value) {
    return children(root, name).stream()
        .filter(e -> e.getAttribute(attribute).equals(value))
        .findFirst()
        .orElse(null);
  }

  private static Optional<String> text(Element parent, String name) {
    if (parent == null) {
      return Optional.empty();
    }
    return children(parent, name).stream()
        .map(e -> e.getTextContent().strip())
        .filter(t -> !t.isEmpty())
        .findFirst();
  }

  private static Optional<OffsetDateTime> time(
      Element parent, String name, String pointer, List<String> problems) {
    Optional<String> value = text(parent, name);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(value.get()));
    } catch (DateTimeParseException e) {
      problems.add(pointer + "/" + name + ": must be an xs:dateTime with offset");
      return Optional.empty();
    }
  }
}
