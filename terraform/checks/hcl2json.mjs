// Prints every .tf file under a directory as JSON, keyed by its path relative to that
// directory: {"modules/aws-tenant/main.tf": {...}, ...}. Used by the Java tests of
// terraform/checks, which assert the wiring on this structure (providers cannot be
// downloaded here, so `terraform validate` cannot check the cloud modules).
// Usage: node hcl2json.mjs <directory>
import { parse } from "@cdktf/hcl2json";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

const SKIPPED = new Set([".terraform", "node_modules", "target"]);

async function* terraformFiles(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) yield* terraformFiles(full);
    } else if (entry.name.endsWith(".tf")) {
      yield full;
    }
  }
}

const root = path.resolve(process.argv[2] ?? ".");
const result = {};
for await (const file of terraformFiles(root)) {
  const relative = path.relative(root, file).split(path.sep).join("/");
  result[relative] = await parse(relative, await readFile(file, "utf8"));
}
process.stdout.write(JSON.stringify(result));
