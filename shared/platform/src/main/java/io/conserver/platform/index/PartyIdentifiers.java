package io.conserver.platform.index;

import io.conserver.vcon.Party;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The normalised identifiers of a party, the form in which the party index and erase requests
 * compare them: {@code tel:+15551234567} (E.164 digits; a {@code tel:} URI's parameters and visual
 * separators dropped), {@code mailto:carol@example.net} (lower-cased, {@code mailto:} prefix and
 * display parts removed), {@code sip:...} lower-cased, and {@code name:carol jones} (Unicode NFKC,
 * case-folded, whitespace collapsed).
 */
public final class PartyIdentifiers {
  private PartyIdentifiers() {}

  public static List<String> of(Party party) {
    List<String> identifiers = new ArrayList<>();
    party.tel().flatMap(PartyIdentifiers::tel).ifPresent(identifiers::add);
    party.mailto().flatMap(PartyIdentifiers::mailto).ifPresent(identifiers::add);
    party
        .sip()
        .map(s -> "sip:" + s.strip().toLowerCase(Locale.ROOT).replaceFirst("^sips?:", ""))
        .ifPresent(identifiers::add);
    party.name().flatMap(PartyIdentifiers::name).ifPresent(identifiers::add);
    return identifiers;
  }

  /** {@code tel:+<digits>}; empty when no digits remain. */
  public static Optional<String> tel(String value) {
    String number = value.strip().replaceFirst("(?i)^tel:", "");
    int parameters = number.indexOf(';');
    if (parameters >= 0) {
      number = number.substring(0, parameters);
    }
    String digits = number.replaceAll("[^0-9]", "");
    if (digits.isEmpty()) {
      return Optional.empty();
    }
    if (number.startsWith("00")) {
      digits = digits.substring(2); // international call prefix written instead of '+'
    }
    return Optional.of("tel:+" + digits);
  }

  public static Optional<String> mailto(String value) {
    String address = value.strip().replaceFirst("(?i)^mailto:", "");
    int open = address.indexOf('<');
    int close = address.indexOf('>');
    if (open >= 0 && close > open) {
      address = address.substring(open + 1, close); // "Carol <carol@example.net>"
    }
    address = address.strip().toLowerCase(Locale.ROOT);
    return address.contains("@") ? Optional.of("mailto:" + address) : Optional.empty();
  }

  public static Optional<String> name(String value) {
    String name =
        Normalizer.normalize(value, Normalizer.Form.NFKC)
            .toLowerCase(Locale.ROOT)
            .strip()
            .replaceAll("\\s+", " ");
    return name.isEmpty() ? Optional.empty() : Optional.of("name:" + name);
  }

  /**
   * Normalises an identifier as a user gives it ({@code tel:...}, {@code mailto:...}, {@code
   * name:...}).
   */
  public static Optional<String> parse(String identifier) {
    String lower = identifier.strip().toLowerCase(Locale.ROOT);
    if (lower.startsWith("tel:")) {
      return tel(identifier);
    }
    if (lower.startsWith("mailto:")) {
      return mailto(identifier);
    }
    if (lower.startsWith("sip:")) {
      return Optional.of("sip:" + lower.substring(4));
    }
    if (lower.startsWith("name:")) {
      return name(identifier.strip().substring(5));
    }
    return Optional.empty();
  }
}
