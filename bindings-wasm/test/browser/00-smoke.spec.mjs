import assert from "node:assert/strict";

// The package loads as an ES module in a real browser and its functions answer there.
export default async function (page, base, t) {
  await page.goto(`${base}/demo/index.html`);
  await t.test("wasm loads and answers in the page", async () => {
    await page.waitForSelector("#ready", { state: "attached", timeout: 15000 });
    assert.equal(await page.textContent("#easter"), "2026-04-05");
  });
}
