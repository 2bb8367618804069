package io.conserver.terraform.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** terraform fmt needs no provider: every .tf file is in canonical format. */
class TerraformFormatTest {
  @Test
  void everyTerraformFile_isInCanonicalFormat() {
    Processes.Result fmt =
        TerraformCli.run(
            Repo.root(), "fmt", "-check", "-recursive", "-diff", "-no-color", "terraform");
    assertThat(fmt.ok())
        .as(
            "terraform fmt -check -recursive terraform/ (run `terraform fmt -recursive terraform`)\n%s",
            fmt.describe())
        .isTrue();
  }
}
