package io.conserver.platform.aws;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The few XML documents of the S3 REST and STS Query APIs read here (errors, ListObjectsV2 page,
 * InitiateMultipartUpload result, AssumeRole result) and the one written (CompleteMultipartUpload),
 * with the JDK's StAX parser. DTDs and external entities are off: a response is data, never
 * instructions.
 */
final class AwsXml {
  private static final XMLInputFactory FACTORY = factory();
  private static final Set<String> OBJECT_FIELDS = Set.of("Key", "Size", "ETag", "LastModified");

  private AwsXml() {}

  /** One listed object: key, size, ETag (quotes kept, as S3 sends it) and modification time. */
  record Listed(String key, long size, String eTag, Instant lastModified) {}

  /** A ListObjectsV2 page: its objects and, when truncated, the token of the next page. */
  record ListPage(List<Listed> objects, String nextToken) {}

  /**
   * The text of the first element of each name in {@code names}, at any depth (an STS answer nests
   * its credentials and its error); names not found are absent from the map.
   */
  static Map<String, String> leaves(byte[] xml, Set<String> names) {
    Map<String, String> found = new HashMap<>();
    try {
      XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
      while (reader.hasNext()) {
        if (reader.next() == XMLStreamConstants.START_ELEMENT
            && names.contains(reader.getLocalName())
            && !found.containsKey(reader.getLocalName())) {
          found.put(reader.getLocalName(), reader.getElementText());
        }
      }
      reader.close();
    } catch (XMLStreamException e) {
      return found;
    }
    return found;
  }

  /** Reads one ListObjectsV2 result page. */
  static ListPage listPage(byte[] xml) {
    List<Listed> objects = new ArrayList<>();
    String nextToken = null;
    boolean truncated = false;
    try {
      XMLStreamReader reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xml));
      Map<String, String> current = null;
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = reader.getLocalName();
          if (name.equals("Contents")) {
            current = new HashMap<>();
          } else if (current != null) {
            if (OBJECT_FIELDS.contains(name)) {
              current.put(name, reader.getElementText());
            }
          } else if (name.equals("IsTruncated")) {
            truncated = Boolean.parseBoolean(reader.getElementText().trim());
          } else if (name.equals("NextContinuationToken")) {
            nextToken = reader.getElementText();
          }
        } else if (event == XMLStreamConstants.END_ELEMENT
            && reader.getLocalName().equals("Contents")
            && current != null) {
          objects.add(
              new Listed(
                  current.get("Key"),
                  Long.parseLong(current.getOrDefault("Size", "0").trim()),
                  current.get("ETag"),
                  Instant.parse(current.get("LastModified").trim())));
          current = null;
        }
      }
      reader.close();
    } catch (XMLStreamException | NumberFormatException | DateTimeParseException e) {
      throw new S3Failure(200, "MalformedListing", "unreadable listing: " + e.getMessage(), null);
    }
    return new ListPage(objects, truncated ? nextToken : null);
  }

  /** The CompleteMultipartUpload request body for parts 1..n with their ETags. */
  static byte[] completion(List<String> eTags) {
    StringBuilder xml =
        new StringBuilder(
            "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
    for (int i = 0; i < eTags.size(); i++) {
      xml.append("<Part><PartNumber>").append(i + 1).append("</PartNumber><ETag>");
      xml.append(escape(eTags.get(i))).append("</ETag></Part>");
    }
    xml.append("</CompleteMultipartUpload>");
    return xml.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory;
  }
}
