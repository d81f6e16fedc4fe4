// The JS tests of `access`, shared by the Node package (bindings-node/test/access.test.mjs) and
// the WASM package (bindings-wasm/test/access.test.mjs). `binding` is the package's helpers.mjs export:
// `bytes` makes a byte argument of the package's type, `chainVerification` is false where X.509
// signatures cannot be verified (wasm32: `access.verification_unavailable`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCases, fixture } from "./cases.mjs";

const NOW = "2025-06-10T10:00:00+02:00";
const hex = (s) => new Uint8Array(s.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
const instant = (v) => (typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : v);

export default function accessTests({ sportello, bytes, chainVerification }) {
  const { Policy, Identity, ActivationPolicy, Account, Envelope, Staff, access } = sportello;
  const file = loadCases("access");
  const policy = Policy.fromJson(JSON.stringify(file.policy));

  function run(fn, i) {
    switch (fn) {
      case "decide":
        return policy.decide(i.service, i.credential, i.now);
      case "decideFor":
        return policy.decideFor(i.service, i.credential, i.now, i.acting);
      case "fromSpid":
      case "spidCredential":
      case "fromSpidError": {
        let id;
        try {
          id = Identity.fromSpid(i.attributes, i.today, i.options ?? null);
        } catch (e) {
          if (fn === "fromSpidError") return e.details;
          throw e;
        }
        return fn === "spidCredential" ? id.credential() : id.toObject();
      }
      case "fromCieId":
        return Identity.fromCieId(i.attributes, i.today, i.options ?? null).toObject();
      case "fromEidas":
        return Identity.fromEidas(i.attributes, i.today, i.options ?? null).toObject();
      case "mergeProfile":
        return access.mergeProfile(i.stored, i.identity, i.now);
      case "editProfile":
        return access.editProfile(i.profile, i.field, i.value);
      case "register":
        return Account.register(i.fiscalCode, i.now, ActivationPolicy.fromJson(JSON.stringify(i.policy))).toObject();
      case "passwordLogin": {
        const p = ActivationPolicy.fromJson(JSON.stringify(i.policy));
        const acc = Account.register(i.fiscalCode, i.now, p);
        const password = acc.issuePassword(p, bytes(hex(i.randomHex)));
        const next = acc.firstLogin(i.username, i.wrongPassword ?? password, i.now, p);
        return { ...acc.toObject(), next, password };
      }
      case "checkDelegation":
        access.checkDelegation(i.delegation, i.delegate, i.delegator, i.service, i.date, i.rules ?? null);
        return { valid: true };
      case "keyAvailableFrom":
        return { date: ActivationPolicy.fromJson(JSON.stringify(i.policy)).keyAvailableFrom(i.registeredOn) };
      case "keyPromisedBy":
        return { date: ActivationPolicy.fromJson(JSON.stringify(i.policy)).keyPromisedBy(i.registeredOn) };
      case "generateSecret":
        return { secret: access.generateSecret(i.spec, bytes(hex(i.randomHex))) };
      case "fromCertificate":
      case "certificateCredential": {
        const id = Identity.fromCertificate(bytes(fixture(i.file)), i.now);
        return fn === "certificateCredential" ? id.credential() : id.toObject();
      }
      case "verifyChain":
        access.verifyChain(bytes(fixture(i.file)), i.anchors.map((a) => bytes(fixture(a))), i.now);
        return { valid: true };
      default:
        throw new Error(`unknown fn ${fn}`);
    }
  }

  test("reference cases (tests/cases/access.json)", () => {
    for (const c of file.cases) {
      if (!chainVerification && c.fn === "verifyChain") {
        assert.throws(() => run(c.fn, c.input), (e) => e.code === "access.verification_unavailable", c.name);
        continue;
      }
      if (c.error) {
        assert.throws(() => run(c.fn, c.input), (e) => e.code === c.error, c.name);
        continue;
      }
      const got = run(c.fn, c.input);
      for (const [k, want] of Object.entries(c.expected)) {
        const g = got[k] === undefined && want === null ? null : got[k];
        assert.deepEqual(instant(g), instant(want), `${c.name}: ${k}`);
      }
    }
  });

  test("decision window", () => {
    const d = policy.decide("autocertificazioneResidenza", { kind: "weak" }, NOW);
    assert.equal(d.allowed, false);
    assert.equal(d.required, "substantial");
    assert.ok(d.sufficient.some((c) => c.kind === "spid" && c.level === "SpidL2"));
    assert.match(d.message.en, /requires a medium credential/);
    assert.equal(policy.decide("alboPretorio", null, NOW).allowed, true);
    assert.equal(policy.levelOf({ kind: "spid", level: "https://www.spid.gov.it/SpidL3" }), "high");
    assert.throws(() => Policy.fromJson('{"services": [{"id": "x", "name": {"it": "x", "en": "x"}}]}'), (e) => e.code === "access.invalid");
    assert.throws(() => policy.decide("avvisiSms", { kind: "weak" }, "2025-06-10"), (e) => e.code === "argument");
  });

  test("certificate identity", () => {
    const pem = new TextDecoder().decode(fixture("access/cns.pem"));
    const id = Identity.fromCertificate(pem, NOW);
    assert.equal(id.source, "cns");
    assert.equal(id.fiscalCode, "RSSMRA80A01H501U");
    assert.equal(policy.decide("praticaEdilizia", id.credential(), NOW).allowed, true);
    assert.throws(() => Identity.fromCertificate(bytes(new Uint8Array([0x30, 3, 2, 1])), NOW), (e) => e.code === "access.certificate_malformed");
    if (!chainVerification) {
      assert.throws(() => Identity.fromCertificate(pem, NOW, null, [pem]), (e) => e.code === "access.verification_unavailable");
    } else {
      const ca = bytes(fixture("access/ca.pem"));
      assert.equal(Identity.fromCertificate(pem, NOW, null, [ca]).fiscalCode, "RSSMRA80A01H501U");
      assert.throws(() => Identity.fromCertificate(pem, NOW, null, [bytes(fixture("access/cie.pem"))]), (e) => e.code === "access.certificate_untrusted");
      // Intermediates without anchors verify nothing: refused, never accepted unverified.
      assert.throws(() => Identity.fromCertificate(pem, NOW, null, null, [ca]), (e) => e.code === "access.no_trust_anchor");
    }
  });

  test("activation: self-registration with a key from the OS generator", () => {
    const p = new ActivationPolicy();
    const acc = Account.selfRegister("RSSMRA80A01H501U", "2025-04-24", p);
    assert.equal(acc.state, "pendingActivation");
    // Promised "entro due giorni lavorativi" (25 April and the weekend skipped), issuable at once.
    assert.equal(acc.keyPromisedBy, "2025-04-29");
    assert.equal(acc.keyAvailableFrom, "2025-04-24");
    assert.throws(() => acc.issueActivationKey("2025-04-23", p), (e) => e.code === "access.key_not_yet_available");
    const waiting = Account.selfRegister("RSSMRA80A01H501U", "2025-04-24", ActivationPolicy.fromJson('{"keyMinWaitWorkingDays": 1}'));
    assert.equal(waiting.keyAvailableFrom, "2025-04-28");
    const key = acc.issueActivationKey("2025-04-25", p);
    assert.match(key, /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{12}$/);
    assert.throws(() => acc.activate("WRONG", NOW, p), (e) => e.code === "access.wrong_secret");
    const stored = Account.fromJson(acc.toJson());
    stored.activate(key.toLowerCase(), NOW, p);
    assert.equal(stored.state, "active");
    assert.equal(stored.level, "low");
  });

  test("identities: eIDAS, SPID purpose; the profile merge; registration modes", () => {
    const spid = Identity.fromSpid({ fiscalNumber: "TINIT-RSSMRA80A01H501U", email: "m@example.it" }, "2025-06-10", { purpose: "PF" });
    assert.equal(spid.purpose, "PF");
    assert.equal(spid.personIdentifier, null);
    const merged = access.mergeProfile(null, spid.toObject(), NOW);
    assert.deepEqual(merged.locked, ["email"]);
    assert.ok(!merged.editable.includes("email"));
    assert.throws(() => access.editProfile(merged.profile, "email", "x@example.it"), (e) => e.code === "access.profile_locked");
    assert.throws(() => access.mergeProfile({ fiscalCode: "RSSMRA80A01H501U", extra: 1 }, spid.toObject(), NOW), (e) => e.code === "json");
    const eu = Identity.fromEidas({ PersonIdentifier: "ES/IT/99999999R" }, "2025-06-10");
    assert.equal(eu.source, "eidas");
    assert.equal(eu.personIdentifier, "ES/IT/99999999R");
    assert.equal(policy.decide("avvisiSms", { kind: "eidas", level: "substantial" }, NOW).allowed, true);
    const weak = Account.register("RSSMRA80A01H501U", NOW, ActivationPolicy.fromJson('{"registration": "immediate"}'));
    assert.equal(weak.state, "active");
    const p = ActivationPolicy.fromJson('{"registration": "generatedPassword"}');
    const acc = Account.register("RSSMRA80A01H501U", NOW, p);
    const password = acc.issuePassword(p);
    assert.equal(password.length, 10);
    assert.equal(acc.firstLogin("RSSMRA80A01H501U", password, NOW, p), "changePassword");
    assert.throws(() => Account.selfRegister("RSSMRA80A01H501U", "2025-06-10", p), (e) => e.code === "access.registration_mode");
  });

  test("activation: envelope, lock, first-login password change", () => {
    const p = ActivationPolicy.fromJson('{"maxAttempts": 2}');
    const env = Envelope.generate("B-000123", "u000123", p);
    assert.match(env.pin, /^\d{8}$/);
    assert.equal(JSON.parse(env.toJson()).pin, undefined);
    const acc = env.bind("VRDGPP70C15L219C", "2025-06-10", p);
    assert.throws(() => env.bind("RSSMRA80A01H501U", "2025-06-10", p), (e) => e.code === "access.envelope_bound");
    assert.throws(() => acc.firstLogin("x", env.pin, NOW, p), (e) => e.code === "access.wrong_secret");
    assert.throws(() => acc.firstLogin("y", env.pin, NOW, p), (e) => e.code === "access.locked");
    acc.unlock();
    assert.equal(acc.firstLogin("u000123", env.pin, NOW, p), "changePassword");
    acc.passwordChanged();
    assert.equal(acc.mustChangePassword, false);
  });

  test("operators", () => {
    const base = JSON.parse(Staff.citel().toJson());
    base.operators = [{ id: "capo", name: "Capo", roles: ["manager"], services: ["*"] }];
    const s = Staff.fromJson(JSON.stringify(base));
    s.createOperator("capo", { id: "anna", name: "Anna", roles: ["tributi"], services: ["tari"], calendars: ["cal1"] });
    assert.equal(s.canHandle("anna", "tari", "tributi:edit"), true);
    assert.equal(s.enabledForCalendar("anna", "cal1"), true);
    assert.throws(() => s.grantRole("anna", "anna", "anagrafe"), (e) => e.code === "access.forbidden");
    assert.throws(() => s.deleteOperator("capo", "anna", 1), (e) => e.code === "access.operator_has_practices");
    s.deleteOperator("capo", "anna", 0);
    assert.equal(s.permits("anna", "tributi:view"), false);
    const admin = JSON.parse(Staff.citel().toJson());
    admin.operators = [{ id: "root", name: "Root", roles: ["administrator"] }, { id: "capo", name: "Capo", roles: ["manager"] }];
    const a = Staff.fromJson(JSON.stringify(admin));
    assert.throws(() => a.revokeRole("capo", "root", "administrator"), (e) => e.code === "access.admin_only");
    assert.throws(() => a.deleteOperator("capo", "root", 0), (e) => e.code === "access.admin_only");
    assert.throws(() => a.deleteOperator("root", "root", 0), (e) => e.code === "access.last_admin");
    assert.equal(a.permits("root", "*"), true);
    assert.ok(access.defaultCredentials().some((c) => c.id === "spid"));
    assert.equal(access.isDelegationValid({ delegator: "RSSMRA80A01H501U", delegate: "BNCLRA85M41F205C", scope: ["*"], expires: "2025-12-31", document: { kind: "ci", number: "1" } }, "BNCLRA85M41F205C", "RSSMRA80A01H501U", "tari", "2026-01-01"), false);
  });

  test("offices, deactivation, an operator disabled for one service (issue 17 item 2)", () => {
    const base = JSON.parse(Staff.citel().toJson());
    base.offices = [{ id: "tributi", name: "Ufficio tributi", services: ["tari"] }, { id: "urp", name: "URP" }];
    base.operators = [{ id: "capo", name: "Capo", roles: ["manager"], services: ["*"] }, { id: "anna", name: "Anna", roles: ["tributi"], services: ["tari", "imu"], offices: ["urp", "tributi"] }];
    const s = Staff.fromObject(base);
    assert.equal(s.officeFor("anna", "tari"), "tributi");
    assert.equal(s.officeFor("anna", "imu"), "urp");
    assert.equal(s.officeFor("capo", "tari"), null);
    s.disableService("capo", "anna", "tari");
    assert.equal(s.enabledForService("anna", "tari"), false);
    assert.throws(() => s.checkService("anna", "tari"), (e) => e.code === "access.not_enabled");
    s.setActive("capo", "anna", false);
    assert.throws(() => s.checkService("anna", "imu"), (e) => e.code === "access.operator_disabled");
    assert.throws(() => s.addToOffice("capo", "anna", "nope"), (e) => e.code === "access.unknown_reference");
    assert.throws(() => Staff.fromObject({ ...base, offices: [] }), (e) => e.code === "access.unknown_reference");
    const p = new sportello.Practice("P-1", "RSSMRA80A01H501U", {}, "2026-03-02T09:00:00+01:00");
    p.apply("submit", { kind: "citizen", id: "RSSMRA80A01H501U" }, "2026-03-02T09:01:00+01:00");
    p.apply("acquire", { kind: "system" }, "2026-03-02T09:02:00+01:00");
    assert.throws(() => p.applyStaffed("assign", { kind: "operator", id: "anna" }, "2026-03-02T09:03:00+01:00", s.toObject(), "imu"), (e) => e.code === "access.operator_disabled");
    assert.throws(() => p.applyStaffed("assign", { kind: "operator", id: "capo" }, "2026-03-02T09:03:00+01:00", base, "imu"), (e) => e.code === "practice.office");
    // The same questions asked before acting: what the staff allows, and why not.
    assert.deepEqual(p.allowedEventsStaffed({ kind: "operator", id: "anna" }, s.toObject(), "imu"), []);
    assert.equal(p.whyNotStaffed("assign", { kind: "operator", id: "anna" }, s.toObject(), "imu").code, "access.operator_disabled");
    assert.equal(p.whyNotStaffed({ type: "assign", operator: "capo" }, { kind: "operator", id: "anna" }, base, "imu").code, "practice.office");
    assert.equal(p.whyNotStaffed("assign", { kind: "operator", id: "anna" }, base, "imu"), null);
    assert.ok(p.allowedEventsStaffed({ kind: "operator", id: "anna" }, base, "imu").includes("assign"));
    assert.throws(() => p.allowedEventsStaffed({ kind: "operator", id: "anna" }, { ...base, extra: 1 }, "imu"), (e) => e.code === "json" && /extra/.test(e.message));
    assert.equal(p.applyStaffed("assign", { kind: "operator", id: "anna" }, "2026-03-02T09:03:00+01:00", base, "imu"), 4000);
    assert.equal(p.office, "urp");
  });

  // One description serves both packages: the same errors, the same absent values.
  test("arguments: a wrong type names its parameter (code argument)", () => {
    const isArg = (name) => (e) => e.code === "argument" && e.message.startsWith(`${name}: `) && e.details.code === "argument";
    assert.throws(() => policy.decide(42, null, NOW), isArg("service"));
    assert.throws(() => policy.decide("alboPretorio", null, 1749542400), isArg("now"));
    assert.throws(() => Identity.fromSpid({ fiscalNumber: "TINIT-RSSMRA80A01H501U" }, "10/06/2025"), isArg("today"));
    assert.throws(() => access.generateSecret({ alphabet: "0123456789", length: 4 }, "not bytes"), isArg("random"));
    // An object of another class where an ActivationPolicy is expected.
    assert.throws(() => Account.selfRegister("RSSMRA80A01H501U", "2025-04-24", policy), isArg("policy"));
    assert.throws(() => Envelope.generate("B-1", "u1", Staff.citel()), isArg("policy"));
  });

  test("options: an unknown key is refused, an absent one keeps the core's default", () => {
    const attributes = { fiscalNumber: "TINIT-RSSMRA80A01H501U" };
    const refused = (path) => (e) => e.code === "json" && e.message.startsWith(`${path}: unknown field`);
    assert.throws(() => Identity.fromSpid(attributes, "2025-06-10", { checkFiscalCod: false }), refused("options.checkFiscalCod"));
    assert.throws(() => Identity.fromCieId(attributes, "2025-06-10", { strict: true }), refused("options.strict"));
    const pem = new TextDecoder().decode(fixture("access/cns.pem"));
    assert.throws(() => Identity.fromCertificate(pem, NOW, { requireClientAuthentication: false }), refused("options.requireClientAuthentication"));
    const delegation = { delegator: "RSSMRA80A01H501U", delegate: "BNCLRA85M41F205C", scope: ["*"], expires: "2025-12-31" };
    const args = ["BNCLRA85M41F205C", "RSSMRA80A01H501U", "tari", "2025-06-10"];
    assert.throws(() => access.checkDelegation(delegation, ...args, { requireDoc: false }), refused("rules.requireDoc"));
    // Absent rules and an empty object both mean the core's defaults (a document is required).
    assert.throws(() => access.checkDelegation(delegation, ...args), (e) => e.code === "access.delegation_document");
    assert.throws(() => access.checkDelegation(delegation, ...args, {}), (e) => e.code === "access.delegation_document");
    access.checkDelegation(delegation, ...args, { requireDocument: false });
    // A field given overrides its own default only: the fiscal code check stays on.
    const mismatch = { fiscalNumber: "RSSMRA80A01H501U", dateOfBirth: "1980-01-02" };
    assert.throws(() => Identity.fromSpid(mismatch, "2025-06-10", { requireFiscalNumberPrefix: false }), (e) => e.code === "access.cf_mismatch");
    assert.deepEqual(Identity.fromSpid(mismatch, "2025-06-10", { checkFiscalCode: false }).warnings, ["access.fiscal_number_without_prefix"]);
  });

  test("today is optional where it is only a reference (the host's current date)", () => {
    const today = new Date().toISOString().slice(0, 10);
    const attributes = { fiscalNumber: "TINIT-RSSMRA80A01H501U" };
    assert.deepEqual(Identity.fromSpid(attributes).toObject(), Identity.fromSpid(attributes, today).toObject());
    assert.deepEqual(Identity.fromCieId(attributes, null, {}).toObject(), Identity.fromCieId(attributes, today).toObject());
    const open = { delegator: "RSSMRA80A01H501U", delegate: "BNCLRA85M41F205C", scope: ["*"], expires: "2999-12-31", document: { kind: "ci", number: "1" } };
    const parties = ["BNCLRA85M41F205C", "RSSMRA80A01H501U", "tari"];
    assert.equal(access.isDelegationValid(open, ...parties), true);
    access.checkDelegation(open, ...parties);
    access.checkDelegation(open, ...parties, null, { requireDocument: true });
    const expired = { ...open, expires: "2001-01-01" };
    assert.equal(access.isDelegationValid(expired, ...parties), false);
    assert.throws(() => access.checkDelegation(expired, ...parties), (e) => e.code === "access.delegation_expired");
  });

  test("toObject / fromObject: the plain object of every class that has one (Python's to_dict / from_dict)", () => {
    const back = Policy.fromObject(policy.toObject());
    assert.equal(back.toJson(), policy.toJson());
    assert.throws(() => Policy.fromObject({ ...policy.toObject(), services: [...policy.toObject().services, policy.toObject().services[0]] }), (e) => e.code === "access.duplicate");
    const id = Identity.fromSpid({ fiscalNumber: "TINIT-RSSMRA80A01H501U" }, "2025-06-10");
    assert.deepEqual(Identity.fromObject(id.toObject()).toObject(), id.toObject());
    const ap = new ActivationPolicy();
    assert.deepEqual(ActivationPolicy.fromObject(ap.toObject()).toObject(), ap.toObject());
    const acc = Account.selfRegister("RSSMRA80A01H501U", "2025-04-24", ap);
    assert.equal(Account.fromObject(acc.toObject()).toJson(), acc.toJson());
    const staff = Staff.citel();
    assert.equal(Staff.fromObject(staff.toObject()).toJson(), staff.toJson());
    const o = staff.toObject();
    assert.throws(() => Staff.fromObject({ ...o, roles: [...o.roles, o.roles[0]] }), (e) => e.code === "access.duplicate");
  });

  test("absent values are null", () => {
    assert.equal(policy.levelOf({ kind: "notInTheCatalog" }), null);
    const id = Identity.fromSpid({ fiscalNumber: "TINIT-RSSMRA80A01H501U" }, "2025-06-10");
    assert.equal(id.givenName, null);
    assert.equal(id.familyName, null);
    assert.equal(id.dateOfBirth, null);
    assert.equal(id.level, null);
    assert.deepEqual(id.warnings, []);
    const p = new ActivationPolicy();
    const acc = Account.selfRegister("RSSMRA80A01H501U", "2025-04-24", p);
    assert.equal(acc.level, null);
    const env = Envelope.generate("B-000123", "u000123", p);
    assert.equal(env.boundTo, null);
    assert.equal(Envelope.fromJson(env.toJson()).pin, null);
    assert.equal(env.bind("VRDGPP70C15L219C", "2025-06-10", p).keyAvailableFrom, null);
    assert.equal(env.boundTo, "VRDGPP70C15L219C");
  });

  test("errors carry .code and .details (the core error's fields)", () => {
    const spec = { alphabet: "0123456789", length: 4 };
    assert.throws(() => access.generateSecret(spec, bytes(new Uint8Array(8))), (e) => {
      assert.equal(e.code, "access.not_enough_randomness");
      assert.deepEqual(e.details, { code: e.code, message: e.message, needed: 32, got: 8 });
      return true;
    });
    assert.throws(() => Staff.citel().authorize("nobody", "tributi:view"), (e) => e.details.code === "access.unknown_operator" && e.details.operator === "nobody");
    assert.throws(() => Policy.fromJson("{"), (e) => e.code === "json" && e.details.code === "json");
  });
}
