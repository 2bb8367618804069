// End-to-end test of the web console in a real headless browser (Debian's chromium, driven by
// playwright-core; Playwright's own browser download is not used). ConsoleBrowserTest starts the
// server on the demo conversations and runs this script with:
//   CONSOLE_URL, TENANT, KEY (erase + admin scopes), OTHER_TENANT, OTHER_KEY, CHROMIUM,
//   SCREENSHOTS (optional: a folder to save the README's screenshots in).
// Exit 0 when every check holds; otherwise the first failed check is printed and the exit is 1.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import path from "node:path";

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const base = env("CONSOLE_URL").replace(/\/$/, "");
const tenant = env("TENANT");
const shots = process.env.SCREENSHOTS || "";
const started = Date.now();
const step = (what) => console.log(`e2e ${((Date.now() - started) / 1000).toFixed(1)}s: ${what}`);

async function shot(page, name, fullPage = false) {
  if (shots) {
    await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage });
  }
}

async function signIn(page, tenantName, key) {
  await page.goto(`${base}/console`);
  assert.match(page.url(), /\/console\/sign-in$/, "an anonymous visit goes to the sign-in page");
  await page.getByLabel("Tenant").fill(tenantName);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`**/console/${tenantName}/pipelines`);
}

/** Every visible form control has an accessible name (a label or aria-label). */
async function assertLabelled(page) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll("input:not([type=hidden]), select, textarea, audio")]
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
      .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, [], `unlabelled controls on ${page.url()}`);
}

async function assertNoHorizontalScroll(page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page ${page.url()} scrolls sideways by ${overflow}px`);
}

const browser = await chromium.launch({
  executablePath: env("CHROMIUM"),
  headless: true,
  args: ["--no-sandbox", "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && !/404|Failed to load resource/.test(m.text()) && errors.push(m.text()));

  step("sign in");
  await signIn(page, tenant, env("KEY"));
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === "conserver_console");
  assert.ok(session && session.httpOnly && session.sameSite === "Strict", "HttpOnly, SameSite=Strict session cookie");
  assert.equal(await page.evaluate(() => document.cookie), "", "scripts cannot read the session");

  step("pipelines");
  // Every declared pipeline has its section (the hybrid examples too); the demo ran "default".
  const ingest = page.locator('section[aria-labelledby="pl-default"] li[data-stage="ingest"]');
  assert.ok(Number(await ingest.getByTestId("out").innerText()) >= 3, "ingest wrote the demo conversations");
  assert.ok(Number(await ingest.getByTestId("quarantined").innerText()) >= 1, "the broken export is quarantined");
  await assertLabelled(page);
  await shot(page, "pipelines");

  step("conversations: list and search");
  await page.getByRole("link", { name: "Conversations" }).click();
  const total = Number((await page.getByTestId("result-count").innerText()).split(" ")[0]);
  assert.ok(total >= 3, `at least 3 conversations listed, saw ${total}`);
  await page.getByLabel("Party").fill("mailto:Carol.Jones@example.net");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/party=/);
  assert.equal(await page.getByTestId("result-count").innerText(), "1 conversation");
  assert.ok(await page.getByRole("link", { name: "Web chat: billing dispute and cancellation" }).isVisible());
  await page.goto(`${base}/console/${tenant}/conversations`);
  await page.getByLabel("Objection").selectOption("price");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/objection=price/);
  const priced = await page.locator("table.list tbody tr").count();
  assert.ok(priced >= 1 && priced < total, `the price objection narrows the list (${priced} of ${total})`);
  await page.goto(`${base}/console/${tenant}/conversations`);
  await assertLabelled(page);
  await shot(page, "conversations");

  step("a chat: redacted spans and the objection timeline");
  await page.getByRole("link", { name: "Web chat: billing dispute and cancellation" }).click();
  assert.ok((await page.locator("mark.redacted").count()) >= 1, "redacted placeholders are marked");
  assert.ok((await page.getByTestId("objection").count()) >= 1, "objections on the timeline");
  const markers = page.locator(".timeline-bar .marker");
  assert.ok((await markers.count()) >= 1, "objections placed at their time in the chat");
  assert.notEqual(await markers.first().evaluate((m) => m.style.left), "", "the script placed the markers");
  assert.match(await page.getByTestId("ledger-verdict").innerText(), /Hash chain intact/);
  assert.equal(await page.locator("body").innerText().then((t) => t.includes("carol.jones@example.net")), false,
    "the redacted copy shows no e-mail address");
  await shot(page, "chat", true);

  step("a recording: play the original and the redacted audio");
  await page.goto(`${base}/console/${tenant}/conversations`);
  await page.getByRole("link", { name: "Recorded call: customer adds a service" }).click();
  const original = page.getByTestId("audio-original");
  await original.waitFor();
  const played = await original.evaluate(async (audio) => {
    if (audio.readyState < 1) {
      await new Promise((resolve, reject) => {
        audio.addEventListener("loadedmetadata", resolve, { once: true });
        audio.addEventListener("error", () => reject(new Error(`media error ${audio.error && audio.error.code}`)), { once: true });
        audio.load();
      });
    }
    audio.muted = true;
    audio.currentTime = 5; // a seek: the server answers the Range request
    await audio.play();
    await new Promise((resolve) => audio.addEventListener("timeupdate", resolve, { once: true }));
    const state = { duration: audio.duration, time: audio.currentTime };
    audio.pause();
    return state;
  });
  assert.ok(played.duration > 30, `the original plays (duration ${played.duration}s)`);
  assert.ok(played.time >= 5, `it seeked and played (at ${played.time}s)`);
  const redacted = page.getByTestId("audio-redacted");
  if (await redacted.count()) {
    const duration = await redacted.evaluate(
      (audio) =>
        new Promise((resolve, reject) => {
          if (audio.readyState >= 1) return resolve(audio.duration);
          audio.addEventListener("loadedmetadata", () => resolve(audio.duration), { once: true });
          audio.addEventListener("error", () => reject(new Error("redacted media error")), { once: true });
          audio.load();
        }));
    assert.ok(duration > 30, `the redacted recording loads (duration ${duration}s)`);
    assert.ok((await page.getByTestId("transcript").count()) >= 1, "the transcript is shown");
  } else {
    step("no redacted recording: the transcript had nothing to redact, so the audio is unchanged");
  }
  await assertLabelled(page);
  await shot(page, "conversation");

  step("quarantine");
  await page.getByRole("link", { name: "Quarantine" }).click();
  assert.ok((await page.getByTestId("quarantined").count()) >= 1);
  assert.match(await page.getByTestId("quarantined").first().innerText(), /party index 1 is outside the parties array/);
  await assertLabelled(page);
  await shot(page, "quarantine");

  step("usage");
  await page.getByRole("link", { name: "Usage" }).click();
  assert.match(await page.getByTestId("usage-total").innerText(), /^[1-9]\d* calls/);
  await shot(page, "usage");

  step("erase a party and verify the receipt");
  await page.getByRole("link", { name: "Compliance" }).click();
  await assertLabelled(page);
  await page.getByLabel("Party identifier", { exact: true }).fill("mailto:carol.jones@example.net");
  await page.getByRole("button", { name: "Submit erase request" }).click();
  await page.waitForURL(/\/compliance\/erase\/[^/]+$/);
  await page.getByTestId("erase-status").filter({ hasText: /^done$/ }).waitFor({ timeout: 30000 });
  assert.match(await page.getByTestId("receipt-verdict").innerText(), /Signature valid/);
  assert.match(await page.getByTestId("receipt-payload").innerText(), /"tenant"/);
  await shot(page, "erase-receipt");
  await page.goto(`${base}/console/${tenant}/conversations?party=${encodeURIComponent("mailto:carol.jones@example.net")}`);
  assert.equal(await page.getByTestId("result-count").innerText(), "0 conversations", "the party's conversation is gone");

  step("tablet width");
  await page.setViewportSize({ width: 820, height: 1180 });
  for (const section of ["pipelines", "conversations", "compliance", "usage"]) {
    await page.goto(`${base}/console/${tenant}/${section}`);
    await assertNoHorizontalScroll(page);
  }
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Skip to content", "keyboard: skip link first");

  step("another tenant's session sees nothing of this tenant");
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, env("OTHER_TENANT"), env("OTHER_KEY"));
  const response = await otherPage.goto(`${base}/console/${tenant}/conversations`);
  assert.equal(response.status(), 404);
  assert.equal((await otherPage.content()).includes("Recorded call"), false);
  await other.close();

  assert.deepEqual(errors, [], "no script errors");
  step("all checks passed");
} finally {
  await browser.close();
}
