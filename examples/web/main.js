// A codice fiscale checked as it is typed, with the cf-only entry of sportello-web: a separate
// WebAssembly module of about 146 KB gzipped (the full package is about ten times that).
import init, { cf } from "sportello-web/cf";

const input = document.getElementById("cf");
const out = document.getElementById("out");

await init(); // fetches the module once; Vite copies it into the build and hashes its name

// The date decode checks the birth date and the birthplace against: today, in the user's time zone.
const today = () => new Date().toLocaleDateString("sv");

function show() {
  const code = input.value.trim();
  out.className = "";
  if (code.length < 16) {
    out.textContent = code ? `${16 - code.length} more characters` : "";
    return;
  }
  try {
    const d = cf.decode(code, today());
    const place = d.birthplace.province ? `${d.birthplace.name} (${d.birthplace.province})` : d.birthplace.name;
    out.textContent = `ok: ${d.sex === "F" ? "female" : "male"}, born on ${d.birthDate} in ${place}`;
    if (d.warnings.length) out.textContent += `; warnings: ${d.warnings.join(", ")}`;
  } catch (e) {
    // Every error has a stable code (cf.check_char, cf.place_unknown, …) for your own messages.
    out.className = "error";
    out.textContent = `${e.code}: ${e.message}`;
  }
}
input.addEventListener("input", show);
show();
