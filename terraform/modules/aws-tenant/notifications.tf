# S3 keeps ONE notification configuration per bucket, so every stage of every pipeline of the
# tenant is a queue block of this single resource (a second aws_s3_bucket_notification on the
# bucket would silently replace the first). Each block filters on the stage's input prefix:
# inbox/<pipeline>/ for the first stage, vcons/<pipeline>/<previous stage>/ (suffix .vcon.json)
# for the others. Prefixes carry the pipeline name, so no two blocks overlap (S3 rejects
# overlapping filters for the same event type).

resource "aws_s3_bucket_notification" "this" {
  bucket = aws_s3_bucket.this.id

  dynamic "queue" {
    for_each = local.stages
    content {
      id            = queue.key
      queue_arn     = aws_sqs_queue.stage[queue.key].arn
      events        = ["s3:ObjectCreated:*"]
      filter_prefix = queue.value.input_prefix
      filter_suffix = queue.value.input_suffix == "" ? null : queue.value.input_suffix
    }
  }

  depends_on = [aws_sqs_queue_policy.stage]
}
