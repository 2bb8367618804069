package io.conserver.functions.analyze.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import io.conserver.vcon.Party;
import io.conserver.vcon.Vcon;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which parties speak for the customer: those the stage names ({@code "customer_parties": [0]}),
 * else those whose {@code role} (the contact-center extension) or {@code type} says so. Agents,
 * IVRs and bots never count, so an agent quoting a price is never an objection.
 */
public final class CustomerParties {
  static final Set<String> CUSTOMER_ROLES =
      Set.of("customer", "caller", "client", "consumer", "prospect", "lead", "external");

  private CustomerParties() {}

  /**
   * @param declared the {@code customer_parties} option, or a missing node
   */
  public static Set<Integer> of(Vcon vcon, JsonNode declared) {
    Set<Integer> customers = new LinkedHashSet<>();
    if (declared.isArray()) {
      declared.forEach(index -> customers.add(index.asInt()));
      return customers;
    }
    List<Party> parties = vcon.parties();
    for (int i = 0; i < parties.size(); i++) {
      if (CUSTOMER_ROLES.contains(role(parties.get(i)))) {
        customers.add(i);
      }
    }
    return customers;
  }

  static String role(Party party) {
    return party
        .text("role")
        .or(party::type)
        .map(r -> r.toLowerCase(Locale.ROOT).strip())
        .orElse("");
  }
}
