package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The terraform-aws-modules shape (STYLE.md) for every module and example root. */
class ModuleConventionsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "modules/pipeline",
        "modules/aws-tenant",
        "modules/gcp-tenant",
        "modules/k8s-tenant",
        "tenants/example-aws",
        "tenants/example-gcp",
        "tenants/example-k8s",
        "tenants/example-hybrid"
      })
  void folder_hasTheStandardFilesAndDocumentedTypedInputsAndOutputs(String folder) {
    for (String file : List.of("main.tf", "variables.tf", "outputs.tf", "versions.tf")) {
      assertThat(Files.isRegularFile(Repo.terraform().resolve(folder).resolve(file)))
          .as("%s/%s", folder, file)
          .isTrue();
    }
    Hcl.Module module = Hcl.module(folder);
    for (Hcl.Block variable : module.blocks("variable")) {
      assertThat(Hcl.text(variable.body().get("description")))
          .as("%s var.%s description", folder, variable.name())
          .isNotBlank();
      assertThat(Hcl.text(variable.body().get("type")))
          .as("%s var.%s type", folder, variable.name())
          .isNotBlank();
    }
    for (Hcl.Block output : module.blocks("output")) {
      assertThat(Hcl.text(output.body().get("description")))
          .as("%s output.%s", folder, output.name())
          .isNotBlank();
      assertThat(output.name()).matches("[a-z][a-z0-9_]*");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "modules/aws-tenant",
        "modules/gcp-tenant",
        "modules/k8s-tenant",
        "tenants/example-aws",
        "tenants/example-gcp",
        "tenants/example-k8s",
        "tenants/example-hybrid"
      })
  void cloudFolders_pinTheirProviders(String folder) {
    JsonNode terraform = Hcl.first(Hcl.module(folder).files().get("versions.tf").get("terraform"));
    assertThat(Hcl.first(terraform.get("required_providers")).size()).isPositive();
    assertThat(Hcl.text(terraform.get("required_version"))).isNotBlank();
  }

  @org.junit.jupiter.api.Test
  void pipelineModule_staysProviderFree_soTerraformEvaluatesItOffline() {
    Hcl.Module pipeline = Hcl.module("modules/pipeline");
    assertThat(pipeline.blocks("resource")).isEmpty();
    assertThat(pipeline.blocks("data")).isEmpty();
    assertThat(pipeline.blocks("provider")).isEmpty();
    JsonNode terraform = Hcl.first(pipeline.files().get("versions.tf").get("terraform"));
    assertThat(terraform.get("required_providers")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tenants/example-aws", "tenants/example-gcp"})
  void examples_callTheirModuleFromTheRepository_andDocumentARemoteBackend(String folder) {
    Hcl.Module example = Hcl.module(folder);
    String cloud = folder.endsWith("aws") ? "aws" : "gcp";
    assertThat(Hcl.text(example.moduleCall("tenant").get("source")))
        .isEqualTo("../../modules/" + cloud + "-tenant");
    assertThat(example.text("versions.tf"))
        .contains(cloud.equals("aws") ? "# backend \"s3\"" : "# backend \"gcs\"");
  }
}
