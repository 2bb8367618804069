package io.conserver.functions.transcribe.cloud.openai;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body whose file part is a WAV header followed by a spooled PCM
 * file, streamed from disk with a known length (the API is sent {@code Content-Length}).
 */
final class Multipart {
  private final String boundary = "conserver-" + UUID.randomUUID();
  private final StringBuilder fields = new StringBuilder();

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  void field(String name, String value) {
    fields
        .append("--")
        .append(boundary)
        .append("\r\nContent-Disposition: form-data; name=\"")
        .append(name)
        .append("\"\r\n\r\n")
        .append(value)
        .append("\r\n");
  }

  HttpRequest.BodyPublisher withWav(String name, String filename, Path pcm) throws IOException {
    long pcmBytes = Files.size(pcm);
    String head =
        fields
            + "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"; filename=\""
            + filename
            + "\"\r\nContent-Type: audio/wav\r\n\r\n";
    List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
    parts.add(HttpRequest.BodyPublishers.ofByteArray(head.getBytes(StandardCharsets.UTF_8)));
    parts.add(HttpRequest.BodyPublishers.ofByteArray(wavHeader(pcmBytes)));
    parts.add(HttpRequest.BodyPublishers.ofFile(pcm));
    parts.add(
        HttpRequest.BodyPublishers.ofByteArray(
            ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8)));
    return HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));
  }

  /** The 44-byte RIFF header of 16 kHz 16-bit mono PCM of the given length. */
  static byte[] wavHeader(long pcmBytes) {
    ByteBuffer b = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt((int) (36 + pcmBytes));
    b.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    b.putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000);
    b.putShort((short) 2).putShort((short) 16);
    b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) pcmBytes);
    return b.array();
  }
}
