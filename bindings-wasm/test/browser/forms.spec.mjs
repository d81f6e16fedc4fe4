import assert from "node:assert/strict";

// The delegation demo: choosing "delegato da un'altra persona" shows the beneficiary section and
// the delegation documents; going back hides them again. Errors show once a field is changed or
// the form sent (issue 16 item 3), and the status bar does not cover the form.
export default async function (page, base, t) {
  await page.goto(`${base}/demo/forms.html`);
  await page.waitForSelector("#ready", { state: "attached", timeout: 15000 });
  const hidden = (path) => page.$eval(`[data-path="${path}"]`, (el) => el.hidden);

  await t.test("the form loads with the delegation sections hidden", async () => {
    assert.equal(await page.textContent("#title"), "Richiesta di certificato anagrafico");
    assert.equal(await hidden("pannelloBeneficiario"), true);
    assert.equal(await hidden("documentiDelega"), true);
    assert.equal(await page.textContent("#office"), "anagrafe");
  });

  await t.test("choosing 'delegato' shows the beneficiary and the documents", async () => {
    await page.click("#presentazione-delegato");
    assert.equal(await hidden("pannelloBeneficiario"), false);
    assert.equal(await hidden("documentiDelega"), false);
    assert.equal(await hidden("scadenzaDelega"), false);
    assert.equal(await page.textContent("#office"), "anagrafe-deleghe");
    // Untouched: its error waits for a change or "Invia", as in Form.io's renderer.
    assert.equal(await page.textContent('[data-path="delega"] .error'), "");
  });

  await t.test("'Invia' shows the errors of every untouched field", async () => {
    await page.click("#send");
    assert.match(await page.textContent('[data-path="delega"] .error'), /obbligatori/);
    assert.match(await page.textContent('[data-path="beneficiario.nome"] .error'), /obbligatori/);
  });

  await t.test("typing re-evaluates and errors go away", async () => {
    await page.fill("#beneficiario\\.nome", "Mario");
    assert.equal(await page.textContent('[data-path="beneficiario.nome"] .error'), "");
    await page.click("#aggiungiNote");
    assert.equal(await hidden("note"), false);
  });

  await t.test("going back to 'per te stesso' hides the sections again", async () => {
    await page.click("#presentazione-perSe");
    assert.equal(await hidden("pannelloBeneficiario"), true);
    assert.equal(await hidden("documentiDelega"), true);
    assert.equal(await page.textContent("#office"), "anagrafe");
    assert.ok(Number(await page.getAttribute("body", "data-evaluations")) >= 5);
  });

  await t.test("the status bar never covers the form", async () => {
    await page.setViewportSize({ width: 800, height: 400 });
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight / 2));
    const overlap = await page.evaluate(() => {
      const s = document.getElementById("status").getBoundingClientRect();
      const f = document.getElementById("form").getBoundingClientRect();
      return s.top < f.bottom && s.bottom > f.top;
    });
    assert.equal(overlap, false);
  });
}
