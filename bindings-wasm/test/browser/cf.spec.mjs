import assert from "node:assert/strict";

// The registration form of demo/cf.html in a real Chromium: typing a codice fiscale validates it
// on every keystroke, shows the decoded data and flags the fields that disagree.
export default async function (page, base, t) {
  await page.goto(`${base}/demo/cf.html`);
  await page.waitForSelector("#ready", { state: "attached", timeout: 15000 });
  const state = () => page.getAttribute("#cf-status", "data-state");
  const classes = (id) => page.getAttribute(`#${id}`, "class");

  await t.test("validates as you type", async () => {
    await page.fill("#surname", "Rossi");
    await page.fill("#name", "Mario");
    await page.selectOption("#sex", "M");
    await page.fill("#birthDate", "1980-01-01");
    await page.fill("#birthplace", "Roma");
    await page.click("#cf");
    await page.keyboard.type("rssmra80a01h50");
    assert.equal(await state(), "incomplete");
    assert.match(await page.textContent("#cf-status"), /14\/16/);
    await page.keyboard.type("1");
    assert.equal(await state(), "incomplete");
    await page.keyboard.type("A");
    assert.equal(await state(), "cf.check_char");
    assert.match(await page.textContent("#cf-status"), /carattere di controllo/);
    await page.keyboard.press("Backspace");
    await page.keyboard.type("U");
    assert.equal(await state(), "valid");
  });

  await t.test("shows the decoded data and agrees with the declared fields", async () => {
    assert.equal(await page.isVisible("#decoded"), true);
    assert.equal(await page.textContent("#d-birthDate"), "1980-01-01");
    assert.match(await page.textContent("#d-birthplace"), /Roma \(RM\) — H501/);
    assert.equal(await page.textContent("#d-sex"), "maschio");
    for (const f of ["surname", "name", "sex", "birthDate", "birthplace"]) assert.match(await classes(f), /\bmatch\b/, f);
    assert.match(await page.textContent("#mismatches"), /corrispondono/);
  });

  await t.test("flags the fields that disagree", async () => {
    await page.fill("#name", "Anna");
    await page.selectOption("#sex", "F");
    await page.fill("#birthplace", "Milano");
    assert.match(await classes("name"), /mismatch/);
    assert.match(await classes("sex"), /mismatch/);
    assert.match(await classes("birthplace"), /mismatch/);
    assert.match(await classes("surname"), /\bmatch\b/);
    assert.doesNotMatch(await classes("birthDate"), /mismatch/);
    assert.match(await page.textContent("#mismatches"), /nome, sesso, luogo di nascita/);
  });

  await t.test("omocodia and impossible dates", async () => {
    await page.fill("#name", "Mario");
    await page.selectOption("#sex", "M");
    await page.fill("#birthplace", "Roma");
    await page.fill("#cf", "RSSMRAULALMHRLMD");
    assert.equal(await state(), "valid");
    assert.match(await page.textContent("#cf-status"), /omocodia/);
    assert.equal(await page.textContent("#d-canonical"), "RSSMRA80A01H501U");
    assert.match(await page.textContent("#mismatches"), /corrispondono/);
    await page.fill("#cf", "RSSMRA80B31H501W");
    assert.equal(await state(), "cf.date");
    assert.equal(await page.isVisible("#decoded"), false);
  });

  await t.test("computes the code from the data, with place names and provinces", async () => {
    await page.fill("#surname", "Rossi");
    await page.fill("#name", "Mario");
    await page.selectOption("#sex", "M");
    await page.fill("#birthDate", "1980-01-01");
    await page.fill("#birthplace", "Castro");
    await page.fill("#province", "");
    await page.click("#compute");
    assert.match(await page.textContent("#compute-note"), /ambiguo.*Castro \(BG\), Castro \(LE\)/);
    await page.fill("#province", "LE");
    await page.click("#compute");
    assert.equal(await page.inputValue("#cf"), "RSSMRA80A01M261X");
    assert.equal(await state(), "valid");
    assert.match(await classes("birthplace"), /\bmatch\b/);
  });

  await t.test("suggests birthplaces", async () => {
    await page.fill("#birthplace", "San Giov");
    const options = await page.$$eval("#places option", (os) => os.map((o) => o.value));
    assert.ok(options.length > 0 && options.every((v) => v.startsWith("San Giovanni")), options.join(","));
  });
}
