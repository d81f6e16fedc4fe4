// The JS tests of `payments`, shared by the Node package (bindings-node/test/payments.test.mjs)
// and the WASM package (bindings-wasm/test/payments.test.mjs). `binding` is the package's helpers.mjs export.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCases } from "./cases.mjs";

const plain = (v) => (v && typeof v.toJSON === "function" ? v.toJSON() : v);

function subset(expected, actual) {
  if (expected && typeof expected === "object" && !Array.isArray(expected) && actual && typeof actual === "object") {
    return Object.entries(expected).every(([k, v]) => (k in actual ? subset(v, actual[k]) : v === null));
  }
  return JSON.stringify(expected) === JSON.stringify(actual === undefined ? null : actual);
}

export default function paymentsTests({ sportello }) {
  const { Notice, Payment, StampCatalogue, payments } = sportello;

  // The partita IVA check comes from the cf module; its cases are skipped while cf is a stub.
  const CF_READY = payments.creditorFiscalCodeIsValid("83000390019");

  function paymentEvents(i) {
    const p = i.payment;
    const pay = p.state === "creating" ? Payment.creating(p.amount, p.createdAt, p.expiresAt ?? null) : new Payment(p.amount, p.createdAt, p.expiresAt ?? null);
    i.steps.forEach((step, n) => {
      let state;
      try {
        state = pay.apply(step.event, step.at);
      } catch (e) {
        assert.equal(e.code, step.expectError, `step ${n}: ${e.message}`);
        return;
      }
      assert.equal(state, step.expect, `step ${n}`);
    });
    return pay;
  }

  const catalogue = new StampCatalogue();
  const CALLS = {
    parse_amount: (i) => payments.parseAmount(i.s),
    amount_from_cents: (i) => payments.amountFromCents(i.cents),
    notice_parse: (i) => Notice.parse(i.s, i.mode === "structureOnly"),
    notice_build: (i) => Notice.build(i.spec),
    notice_is_valid: (i) => payments.noticeIsValid(i.s),
    notice_check_digits: (i) => payments.noticeCheckDigits(i.first16),
    notice_printed: (i) => Notice.parse(i.s).printed(),
    rf_build: (i) => payments.rfBuild(i.reference),
    rf_is_valid: (i) => payments.rfIsValid(i.s),
    rf_validate: (i) => payments.rfValidate(i.s),
    qr_payload: (i) => payments.qrPayload(i.notice, i.creditorFiscalCode, i.amount),
    parse_qr_payload: (i) => payments.parseQrPayload(i.s, i.mode === "structureOnly"),
    creditor_fiscal_code_validate: (i) => payments.creditorFiscalCodeValidate(i.s, i.mode === "structureOnly"),
    parse_remittance: (i) => payments.parseRemittance(i.s),
    remittance_build: (i) => payments.remittanceBuild(i.remittance),
    parse_collection_data: (i) => payments.parseCollectionData(i.s),
    parse_taxonomy: (i) => payments.parseTaxonomy(i.s),
    stamp_duty: (i) => catalogue.stampDuty(i.query),
    check_physical_stamp: (i) => payments.checkPhysicalStamp(i.stamp, i.submittedAt, i.now, i.seen),
    marca_da_bollo_request: (i) =>
      "document" in i ? payments.marcaDaBolloRequest(i.document, i.province) : payments.marcaDaBolloRequestFromHash(i.documentHash, i.province),
    payment_plan: (i) => payments.paymentPlan(i.charges),
    approval_outcome: (i) => payments.approvalOutcome(i.amount),
    check_split: (i) => payments.checkSplit(i.total, i.entries) ?? null,
    split_evenly: (i) => payments.splitEvenly(i.total, i.parts),
    check_transfers: (i) => payments.checkTransfers(i.total, i.transfers) ?? null,
    reconciled_total: (i) => payments.reconciledTotal(i.transfers),
    iban_is_valid: (i) => payments.ibanIsValid(i.s),
    check_cart: (i) => payments.checkCart(i.items, i.fee),
    payment_events: paymentEvents,
    payment_state_label: (i) => payments.stateLabel(i.state),
    iud: (i) => payments.iud(i.practiceId),
    payment_reason: (i) => payments.paymentReason(i.practiceId, i.fiscalCode, i.description ?? null),
    transfer_routing: (i) => payments.transferRouting(i.creditorFiscalCode, i.transfers),
  };

  test("reference cases: payments.json", () => {
    let ran = 0;
    for (const c of loadCases("payments").cases) {
      if (c.needsCf && !CF_READY) continue;
      ran++;
      const call = CALLS[c.fn];
      assert.ok(call, c.fn);
      if ("error" in c) {
        // errorPath ("json": the strict reader refused the input): JS names the argument first.
        const arg = "charges" in c.input ? "charges" : "transfers";
        const at = (e) => !("errorPath" in c) || e.details.path === `${arg}.${c.errorPath}`;
        assert.throws(() => call(c.input), (e) => e.code === c.error && at(e), c.name);
      } else {
        const got = plain(call(c.input));
        assert.ok(subset(c.expected, got), `${c.name}: ${JSON.stringify(got)}`);
      }
    }
    assert.ok(ran > 100);
  });

  test("reference cases: pagopa.json", () => {
    const cases = loadCases("pagopa");
    for (const c of cases.notice_numbers) {
      assert.equal(payments.noticeIsValid(c.input), c.valid, c.input);
      if (c.valid) {
        const n = Notice.parse(c.input);
        assert.equal(n.auxDigit, c.aux);
        if ("iuv" in c) assert.equal(n.iuv, c.iuv);
        if ("segregation_code" in c) assert.equal(n.segregationCode, c.segregation_code);
        if ("application_code" in c) assert.equal(n.applicationCode, c.application_code);
      } else {
        assert.throws(() => Notice.parse(c.input), (e) => e.code === c.error, c.input);
      }
      if ("structure_only_valid" in c) assert.equal(Notice.parse(c.input, true).checkDigitsValid, false);
    }
    assert.deepEqual(payments.noticeIsValidMany(cases.notice_numbers.map((c) => c.input)), cases.notice_numbers.map((c) => c.valid));
    for (const c of cases.rf_references) {
      if ("reference" in c) assert.equal(payments.rfBuild(c.reference), c.expected);
      else assert.equal(payments.rfIsValid(c.input), c.valid);
    }
    for (const c of cases.qr_payloads) {
      assert.deepEqual(payments.parseQrPayload(c.expected, true), { notice: c.notice, creditorFiscalCode: c.creditor_fiscal_code, amount: c.amount });
      if (CF_READY) assert.equal(payments.qrPayload(c.notice, c.creditor_fiscal_code, c.amount), c.expected);
    }
    if (CF_READY) for (const c of cases.entity_fiscal_codes) assert.equal(payments.creditorFiscalCodeIsValid(c.input), c.valid, c.input);
  });

  test("Notice class and errors", () => {
    const n = Notice.build({ auxDigit: 3, segregationCode: "01", iuvBase: "0000000000001" });
    assert.equal(n.number, "301000000000000144");
    assert.equal(n.auxDigit, 3);
    assert.equal(n.iuv, "01000000000000144");
    assert.equal(n.printed(), "3010 0000 0000 0001 44");
    assert.equal(JSON.parse(JSON.stringify(n)).iuvBase, "0000000000001");
    assert.equal(Notice.fromJson(n.toJson()).number, n.number);
    assert.deepEqual(Notice.fromObject(n.toObject()).toObject(), n.toObject());
    assert.deepEqual(StampCatalogue.fromObject(catalogue.toObject()).toObject(), catalogue.toObject());
    assert.throws(() => payments.noticeValidate("344012345678901233"), (e) => e instanceof Error && e.code === "payments.check_digits" && /86/.test(e.message));
    assert.throws(() => payments.checkSplit("0.30", [{ id: "1", chapter: "1", office: "A", amount: "0.31" }]), (e) => e.code === "payments.split_sum");
    assert.throws(() => payments.checkSplit("0.30", [{ id: "1", chapter: "1", amount: 0.3 }]), (e) => e.code === "json");
    assert.ok(payments.errorCodes().includes("payments.stamp_reused"));
  });

  test("amounts are strings with two decimals", () => {
    assert.equal(payments.parseAmount("16,5"), "16.50");
    assert.deepEqual(payments.splitEvenly("100", 3), ["33.34", "33.33", "33.33"]);
    assert.throws(() => payments.parseAmount("16.001"), (e) => e.code === "payments.amount_precision");
  });

  test("stamps and payment states", () => {
    const due = new StampCatalogue().stampDuty({ act: "istanza", on: "2025-02-20" });
    assert.deepEqual([due.status, due.amount, due.rule], ["due", "16.00", "istanza_telematica"]);
    const used = new Set();
    const stamp = { identifier: "01234567890123", issuedAt: "2025-02-20T09:30:00+01:00" };
    const key = payments.checkPhysicalStamp(stamp, "2025-02-20T10:00:00+01:00", "2025-02-20T10:00:00+01:00", [...used]);
    used.add(key);
    assert.throws(
      () => payments.checkPhysicalStamp(stamp, "2025-02-20T10:00:00+01:00", "2025-02-20T10:00:00+01:00", [...used]),
      (e) => e.code === "payments.stamp_reused",
    );
    assert.equal(payments.documentHash(new Uint8Array([97, 98, 99])), payments.documentHash("abc"));
    const p = new Payment("16.00", "2025-02-20T10:00:00+01:00", "2025-05-21T10:00:00+02:00");
    assert.equal(p.apply("start", "2025-02-20T10:01:00+01:00"), "started");
    assert.equal(p.apply({ type: "register", operator: "mrossi", note: "Quietanza 12" }, "2025-02-20T11:00:00+01:00"), "paid");
    assert.equal(Payment.fromJson(p.toJson()).state, "paid");
    assert.deepEqual(Payment.fromObject(p.toObject()).toObject(), p.toObject());
    assert.equal(p.history.at(-1).actor, "operator");
    assert.equal(payments.nextState("failed", "retry"), "created");
  });

  test("one behaviour in both packages: names, null, errors with details", () => {
    // Payment: `amount` (Node had `amountArg`), and createdAt, registration, isExpiredAt as in Python.
    const p = new Payment("16,5", "2025-02-20T10:00:00+01:00");
    assert.equal(p.amount, "16.50");
    assert.equal("amountArg" in p, false);
    assert.equal(p.createdAt, "2025-02-20T10:00:00+01:00");
    assert.equal(p.isExpiredAt("2030-01-01T00:00:00Z"), false);
    // An absent value is null, never undefined.
    assert.equal(p.expiresAt, null);
    assert.equal(p.paidAt, null);
    assert.equal(p.registration, null);
    assert.equal(Notice.parse("301000000000000144").applicationCode, null);
    assert.equal(Notice.build({ auxDigit: 0, applicationCode: "01", iuvBase: "0000000000001" }).segregationCode, null);
    assert.equal(p.apply({ type: "register", operator: "mrossi", note: "Quietanza 12" }, "2025-02-21T09:00:00+01:00"), "paid");
    assert.deepEqual(p.registration, { operator: "mrossi", note: "Quietanza 12", sendToCitizen: false, at: "2025-02-21T09:00:00+01:00" });
    assert.equal(p.paidAt, "2025-02-21T09:00:00+01:00");
    const q = new Payment("16.00", "2025-02-20T10:00:00+01:00", "2025-05-21T10:00:00+02:00");
    assert.equal(q.isExpiredAt("2025-05-21T10:00:00+02:00"), true);
    assert.deepEqual(q.allowedEvents("2025-05-21T10:00:00+02:00"), ["succeed", "expire", "register"]);
    // Every error has .code and .details (the core's fields, with code and message).
    assert.throws(
      () => payments.noticeValidate("344012345678901233"),
      (e) => e.code === "payments.check_digits" && e.details.code === e.code && e.details.message === e.message && e.details.found === "33",
    );
    // A negative number of cents is the core's amount_negative (Node and WASM used to build it themselves).
    assert.throws(() => payments.amountFromCents(-1), (e) => e.code === "payments.amount_negative" && e.details.input === "-1");
    // A wrong argument type: code "argument", naming the parameter.
    assert.throws(() => payments.amountFromCents(1.5), (e) => e.code === "argument" && /cents/.test(e.message) && e.details.code === "argument");
    assert.throws(() => payments.splitEvenly("100", "3"), (e) => e.code === "argument" && /parts/.test(e.message));
    assert.throws(() => new Payment(16, "2025-02-20T10:00:00+01:00"), (e) => e.code === "argument" && /amount/.test(e.message));
    assert.throws(() => q.apply("start", "20/02/2025"), (e) => e.code === "argument" && /now/.test(e.message));
    assert.throws(() => payments.rfIsValid(), (e) => e.code === "argument" && /s is required/.test(e.message));
    // seenBefore is the array of the keys already used: a function cannot cross to the core.
    const stamp = { identifier: "01234567890123", issuedAt: "2025-02-20T09:30:00+01:00" };
    assert.throws(() => payments.checkPhysicalStamp(stamp, "2025-02-20T10:00:00+01:00", "2025-02-20T10:00:00+01:00", () => false), (e) => e.code === "argument" && /seen_before/.test(e.message));
    // An unknown key in the stamp query (an options object) is refused, not ignored.
    assert.throws(() => catalogue.stampDuty({ act: "istanza", on: "2025-02-20", exemptoin: "onlus" }), (e) => e.code === "json" && /exemptoin/.test(e.message));
    assert.equal(catalogue.stampDuty({ act: "istanza", on: "2025-02-20", exemption: "onlus" }).status, "exempt");
    // A bare event name is read by the core; one that needs fields, or an unknown one, is refused.
    assert.equal(payments.nextState("created", "start"), "started");
    assert.throws(() => payments.nextState("expired", "renew"), (e) => e.code === "json" && /expiresAt/.test(e.message));
    assert.throws(() => payments.nextState("created", "jump"), (e) => e.code === "json");
    assert.throws(() => payments.nextState("created", 7), (e) => e.code === "argument" && /event/.test(e.message));
    // Lenient: absent and false are strict.
    assert.throws(() => Notice.parse("344012345678901233", null), (e) => e.code === "payments.check_digits");
    assert.throws(() => Notice.parse("344012345678901233", false), (e) => e.code === "payments.check_digits");
    assert.equal(Notice.parse("344012345678901233", true).checkDigitsValid, false);
    // toJSON is the core's JSON shape, for every class.
    assert.equal(JSON.parse(JSON.stringify(q)).expiresAt, "2025-05-21T10:00:00+02:00");
    assert.deepEqual(JSON.parse(JSON.stringify({ c: catalogue })).c, JSON.parse(catalogue.toJson()));
  });

  test("batch validation (timed in benches/peers/payments_node.mjs, not here)", () => {
    const base = Array.from({ length: 1000 }, (_, i) => Notice.build({ auxDigit: 3, segregationCode: "01", iuvBase: String(i).padStart(13, "0") }).number);
    assert.deepEqual(payments.noticeIsValidMany([null]), [null]);
    const codes = payments.noticeValidateMany([base[0], null, "12"]);
    assert.deepEqual(codes.slice(0, 2), [null, null]);
    assert.match(codes[2], /^payments\./);
    const out = payments.noticeIsValidMany([...base, "344012345678901233"]);
    assert.equal(out.length, 1001);
    assert.ok(out.slice(0, 1000).every(Boolean));
    assert.equal(out[1000], false);
  });
}
