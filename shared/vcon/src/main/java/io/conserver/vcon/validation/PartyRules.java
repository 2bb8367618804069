package io.conserver.vcon.validation;

import java.util.List;

/** Party Object members (draft section "Party Object"); every one is optional. */
final class PartyRules {
  private static final List<String> STRINGS =
      List.of(
          "tel",
          "sip",
          "mailto",
          "name",
          "validation",
          "uuid",
          "type",
          "org",
          "dept",
          "stir",
          "did",
          "gmlpos");

  /** GEOPRIV civic address elements, lower-cased as the draft requires. */
  private static final List<String> CIVIC_ADDRESS =
      List.of(
          "country", "a1", "a2", "a3", "a4", "a5", "a6", "prd", "pod", "sts", "hno", "hns", "lmk",
          "loc", "flr", "nam", "pc");

  private PartyRules() {}

  static void check(Checker c, ObjectAt party) {
    for (String name : STRINGS) {
      c.string(party, name);
    }
    formats(c, party);
    ObjectAt address = c.object(party, "civicaddress");
    if (address != null) {
      for (String name : CIVIC_ADDRESS) {
        c.string(address, name);
      }
    }
  }

  // Only the formats the draft makes a MUST; tel, sip and mailto are SHOULDs with many real forms.
  private static void formats(Checker c, ObjectAt party) {
    String did = stringOrNull(party, "did");
    if (did != null && !Formats.isDid(did)) {
      c.error(party.at("did"), "format.did", "`did` must be a DID URI (did:method:id)");
    }
    String stir = stringOrNull(party, "stir");
    if (stir != null && !Formats.isJwsCompact(stir)) {
      c.error(
          party.at("stir"),
          "format.jws-compact",
          "`stir` must be a PASSporT in JWS Compact Serialization");
    }
    String gmlpos = stringOrNull(party, "gmlpos");
    if (gmlpos != null && !Formats.isGmlPos(gmlpos)) {
      c.error(party.at("gmlpos"), "format.gmlpos", "`gmlpos` must be \"latitude longitude\"");
    }
  }

  // The type was already checked; here a non-string simply has no format to check.
  private static String stringOrNull(ObjectAt holder, String name) {
    return holder.has(name) && holder.get(name).isTextual() ? holder.get(name).textValue() : null;
  }
}
