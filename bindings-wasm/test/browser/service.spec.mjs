import assert from "node:assert/strict";

// demo/service.html in a real Chromium: the reference service's practice graph, drawn from its
// definition, and its journey walked step by step (the same journey as tests/cases/service.json).
export default async function (page, base, t) {
  await page.goto(`${base}/demo/service.html`);
  await page.waitForSelector("#ready", { state: "attached", timeout: 15000 });
  const current = () => page.getAttribute("#current", "data-status");
  const classOf = (code) => page.getAttribute(`.node[data-status="${code}"]`, "class");

  await t.test("draws one node per status of the service's graph, and its transitions", async () => {
    const nodes = await page.$$eval(".node", (ns) => ns.map((n) => Number(n.dataset.status)));
    // stamps on request, immediate payment, protocol, integrations: the statuses of the graph
    for (const code of [1000, 1400, 1500, 1510, 1520, 1530, 1900, 2000, 3000, 4000, 4100, 4200, 4300, 4400, 6000, 7000, 8000, 9000, 50000]) assert.ok(nodes.includes(code), `${code} missing`);
    assert.equal(new Set(nodes).size, nodes.length);
    assert.ok((await page.$$(".edge")).length >= 20);
    assert.match(await page.textContent(`.node[data-status="1400"] title`), /In attesa di pagamento bolli/);
  });

  await t.test("walks the journey one step at a time", async () => {
    assert.equal(await current(), "1000");
    await page.click("#step-next");
    assert.equal(await current(), "1400");
    assert.match(await classOf(1400), /current/);
    assert.equal(await page.textContent("#notifications-total"), "2");
    assert.equal(await page.$$eval("#steps > li.done", (l) => l.length), 1);
    assert.equal(await page.$$eval(".edge.taken", (l) => l.length), 1);
  });

  await t.test("reaches the outcome with the protocol, the due date and every notification", async () => {
    await page.click("#step-all");
    assert.equal(await current(), "7000");
    assert.match(await classOf(4100), /visited/);
    assert.equal(await page.textContent("#notifications-total"), "27");   // 26 along the way, and the reminder
    assert.match(await page.textContent("#steps > li:last-child .reminder"), /^2026-03-12 09:30 · cittadino · email · Promemoria appuntamento$/);
    const summary = await page.textContent("#summary");
    assert.match(summary, /2026-04-07/);     // the term restarts from the answer and rolls past Easter Monday
    assert.match(summary, /2026\/0001234/);
    assert.match(await page.textContent("#steps > li:last-child"), /prenotazione dell'appuntamento/);
    assert.equal(await page.isDisabled("#step-next"), true);
    await page.click("#step-reset");
    assert.equal(await current(), "1000");
  });
}
