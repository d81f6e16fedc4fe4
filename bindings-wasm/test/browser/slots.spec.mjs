import assert from "node:assert/strict";

// The booking widget of demo/slots.html: free slots of the seed calendar for the next weeks,
// booking one, the per-user limit, the .ics download and a holiday, in headless Chromium.
export default async function (page, base, t) {
  await page.goto(`${base}/demo/slots.html?now=${encodeURIComponent("2026-03-01T08:00:00+01:00")}`);
  await page.waitForSelector("#ready", { state: "attached", timeout: 15000 });
  const first = '.slots[data-date="2026-03-02"] button';

  await t.test("lists the free slots of the seed calendar", async () => {
    assert.equal((await page.textContent(".day")).trim(), "lunedì 2 marzo 2026");
    const times = await page.$$eval(first, (bs) => bs.map((b) => b.firstChild.textContent));
    assert.deepEqual(times, ["09:00–09:30", "09:45–10:15", "10:30–11:00", "11:15–11:45"]);
    assert.equal(await page.textContent(`${first} small`), "2 posti");
    const days = await page.$$eval(".day", (ds) => ds.map((d) => d.dataset.date));
    assert.deepEqual(days.slice(0, 4), ["2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09"]);
  });

  await t.test("books a slot: confirmation, one place left, an .ics to download", async () => {
    await page.click(first);
    await page.fill("#name", "Mario Rossi");
    await page.fill("#cf", "rssmra80a01h501u");
    await page.click("#book");
    const msg = await page.textContent("#message");
    assert.match(msg, /Appuntamento confermato: lunedì 2 marzo 2026, 09:00–09:30 \(Confermato\)/);
    assert.match(msg, /Non più annullabile online/); // cancelNoticeDays 2: the deadline was 28 February
    assert.equal(await page.getAttribute("#message", "class"), "ok");
    assert.equal(await page.textContent(`${first} small`), "1 posto");
    const ics = await page.evaluate(async () => (await fetch(document.getElementById("ics").href)).text());
    assert.match(ics, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Rome/);
    assert.match(ics, /DTSTART;TZID=Europe\/Rome:20260302T090000/);
    assert.match(ics, /SUMMARY:Ufficio anagrafe – Mario Rossi/);
  });

  await t.test("the per-user limit refuses a second meeting the same week", async () => {
    await page.click('.slots[data-date="2026-03-04"] button');
    await page.fill("#name", "Mario Rossi");
    await page.fill("#cf", "RSSMRA80A01H501U");
    await page.click("#book");
    assert.equal(await page.getAttribute("#message", "class"), "error");
    assert.match(await page.textContent("#message"), /slots\.user_limit/);
  });

  await t.test("Easter Monday is closed", async () => {
    await page.goto(`${base}/demo/slots.html?now=${encodeURIComponent("2026-04-01T08:00:00+02:00")}`);
    await page.waitForSelector("#ready", { state: "attached", timeout: 15000 });
    assert.equal((await page.textContent('.slots[data-date="2026-04-06"]')).trim(), "chiuso: Lunedì dell'Angelo");
    assert.equal(await page.textContent('.slots[data-date="2026-04-08"] button small'), "2 posti");
  });
}
