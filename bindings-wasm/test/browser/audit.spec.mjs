import assert from "node:assert/strict";

// demo/audit.html in a real Chromium: a back office's CSV export audited in the page, with the
// chart of the variants and of the time per status (issue 22).
export default async function (page, base, t) {
  await page.goto(`${base}/demo/audit.html`);
  await page.waitForSelector("#ready", { state: "attached", timeout: 15000 });

  await t.test("audits the sample export and charts its variants", async () => {
    assert.equal(await page.getAttribute("#headline", "data-cases"), "7");
    const variants = await page.$$eval("#variants .row", (rows) => rows.map((r) => ({ label: r.dataset.label, bar: r.querySelector("rect").getAttribute("class"), count: Number(r.querySelector("rect").dataset.value) })));
    assert.deepEqual(variants[0], { label: "1000 › 1900 › 2000 › 4000 › 7000", bar: "bar fits", count: 3 });
    const wrong = variants.find((v) => v.label === "1000 › 1900 › 7000");
    assert.deepEqual([wrong.bar, wrong.count], ["bar repair", 1]);
    assert.equal(variants.reduce((n, v) => n + v.count, 0), 7);
  });

  await t.test("charts the time per status, median and mean", async () => {
    const rows = await page.$$eval("#times .row", (rs) => rs.map((r) => [r.dataset.label, [...r.querySelectorAll("rect")].map((b) => b.getAttribute("class"))]));
    assert.ok(rows.some(([label]) => label.startsWith("4000 In carico")));
    for (const [, bars] of rows) assert.deepEqual(bars, ["bar median", "bar mean"]);
    assert.match(await page.textContent("#summary"), /7 cases/);
    assert.match(await page.textContent("#headline"), /oltre il termine/);
  });

  await t.test("a wrong export gives the library's error with its line", async () => {
    await page.fill("#csv", "Pratica;Stato;Data\nX-1;Spedita;01/02/2026 10:00\n");
    await page.click("#run");
    assert.equal(await page.getAttribute("#error", "data-code"), "practice.import");
    assert.match(await page.textContent("#error"), /line 2|riga 2|2/);
    assert.equal(await page.$$eval("#variants .row", (r) => r.length), 0);
  });
}
