package io.conserver.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.conserver.platform.erase.ErasePolicy;
import io.conserver.platform.erase.EraseRequests;
import io.conserver.platform.erase.ReceiptSigner;
import io.conserver.platform.holds.Hold;
import io.conserver.platform.holds.Holds;
import io.conserver.platform.index.PartyIdentifiers;
import io.conserver.platform.lifecycle.LifecycleRuns;
import io.conserver.platform.runner.Ledger;
import io.conserver.platform.storage.BlobMetadata;
import io.conserver.server.ConsoleGateway;
import io.conserver.vcon.VconJson;
import io.conserver.vcon.VconUuid;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The compliance page: erase requests (submit, watch, the signed receipt verified with the tenant's
 * receipt key), legal holds, expiry receipts and the data-use audit of one conversation. It calls
 * the same services as the API and the CLI; the party identifier is only ever in a POST body, never
 * in a URL, a page or a log.
 */
@Path("/console/{tenant}/compliance")
@Produces(MediaType.TEXT_HTML)
public class ComplianceResource {
  @TemplateData
  record Request(String id, String status, String policy, String requestedAt) {}

  @TemplateData
  record HoldRow(
      String id, String kind, String target, String caseId, String reason, String setAt) {
    static HoldRow of(Hold h) {
      return new HoldRow(
          h.id(), h.kind(), h.target(), h.caseId(), h.reason(), h.setAt().toString());
    }
  }

  /** A signed receipt and what verifying it with the tenant's public key said. */
  @TemplateData
  record Receipt(
      String id, boolean present, boolean valid, String reason, String payload, String jws) {}

  private final ConsoleAuth auth;
  private final ConsoleGateway gateway;
  private final Template page;
  private final Template erase;
  private final Template receipt;
  private final Template audit;

  ComplianceResource(
      ConsoleAuth auth,
      ConsoleGateway gateway,
      @Location("console/compliance.html") Template page,
      @Location("console/erase.html") Template erase,
      @Location("console/receipt.html") Template receipt,
      @Location("console/audit.html") Template audit) {
    this.auth = auth;
    this.gateway = gateway;
    this.page = page;
    this.erase = erase;
    this.receipt = receipt;
    this.audit = audit;
  }

  @GET
  @Operation(hidden = true)
  public TemplateInstance overview(
      @PathParam("tenant") String tenant,
      @CookieParam(ConsoleSessions.COOKIE) String cookie,
      @QueryParam("error") String error) {
    Viewer viewer = auth.viewer(cookie, tenant);
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    List<Request> requests = new ArrayList<>();
    if (viewer.canErase()) {
      EraseRequests all = data.erase().requests();
      for (BlobMetadata state : data.store().list(EraseRequests.STATE_PREFIX)) {
        String name = state.key().substring(EraseRequests.STATE_PREFIX.length());
        String id = name.endsWith(".json") ? name.substring(0, name.length() - 5) : "";
        if (EraseRequests.isRequestId(id)) {
          all.load(id)
              .ifPresent(
                  s ->
                      requests.add(
                          new Request(
                              id,
                              s.path("status").asText(),
                              s.path("policy").asText(),
                              s.path("requested_at").asText())));
        }
      }
    }
    List<HoldRow> holds =
        viewer.canAdmin()
            ? new Holds(data.store()).list().stream().map(HoldRow::of).toList()
            : List.of();
    return page.data("viewer", viewer)
        .data("page", "compliance")
        .data("requests", requests)
        .data("holds", holds)
        .data("expiry", new LifecycleRuns(data.store()).receipts())
        .data("error", error == null ? "" : error);
  }

  @POST
  @Path("/erase")
  @Operation(hidden = true)
  public Response submitErase(
      @BeanParam ConsolePost post,
      @FormParam("party") String party,
      @FormParam("policy") String policy,
      @FormParam("dry_run") String dryRun) {
    Viewer viewer = auth.poster(post, "erase");
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    String identifier = party == null ? "" : party.strip();
    try {
      ErasePolicy chosen = ErasePolicy.parse(policy == null ? "erase" : policy);
      if (dryRun != null) {
        ObjectNode plan = data.erase().dryRun(identifier, chosen);
        return ConsoleAuth.page(
            200,
            erase
                .data("viewer", viewer)
                .data("page", "compliance")
                .data("dryRun", true)
                .data("state", VconJson.codec().writePretty(plan))
                .data("request", "")
                .data("status", "dry run")
                .data("receipt", null)
                .render());
      }
      String id = gateway.startErase(data.name(), identifier, chosen);
      return Response.seeOther(
              URI.create("/console/" + viewer.tenant() + "/compliance/erase/" + id))
          .build();
    } catch (IllegalArgumentException e) {
      return ConsoleAuth.page(400, overview(post.tenant, post.cookie, e.getMessage()).render());
    }
  }

  @GET
  @Path("/erase/{id}")
  @Operation(hidden = true)
  public TemplateInstance eraseRequest(
      @PathParam("tenant") String tenant,
      @PathParam("id") String id,
      @CookieParam(ConsoleSessions.COOKIE) String cookie) {
    Viewer viewer = ConsoleAuth.requireScope(auth.viewer(cookie, tenant), "erase");
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    if (!EraseRequests.isRequestId(id)) {
      throw ConsoleException.notFound("no such erase request");
    }
    ObjectNode state =
        data.erase()
            .requests()
            .load(id)
            .orElseThrow(() -> ConsoleException.notFound("no such erase request"));
    state.remove("sealed_identifier");
    String status = state.path("status").asText();
    return erase
        .data("viewer", viewer)
        .data("page", "compliance")
        .data("dryRun", false)
        .data("request", id)
        .data("status", status)
        .data("state", VconJson.codec().writePretty(state))
        .data("receipt", verified(data, id, data.erase().requests().receipt(id)));
  }

  @GET
  @Path("/expiry/{id}")
  @Operation(hidden = true)
  public TemplateInstance expiryReceipt(
      @PathParam("tenant") String tenant,
      @PathParam("id") String id,
      @CookieParam(ConsoleSessions.COOKIE) String cookie) {
    Viewer viewer = auth.viewer(cookie, tenant);
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    if (!LifecycleRuns.isRunId(id)) {
      throw ConsoleException.notFound("no such expiry run");
    }
    Optional<String> jws = new LifecycleRuns(data.store()).receipt(id);
    if (jws.isEmpty()) {
      throw ConsoleException.notFound("no such expiry receipt");
    }
    return receipt
        .data("viewer", viewer)
        .data("page", "compliance")
        .data("kind", "Expiry")
        .data("receipt", verified(data, id, jws));
  }

  @GET
  @Path("/audit")
  @Operation(hidden = true)
  public TemplateInstance audit(
      @PathParam("tenant") String tenant,
      @CookieParam(ConsoleSessions.COOKIE) String cookie,
      @QueryParam("uuid") String uuid) {
    Viewer viewer = auth.viewer(cookie, tenant);
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    String id = uuid == null ? "" : uuid.strip().toLowerCase(Locale.ROOT);
    if (!VconUuid.isCanonical(id)) {
      throw ConsoleException.badRequest("give a conversation id (a uuid)");
    }
    Ledger ledger = new Ledger(data.store());
    List<String> records = new ArrayList<>();
    for (JsonNode record : ledger.records(id)) {
      records.add(VconJson.codec().writePretty(record));
    }
    return audit
        .data("viewer", viewer)
        .data("page", "compliance")
        .data("uuid", id)
        .data("records", records)
        .data("intact", !records.isEmpty() && ledger.verifyChain(id));
  }

  @POST
  @Path("/holds")
  @Operation(hidden = true)
  public Response setHold(
      @BeanParam ConsolePost post,
      @FormParam("kind") String kind,
      @FormParam("target") String target,
      @FormParam("case") String caseId,
      @FormParam("reason") String reason) {
    Viewer viewer = auth.poster(post, "admin");
    ConsoleGateway.Tenant data = auth.tenant(viewer);
    Holds holds = new Holds(data.store());
    String value = target == null ? "" : target.strip();
    try {
      if ("party".equals(kind)) {
        String normalised =
            PartyIdentifiers.parse(value)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "not a party identifier (tel:, mailto:, sip: or name:)"));
        holds.holdParty(data.partyIndex().hmac(normalised), caseId, reason, Instant.now());
      } else {
        holds.holdConversation(value.toLowerCase(Locale.ROOT), caseId, reason, Instant.now());
      }
    } catch (IllegalArgumentException e) {
      return ConsoleAuth.page(400, overview(post.tenant, post.cookie, e.getMessage()).render());
    }
    return Response.seeOther(URI.create("/console/" + viewer.tenant() + "/compliance#holds"))
        .build();
  }

  @POST
  @Path("/holds/release")
  @Operation(hidden = true)
  public Response releaseHold(@BeanParam ConsolePost post, @FormParam("hold") String hold) {
    Viewer viewer = auth.poster(post, "admin");
    try {
      if (!new Holds(auth.tenant(viewer).store()).release(hold == null ? "" : hold)) {
        throw ConsoleException.notFound("no such hold");
      }
    } catch (IllegalArgumentException e) {
      throw ConsoleException.notFound("no such hold");
    }
    return Response.seeOther(URI.create("/console/" + viewer.tenant() + "/compliance#holds"))
        .build();
  }

  private static Receipt verified(ConsoleGateway.Tenant data, String id, Optional<String> jws) {
    if (jws.isEmpty()) {
      return new Receipt(id, false, false, "", "", "");
    }
    ReceiptSigner.Verification check =
        ReceiptSigner.verify(jws.get(), data.local().receiptPublicKey());
    return new Receipt(
        id,
        true,
        check.valid(),
        check.reason() == null ? "" : check.reason(),
        check.payload() == null ? "" : VconJson.codec().writePretty(check.payload()),
        jws.get());
  }
}
