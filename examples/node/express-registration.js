// A registration endpoint in Express: the portal's form and the codice fiscale, checked by
// sportello. POST /registrazione with the form's JSON; the answer is 200 with the cleaned data,
// or 422 with one error per field, each with a stable code the page can translate:
//   {"errors": [{"path": "codiceFiscale", "code": "cf.check_char", "message": "..."}]}
// The Form.io definition (../python/registration_form.json, shared with the Flask example) is
// compiled once at start-up; each request only evaluates it.
//   node examples/node/express-registration.js   (listens on PORT, default 3000)
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const express = require("express");
const { Form, cf } = require("sportello");

const form = Form.fromFormio(fs.readFileSync(path.join(__dirname, "..", "python", "registration_form.json"), "utf8"));

const TEXT = ["nome", "cognome", "codiceFiscale", "email", "codiceFiscaleDelegante"];

function registrazione(req, res) {
  const data = req.body;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return res.status(400).json({ errors: [{ path: "", code: "json", message: "il corpo della richiesta deve essere un oggetto JSON" }] });
  }
  let result;
  try {
    result = form.evaluate(data, { today: new Date().toISOString().slice(0, 10) });
  } catch (e) { // a value of the wrong shape: the form's own error, with its path
    return res.status(422).json({ errors: [{ path: e.details?.path ?? "", code: e.code, message: e.message }] });
  }
  const errors = result.errors.map(({ path: p, code, message }) => ({ path: p, code, message }));
  // Form.io checks a text field's rules, not its JSON type: a client could send an object.
  for (const key of TEXT) {
    if (result.visible.includes(key) && key in result.data && typeof result.data[key] !== "string") errors.push({ path: key, code: "type", message: "deve essere un testo" });
  }
  // The form checks the shape; the codice fiscale's own rules (check character, omocodes, the
  // place and date it encodes) and its agreement with the declared name come from `cf`.
  for (const key of ["codiceFiscale", "codiceFiscaleDelegante"]) {
    const code = result.data[key];
    if (result.visible.includes(key) && typeof code === "string" && !errors.some((e) => e.path === key)) {
      const [problem] = cf.validateMany([code]);
      if (problem) errors.push({ path: key, code: problem, message: "codice fiscale non valido" });
    }
  }
  const code = result.data.codiceFiscale;
  if (!errors.length) {
    const fields = { surname: "cognome", name: "nome" };
    for (const m of cf.matches(code, { surname: result.data.cognome, name: result.data.nome }).mismatched) {
      errors.push({ path: fields[m], code: "cf.mismatch", message: "non corrisponde al codice fiscale" });
    }
  }
  if (errors.length) return res.status(422).json({ errors });
  return res.json({ data: result.data, canonical: cf.canonical(code) });
}

const app = express();
app.use(express.json({ limit: "100kb" }));
app.post("/registrazione", registrazione);
// A body that is not JSON: the same error shape as every other answer.
app.use((err, req, res, next) => (err.type === "entity.parse.failed" ? res.status(400).json({ errors: [{ path: "", code: "json", message: err.message }] }) : next(err)));

module.exports = { app, registrazione };
if (require.main === module) {
  const port = Number(process.env.PORT ?? 3000);
  app.listen(port, () => console.log(`http://localhost:${port}/registrazione`));
}
