# The party-index HMAC key (CONSERVER_PARTY_INDEX_KEY). Its home is Secrets Manager: either a
# secret the operator already has (var.party_index_key_secret_arn) or one created here with 32
# random bytes. Lambda has no native secret reference for environment variables, so the value
# is read at apply time and set in the function environment, which Lambda encrypts with the
# tenant key; it is therefore also in the Terraform state (sensitive, never a variable default).

resource "aws_secretsmanager_secret" "party_index_key" {
  count = var.party_index_key_secret_arn == null ? 1 : 0

  name                    = "${local.base_name}/party-index-key"
  description             = "Conserver ${var.tenant}: HMAC key of the party index (base64)"
  kms_key_id              = aws_kms_key.tenant.arn
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = local.tags
}

resource "random_bytes" "party_index_key" {
  count  = var.party_index_key_secret_arn == null ? 1 : 0
  length = 32
}

resource "aws_secretsmanager_secret_version" "party_index_key" {
  count = var.party_index_key_secret_arn == null ? 1 : 0

  secret_id     = aws_secretsmanager_secret.party_index_key[0].id
  secret_string = random_bytes.party_index_key[0].base64
}

data "aws_secretsmanager_secret_version" "party_index_key" {
  count     = var.party_index_key_secret_arn == null ? 0 : 1
  secret_id = var.party_index_key_secret_arn
}

locals {
  party_index_key_secret_arn = (var.party_index_key_secret_arn == null
    ? aws_secretsmanager_secret.party_index_key[0].arn
  : var.party_index_key_secret_arn)

  party_index_key = sensitive(var.party_index_key_secret_arn == null
    ? aws_secretsmanager_secret_version.party_index_key[0].secret_string
  : data.aws_secretsmanager_secret_version.party_index_key[0].secret_string)
}
