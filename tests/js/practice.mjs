// The JS tests of `practice`, shared by the Node package (bindings-node/test/practice.test.mjs) and
// the WASM package (bindings-wasm/test/practice.test.mjs). `binding` is the package's helpers.mjs export.
// Both packages are generated from one description (bindings-js): an absent value is `null`, as
// argument and as result, and every error carries `.code` and `.details`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCases } from "./cases.mjs";

export default function practiceTests({ sportello }) {
  const { Practice, Auditor, HolidayCalendar, practice } = sportello;
  const CF = "RSSMRA80A01H501U";
  const cit = { kind: "citizen", id: CF };
  const op = { kind: "operator", id: "op-1" };
  /** A getter's value: an absent one must be `null`, never `undefined`. */
  const returned = (v) => {
    assert.notEqual(v, undefined, "an absent value must be null");
    return v;
  };
  const t = (m) => `2025-02-20T${String(9 + Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00+01:00`;

  test("seed 3 event by event", () => {
    const p = new Practice("P-1", CF, { protocolRequired: true, responseDays: 30 }, t(0));
    assert.equal(p.status, 1000);
    assert.equal(p.apply("submit", cit, t(1)), 1900);
    assert.equal(p.apply("acquire", { kind: "system" }, t(2)), 2000);
    assert.equal(p.apply({ type: "register", protocolNumber: "2025/0001234" }, { kind: "protocol" }, t(3)), 3000);
    assert.equal(p.apply("assign", op, t(4)), 4000);
    assert.equal(p.apply("accept", op, t(5), "Concessa"), 6000);
    assert.equal(p.apply("registerOutcome", { kind: "protocol" }, t(6)), 7000);
    assert.deepEqual(p.timeline().map((e) => e.status), [1000, 1900, 2000, 3000, 4000, 6000, 7000]);
    assert.equal(practice.status(p.status).label, "Accettata");
    assert.equal(p.dueDate(), "2025-03-22");
    assert.equal(p.linkedTo, null);
    assert.equal(p.protocolNumber, "2025/0001234");
    assert.equal(p.outcome, "accepted");
    assert.equal(p.deadline().closed, true);
  });

  test("protocol data: the yearly fascicolo, the operator of an external handler (issue 17 item 3)", () => {
    const config = { protocolRequired: true, protocolHandler: "external", protocolFolders: { 2025: { number: "7", code: "6.3" } } };
    const p = new Practice("P-1", CF, config, t(0));
    p.apply("submit", cit, t(1));
    p.apply("acquire", { kind: "system" }, t(2));
    assert.throws(() => p.apply({ type: "register", protocolNumber: "2025/9", folderNumber: "8" }, op, t(3)), (e) => e.code === "practice.protocol" && e.details.field === "folderNumber");
    assert.equal(p.apply({ type: "register", protocolNumber: "2025/9", documentId: "D-1", registeredAt: t(2) }, op, t(3)), 3000);
    assert.deepEqual(p.protocol(), [
      { document: "practice", direction: "incoming", number: "2025/9", documentId: "D-1", folderNumber: "7", folderCode: "6.3", registeredAt: t(2) },
    ]);
    assert.deepEqual(new Practice("P-2", CF, {}, t(0)).protocol(), []);
    assert.throws(() => new Practice("P-3", CF, { protocolFolders: { MMXXV: { number: "7" } } }, t(0)), (e) => e.code === "json" || e.code === "argument");
  });

  test("decisions at approval: the deferred amount, 0.00 = exempt, and the release stamps (issue 17 item 1)", () => {
    const p = new Practice("P-1", CF, { payment: "deferred", paymentAmount: "30.00" }, t(0));
    p.apply("submit", cit, t(1));
    p.apply("acquire", { kind: "system" }, t(2));
    p.apply("assign", op, t(3));
    assert.equal(p.charges()[0].amount, "30.00");
    const stamp = { kind: "bollo", phase: "release", label: "Marca da bollo provvedimento", amount: "16.00" };
    assert.throws(() => p.apply({ type: "accept", stamps: [{ ...stamp, kind: "diritti" }] }, op, t(4)), (e) => e.code === "practice.charges" && e.details.field === "stamps[0]");
    assert.equal(p.apply({ type: "accept", amount: "0.00", stamps: [stamp] }, op, t(4)), 1400);
    assert.deepEqual(p.charges(), [{ ...stamp, taxonomy: null, exemption: null, stampRule: null, routing: null }]);
    assert.deepEqual(Practice.fromJson(p.toJson()).charges(), p.charges());
  });

  test("errors carry the core code; whyNot names every failed guard", () => {
    const p = new Practice("P-1", CF, { allowWithdrawal: true, protocolRequired: true }, t(0));
    p.apply("submit", cit, t(1));
    assert.throws(
      () => p.apply("withdraw", op, t(2)),
      (e) => e instanceof Error && e.code === "practice.guard" && /denied in status 1900/.test(e.message) && e.details.failed.length === 3,
    );
    assert.throws(() => p.apply("accept", op, t(2)), (e) => e.code === "practice.transition");
    assert.throws(() => p.apply("submit", cit, "2025-02-20T08:00:00+01:00"), (e) => e.code === "practice.out_of_order");
    assert.throws(() => p.apply("fly", cit, t(3)), (e) => e.code === "practice.invalid");
    assert.throws(() => p.apply("acquire", { kind: "system" }, "yesterday"), (e) => e.code === "argument");
    const why = p.whyNot("withdraw", op);
    assert.equal(why.code, "practice.guard");
    assert.deepEqual(why.failed.map((g) => g.code), ["actor", "applicant", "protocolNotWhileSent"]);
    assert.equal(p.whyNot("acquire", { kind: "system" }), null);
    assert.deepEqual(p.allowedEvents({ kind: "system" }), ["acquire", "message", "attachment", "assignOffice"]);
    assert.throws(() => practice.status(5000), (e) => e.code === "practice.unknown_status");
  });

  test("checkFile: hostile input gives typed errors with codes", () => {
    const pdf = new TextEncoder().encode("%PDF-1.7\n");
    const code = (f) => {
      try {
        f();
        return "ok";
      } catch (e) {
        assert.ok(e instanceof Error && typeof e.code === "string", String(e));
        return e.code;
      }
    };
    assert.equal(code(() => practice.checkFile("a".repeat(100_000) + ".pdf", 10, pdf, "message")), "practice.file_name");
    // A prefix far longer than what is read: only its start counts.
    const big = new Uint8Array(4 << 20);
    big.set(pdf);
    assert.equal(practice.checkFile("a.pdf", big.length, big, "message").signature, "pdf");
    assert.equal(code(() => practice.checkFile("a\ud800.pdf", 10, pdf, "message")), "argument");
    assert.equal(code(() => practice.checkFile("a.pdf", -1, pdf, "message")), "argument");
    assert.equal(code(() => practice.checkFile("a.pdf", 1.5, pdf, "message")), "argument");
    assert.equal(code(() => practice.checkFile("a.pdf", 10, pdf, "attachment")), "argument");
    assert.equal(code(() => practice.checkFile("a.pdf", 10, [256], "message")), "argument");
    assert.throws(() => practice.checkFile("a.pdf", 10, pdf, "message", { files: { mesage: {} } }), (e) => e.code === "json" && e.message.startsWith("config.files.mesage:"));
    assert.equal(code(() => practice.checkFile(42, 10, pdf, "message")), "argument");
  });

  test("private notes: operators only, never in the citizen's view", () => {
    const cit = { kind: "citizen", id: CF };
    const op = { kind: "operator", id: "op-1" };
    const p = new Practice("P-1", CF, {}, "2025-02-20T09:00:00+01:00");
    p.apply("submit", cit, "2025-02-20T09:01:00+01:00");
    assert.equal(p.apply("note", op, "2025-02-20T09:02:00+01:00", "solo per l'ufficio"), 1900);
    assert.throws(() => p.apply("note", cit, "2025-02-20T09:03:00+01:00", "x"), (e) => e.code === "practice.guard");
    assert.throws(() => p.apply("note", op, "2025-02-20T09:03:00+01:00"), (e) => e.code === "practice.guard");
    assert.deepEqual(p.eventsFor(cit).map((e) => e.event.type), ["submit"]);
    assert.deepEqual(p.eventsFor(op).map((e) => e.event.type), ["submit", "note"]);
    assert.equal(p.timelineFor(cit).length, p.timeline().length);
  });

  test("a float is never a payment amount", () => {
    for (const bad of [0.1, 16.5, 1e20, "1000000000.00"]) {
      assert.throws(() => new Practice("P-1", CF, { payment: "immediate", paymentAmount: bad }, t(0)), (e) => e.code === "json", String(bad));
    }
  });

  test("JSON round trip, modification, audits, graph", () => {
    const p = new Practice("P-1", CF, { payment: "immediate", paymentAmount: "16.00" }, t(0));
    p.apply("submit", cit, t(1));
    p.apply("paymentSucceeded", { kind: "gateway" }, t(2));
    const back = Practice.fromJson(p.toJson());
    assert.equal(back.toJson(), p.toJson());
    assert.equal(back.status, 1900);
    assert.equal(p.toObject().status, 1900);
    const m = Practice.modificationOf(p, "P-2", cit, t(10));
    assert.equal(m.kind, "modification");
    assert.equal(m.linkedTo, "P-1");
    const r = practice.audit({ allowWithdrawal: true, payment: "immediate", paymentAmount: "16.00" }, [[1000, 0], [1500, 60], [1520, 120], [1900, 120], [20000, 180]]);
    assert.deepEqual(r.findings, [{ kind: "illegalStep", index: 4, from: 1900, to: 20000, guards: ["noPayment"], allowed: [2000, 50000] }]);
    const a = new Auditor({});
    assert.equal(a.auditMany([[[1000, t(0)], [1900, t(1)]], []]).clean, 1);
    // The verdict alone: the report's ok, without findings or repair.
    assert.deepEqual(a.conformsMany([[[1000, t(0)], [1900, t(1)]], [], [[1000, t(1)], [1900, t(0)]]]), [true, false, false]);
    assert.equal(a.conforms([[1000, 0], [2000, 60]]), false);
    // a row's instant holds the core's range of instants, as in Python
    assert.equal(practice.audit({}, [[1000, 253402214399]]).ok, true);
    for (const row of [[1000, 253402214400], [1000, "9999-12-31T00:00:00Z"]]) {
      assert.throws(() => practice.audit({}, [row]), (e) => e.code === "json", JSON.stringify(row));
    }
    assert.equal(a.conforms([{ status: 1000, at: t(0) }]), true);
    assert.match(practice.mermaid({ protocolRequired: true }), /s3000 --> s4000: assign/);
    assert.equal(practice.requestKinds().transfer, "Voltura");
    assert.equal(practice.statuses().length, 23);
    assert.ok(practice.transitions().some((r) => r.event === "withdraw"));
  });

  test("a deadline after 9999-12-31 is the core's error, as in Python", () => {
    const p = new Practice("P-1", CF, { responseDays: 3_000_000 }, t(0));
    p.apply("submit", cit, t(1));
    assert.throws(() => p.dueDate(), (e) => e.code === "practice.date_range");
    assert.throws(() => p.deadline(), (e) => e.code === "practice.date_range");
  });

  test("an absent value is null, as result and as argument", () => {
    const p = new Practice("P-1", CF, {}, t(0), null);
    for (const k of ["linkedTo", "outcome", "assignedOperator", "protocolNumber", "submittedAt"]) assert.equal(p[k], null, k);
    assert.equal(p.dueDate(), null);
    assert.equal(p.dueDate(null, null), null);
    assert.equal(p.deadline(undefined, null), null);
    assert.equal(p.whyNot("submit", cit), null);
    assert.equal(p.whyNot("submit", cit, null), null);
    assert.equal(p.check("submit", cit), null);
    assert.equal(p.apply("submit", cit, t(1), null), 1900);
    assert.equal(p.submittedAt, "2025-02-20T09:01:00+01:00");
    assert.equal(p.createdAt, "2025-02-20T09:00:00+01:00");
    assert.deepEqual(p.timeline()[0].from, null);
  });

  test("every error has .code and .details; a wrong argument names its parameter", () => {
    const p = new Practice("P-1", CF, { allowWithdrawal: true }, t(0));
    const errors = [
      () => p.apply("fly", cit, t(1)),
      () => p.apply("accept", op, t(1)),
      () => practice.status(5000),
      () => Practice.fromJson("{"),
      () => p.apply("submit", cit, 42),
    ];
    for (const f of errors) {
      assert.throws(f, (e) => e instanceof Error && typeof e.code === "string" && e.details.code === e.code && e.details.message === e.message);
    }
    assert.throws(() => p.apply("submit", cit, 42), (e) => e.code === "argument" && /\bat\b/.test(e.message));
    assert.throws(() => p.apply("submit", cit, "yesterday"), (e) => e.code === "argument" && /\bat\b/.test(e.message));
    assert.throws(() => practice.status("1000"), (e) => e.code === "argument" && /\bcode\b/.test(e.message));
    assert.throws(() => new Practice(1, CF, {}, t(0)), (e) => e.code === "argument" && /\bid\b/.test(e.message));
    assert.throws(() => p.allowedEvents({ kind: "alien" }), (e) => e.code === "json" && /\bactor\b/.test(e.message));
    assert.throws(() => Practice.linked(p, "activationX", "P-2", cit, t(1)), (e) => e.code === "argument" && /\bkind\b/.test(e.message));
    assert.throws(() => Practice.linked({}, "renewal", "P-2", cit, t(1)), (e) => e.code === "json" && /^original: expected a Practice/.test(e.message));
    const released = new Practice("P-0", CF, {}, t(0));
    released.free();
    assert.throws(() => Practice.linked(released, "renewal", "P-2", cit, t(1)), (e) => e.code === "argument" && /^original: /.test(e.message));
    assert.throws(() => p.apply("submit", cit), (e) => e.code === "argument" && /at is required/.test(e.message));
    const guard = (() => {
      p.apply("submit", cit, t(1));
      try {
        p.apply("withdraw", op, t(2));
      } catch (e) {
        return e;
      }
    })();
    assert.equal(guard.code, "practice.guard");
    assert.deepEqual(guard.details, p.whyNot({ type: "withdraw" }, op));
  });

  test("an event is a bare name or an object; whyNot's bare name checks only the guards", () => {
    const p = new Practice("P-1", CF, { protocolRequired: true }, t(0));
    p.apply("submit", cit, t(1));
    p.apply("acquire", { kind: "system" }, t(2));
    const proto = { kind: "protocol" };
    assert.equal(p.whyNot("register", proto), null); // the protocol number is data: not checked
    assert.equal(p.whyNot({ type: "register" }, proto).code, "practice.guard");
    assert.deepEqual(p.whyNot({ type: "register" }, proto).failed.map((g) => g.code), ["protocolNumberGiven"]);
    assert.equal(p.whyNot({ type: "register", protocolNumber: "2025/1" }, proto), null);
    assert.throws(() => p.check("register", proto), (e) => e.code === "practice.guard");
    assert.throws(() => p.whyNot("fly", proto), (e) => e.code === "practice.invalid" && /fly/.test(e.message));
    assert.throws(() => p.apply({ type: "fly" }, proto, t(3)), (e) => e.code === "json" && /\bevent\b/.test(e.message));
  });

  test("deadline: the calendar as a HolidayCalendar, its plain object or its JSON text", () => {
    const p = new Practice("P-1", CF, { responseDays: 30, rollToWorkingDay: true }, t(0));
    p.apply("submit", cit, t(1));
    const roma = new HolidayCalendar().withPatron(3, 24, "Festa di prova");
    const national = p.dueDate();
    const patron = p.dueDate(null, roma);
    assert.equal(p.dueDate(null, roma.toObject()), patron);
    assert.equal(p.dueDate(null, roma.toJson()), patron);
    assert.deepEqual(p.deadline(null, roma), p.deadline(null, roma.toJson()));
    assert.equal(p.dueDate(null, new HolidayCalendar()), national);
    assert.throws(() => p.dueDate(null, { weekend: "no" }), (e) => e.code === "json" && /^calendar/.test(e.message));
  });

  test("members Python has: Practice.fromObject, Auditor.reachableStatuses", () => {
    const p = new Practice("P-1", CF, { protocolRequired: true }, t(0), { kind: "operator", id: "op-9" });
    p.apply("submit", cit, t(1));
    const back = Practice.fromObject(p.toObject());
    assert.equal(back.toJson(), p.toJson());
    assert.deepEqual(back.toObject().createdBy, { kind: "operator", id: "op-9" });
    assert.throws(() => Practice.fromObject({ ...p.toObject(), status: 1000 }), (e) => e.code === "practice.replay");
    const statuses = new Auditor({ protocolRequired: true }).reachableStatuses();
    assert.ok(statuses.includes(3000) && statuses.includes(1000));
    assert.ok(!new Auditor({}).reachableStatuses().includes(3000));
    assert.deepEqual(statuses, [...statuses].sort((a, b) => a - b));
  });

  // ---------------------------------------------------------------- reference cases

  function run(input) {
    const pr = input.practice;
    const p = new Practice(pr.id, pr.applicant, pr.config, pr.createdAt);
    // With `staff` and `service`, every step is applied with the staff consulted.
    const apply = (step) =>
      input.staff
        ? p.applyStaffed(step.event, step.actor, step.at, input.staff, input.service, step.message ?? null)
        : p.apply(step.event, step.actor, step.at, step.message ?? null);
    input.steps.forEach((step, i) => {
      const before = p.toJson();
      const n = p.timeline().length;
      if (step.error) {
        let err = null;
        assert.throws(() => apply(step), (e) => ((err = e), e.code === step.error), `${i}`);
        assert.equal(p.toJson(), before);
        if (step.failed) {
          assert.deepEqual(err.details.failed.map((g) => g.code), step.failed, `${i}`);
          // whyNot has no time: it names the same guards but those that need the event's (the
          // annulment term), which then hold.
          const timed = ["annulmentInTerm"];
          const why = p.whyNot(step.event, step.actor, step.message ?? null);
          const untimed = step.failed.filter((g) => !timed.includes(g));
          assert.deepEqual(why ? why.failed.map((g) => g.code) : [], untimed, `${i}`);
        }
      } else {
        apply(step);
        assert.deepEqual(p.timeline().slice(n).map((e) => e.status), step.expect, `${i}`);
      }
    });
    return p;
  }

  function checkRun(name, input, expected) {
    const p = run(input);
    const cal = input.calendar === "italy" ? new sportello.HolidayCalendar().toJson() : null;
    const d = p.deadline(input.on ?? null, cal);
    const get = {
      status: () => p.status,
      timeline: () => p.timeline().map((e) => e.status),
      outcome: () => returned(p.outcome),
      assignedOperator: () => returned(p.assignedOperator),
      protocolNumber: () => returned(p.protocolNumber),
      protocol: () => p.protocol(),
      office: () => returned(p.office),
      charges: () => p.charges(),
      dueDate: () => d?.dueDate ?? null, // `d` itself is null without a deadline
      remainingDays: () => d?.remainingDays ?? null,
      suspendedDays: () => d?.suspendedDays ?? null,
      suspended: () => d?.suspended ?? null,
      submittedOn: () => d?.submittedOn ?? null,
      closed: () => d?.closed ?? null,
      internal: () => p.timeline().filter((e) => e.internal === true).map((e) => e.status),
      noticeDays: () => d?.noticeDays ?? null,
      priority: () => returned(p.priority),
      takeInCharge: () => p.takeInCharge(input.on ?? null, cal),
      rejectionNotices: () => p.rejectionNotices(),
    };
    for (const [key, want] of Object.entries(expected)) {
      // With `staff` and `service`, the queries consult the staff as the steps do.
      const staffed = input.staff !== undefined;
      if (key === "allowed") {
        for (const q of want) {
          const at = q.at ?? null; // the time of the question (RFC 3339), when the case gives one
          const got = staffed ? p.allowedEventsStaffed(q.actor, input.staff, input.service, at) : p.allowedEvents(q.actor, at);
          assert.deepEqual(got, q.events, name);
        }
      } else if (key === "readBy") {
        for (const q of want) {
          const events = p.eventsFor(q.viewer);
          const got = {
            viewer: q.viewer,
            events: events.map((e) => e.event.type),
            messages: events.map((e) => e.message ?? null),
            timelineMessages: p.timelineFor(q.viewer).map((e) => e.message ?? null),
          };
          assert.deepEqual(got, q, `${name}: read by ${JSON.stringify(q.viewer)}`);
        }
      } else if (key === "whyNot") {
        for (const q of want) {
          const at = q.at ?? null;
          const why = staffed ? p.whyNotStaffed(q.event, q.actor, input.staff, input.service, null, at) : p.whyNot(q.event, q.actor, null, at);
          assert.equal(why?.code ?? null, q.error, name);
          if (!staffed) assert.equal(why === null, p.allowedEvents(q.actor, at).includes(q.event), name);
          if (why && q.failed) assert.deepEqual(why.failed.map((g) => g.code), q.failed, name);
        }
      } else {
        assert.deepEqual(get[key](), want, `${name}: ${key}`);
      }
    }
    assert.equal(Practice.fromJson(p.toJson()).toJson(), p.toJson());
  }

  test("reference cases", () => {
    const { cases } = loadCases("practice");
    assert.ok(cases.length >= 60);
    for (const c of cases) {
      const { name, input } = c;
      switch (c.fn) {
        case "run":
          checkRun(name, input, c.expected);
          break;
        case "audit": {
          const r = practice.audit(input.config, input.history);
          assert.deepEqual(r.findings, c.expected.findings, name);
          assert.equal(r.ok, c.expected.ok, name);
          if ("repair" in c.expected) assert.deepEqual(r.repair, c.expected.repair, name);
          if ("fitness" in c.expected) assert.equal(r.fitness, c.expected.fitness, name);
          break;
        }
        case "readLog": {
          const read = input.format === "csv" ? practice.readCsv : practice.readXes;
          if (c.error) assert.throws(() => read(input.text, input.options ?? null), (e) => e.code === c.error && e.details.line === c.line, name);
          else assert.deepEqual(read(input.text, input.options ?? null), c.expected, name);
          break;
        }
        case "exportCsv":
        case "usage":
        case "calculate": {
          const call = () => (c.fn === "exportCsv" ? practice.exportCsv(input.items, input.options ?? null)
            : c.fn === "usage" ? practice.usage(input.items) : practice.calculate(input.items, input.fields));
          if (c.error) assert.throws(call, (e) => e.code === c.error, name);
          else assert.deepEqual(call(), c.expected, name);
          break;
        }
        case "report": {
          const log = practice.readCsv(input.csv, input.options ?? null);
          const r = practice.report(input.config, log, input.on ?? null);
          for (const [k, want] of Object.entries(c.expected)) assert.deepEqual(r[k], want, `${name}: ${k}`);
          const text = practice.reportSummary(r);
          for (const line of c.summaryContains) assert.ok(text.includes(line), `${name}: ${text}`);
          break;
        }
        case "export": {
          const a = new Auditor(input.config);
          const text = input.format === "pnml" ? a.toPnml() : a.toBpmn();
          assert.equal(text, input.format === "pnml" ? practice.pnml(input.config) : practice.bpmn(input.config), name);
          for (const part of c.expected.contains) assert.ok(text.includes(part), `${name}: ${part}`);
          break;
        }
        case "auditMany":
          assert.deepEqual(practice.auditMany(input.config, input.histories), c.expected, name);
          break;
        case "link": {
          const original = run(input.original);
          if (c.error) {
            assert.throws(() => Practice.linked(original, input.kind, input.id, input.createdBy, input.at), (e) => e.code === c.error, name);
          } else {
            const p = Practice.linked(original, input.kind, input.id, input.createdBy, input.at);
            assert.deepEqual({ kind: p.kind, linkedTo: p.linkedTo, status: p.status, applicant: p.applicant, originalStatus: original.status }, c.expected, name);
          }
          break;
        }
        case "status":
          if (c.error) assert.throws(() => practice.status(input.code), (e) => e.code === c.error, name);
          else {
            const s = practice.status(input.code);
            assert.deepEqual({ code: s.code, label: s.label, final: s.final }, c.expected, name);
          }
          break;
        case "config":
          if (c.error) {
            assert.throws(
              () => new Practice("P", "A", input.config, "2025-02-20T09:00:00+01:00"),
              (e) => e.code === c.error && e.message.startsWith(`config.${c.errorPath}:`),
              name,
            );
          } else assert.deepEqual(new Practice("P", "A", input.config, "2025-02-20T09:00:00+01:00").config, c.expected, name);
          break;
        case "checkFile": {
          const head = Uint8Array.from(input.head.match(/../g) ?? [], (h) => parseInt(h, 16));
          const call = () => practice.checkFile(input.name, input.size, head, input.purpose, input.config ?? null);
          if (c.error) assert.throws(call, (e) => e.code === c.error, name);
          else assert.deepEqual(call(), c.expected, name);
          break;
        }
        case "citizenGroup":
          assert.deepEqual(practice.citizenGroup(input.status, input.lang ?? null), c.expected, name);
          break;
        case "changeRanges":
          assert.deepEqual(practice.changeRanges(input.date, input.today, input.lang ?? null), c.expected, name);
          break;
        case "priorityLabel":
          assert.equal(practice.priorityLabel(input.priority, input.lang), c.expected, name);
          break;
        case "statusLabel":
          assert.equal(practice.statusLabel(input.code, input.lang), c.expected, name);
          break;
        case "fromJson":
          if (c.error) assert.throws(() => Practice.fromJson(JSON.stringify(input.json)), (e) => e.code === c.error, name);
          else {
            const p = Practice.fromJson(JSON.stringify(input.json));
            assert.equal(p.status, c.expected.status, name);
            assert.deepEqual(p.timeline().map((e) => e.status), c.expected.timeline, name);
          }
          break;
        default:
          assert.fail(`unknown fn ${c.fn}`);
      }
    }
  });
}
