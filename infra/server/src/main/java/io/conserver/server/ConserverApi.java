package io.conserver.server;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The API's description in the OpenAPI document ({@code /q/openapi}). */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Conserver API",
            version = "1",
            description =
                "Submit vCons (IETF virtual conversation records) to a tenant's pipeline, read the"
                    + " latest stage copy of a conversation, and find a person's conversations"
                    + " through the party index, share a conversation by a signed, expiring link."
                    + " Every request carries a tenant API key (`Authorization: Bearer KEY`, from"
                    + " `conserver apikey create`) or an OIDC access token of an issuer the tenant"
                    + " trusts; scopes read-redacted, read-original, erase, admin. Errors are"
                    + " RFC 9457 problem details (application/problem+json).",
            license = @License(name = "see the repository")))
@SecurityScheme(
    securitySchemeName = VconResource.SECURITY,
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    description =
        "A tenant API key (`conserver apikey create --tenant T` prints one) or an OIDC access"
            + " token (JWT, RS256/ES256) of the tenant's issuer.")
public class ConserverApi extends Application {}
