// The page every bundler builds: the three entries of sportello-web, initialised the documented way
// (`await init()`, no URL, no bundler plugin), one call each; the result goes in #out.
import initCf, { cf } from "sportello-web/cf";
import init, { Form, version } from "sportello-web";
import initForms, { Form as OnlyForm, FormSession } from "sportello-web/forms";

const out = {};
try {
  await initCf();
  out.cfValid = cf.isValid("RSSMRA85T10A562S");
  try {
    cf.validate("RSSMRA85T10A562X");
  } catch (e) {
    out.cfError = e.code;
  }
  await init();
  const form = Form.fromFormio({ components: [{ type: "textfield", key: "nome", validate: { required: true } }] });
  out.formErrors = form.evaluate({}).errors.map((e) => e.code);
  out.version = version();
  await initForms();
  const session = new FormSession(OnlyForm.fromFormio({ components: [
    { type: "textfield", key: "nome" },
    { type: "textfield", key: "delegato", conditional: { show: true, when: "nome", eq: "Ada" } },
  ] }));
  out.sessionHidden = session.update({ nome: "Bea" }).hidden;
} catch (e) {
  out.error = `${e?.code ?? ""} ${e?.message ?? e}`;
}
document.getElementById("out").textContent = JSON.stringify(out);
