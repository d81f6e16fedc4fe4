// Type-checks the package's .d.ts (`npm run typecheck`): each capability adds a few typed calls.
import sportello = require("..");
import type { Decoded, MatchReport, Person, Place } from ".."; // every shape from the package root

const cal: sportello.HolidayCalendar = sportello.HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | null = sportello.workdays.easterSunday(2026);
const ok: boolean = sportello.cf.isValid("RSSMRA80A01H501U");
export { first, easter, ok };

// access
const accessPolicy = sportello.Policy.fromJson('{"services": [{"id": "sms", "name": {"it": "SMS", "en": "SMS"}, "level": "weak"}]}');
const accessDecision = accessPolicy.decide("sms", { kind: "spid", level: "SpidL2" }, "2025-06-10T10:00:00+02:00");
const accessAllowed: boolean = accessDecision.allowed;
const accessRequired: string | null = accessDecision.required;
const accessSufficient: string[] = accessDecision.sufficient.map((c) => c.kind);
const accessMessage: string = accessDecision.message.it;
const accessIdentity = sportello.Identity.fromSpid({ fiscalNumber: "TINIT-RSSMRA80A01H501U" }, "2025-06-10");
const accessCf: string = accessIdentity.fiscalCode;
const accessAccount = sportello.Account.selfRegister("RSSMRA80A01H501U", "2025-06-10", new sportello.ActivationPolicy());
const accessState: string = accessAccount.state;
const accessLevel: "low" | "substantial" | "high" | null = accessPolicy.levelOf({ kind: "spid", level: "SpidL2" });
const accessLenient = sportello.Identity.fromSpid({ fiscalNumber: "RSSMRA80A01H501U" }, "2025-06-10", { checkFiscalCode: false });
const accessBirth: string | null = accessLenient.dateOfBirth;
const accessAccountLevel: string | null = accessAccount.level;
sportello.access.checkDelegation({ delegator: "RSSMRA80A01H501U", delegate: "BNCLRA85M41F205C", scope: ["*"], expires: "2025-12-31" }, "BNCLRA85M41F205C", "RSSMRA80A01H501U", "tari", "2025-06-10", { requireDocument: false });
const accessToday: boolean = sportello.access.isDelegationValid({ delegator: "RSSMRA80A01H501U", delegate: "BNCLRA85M41F205C", scope: ["*"], expires: "2999-12-31" }, "BNCLRA85M41F205C", "RSSMRA80A01H501U", "tari");
const accessNoToday = sportello.Identity.fromSpid({ fiscalNumber: "TINIT-RSSMRA80A01H501U" });
const accessPolicyCopy: sportello.Policy = sportello.Policy.fromObject(accessPolicy.toObject());
const accessStaff: sportello.Staff = sportello.Staff.fromObject(sportello.Staff.citel().toObject());
const accessAccountCopy: sportello.Account = sportello.Account.fromObject(accessAccount.toObject());
export { accessAllowed, accessRequired, accessSufficient, accessMessage, accessCf, accessState, accessLevel, accessBirth, accessAccountLevel };
export { accessToday, accessNoToday, accessPolicyCopy, accessStaff, accessAccountCopy };
const accessEidas = sportello.Identity.fromEidas({ PersonIdentifier: "ES/IT/99999999R" }, "2025-06-10");
const accessPersonId: string | null = accessEidas.personIdentifier;
const accessMerge = sportello.access.mergeProfile(null, accessIdentity.toObject(), "2025-06-10T10:00:00+02:00");
const accessEditable: string[] = accessMerge.editable;
const accessEdited = sportello.access.editProfile(accessMerge.profile, "phoneHome", "0212345");
const accessWeak = sportello.Account.register("RSSMRA80A01H501U", "2025-06-10T10:00:00+02:00", sportello.ActivationPolicy.fromJson('{"registration": "immediate"}'));
export { accessPersonId, accessEditable, accessEdited, accessWeak };

// forms
const form: sportello.Form = sportello.Form.fromFormio({ components: [{ type: "textfield", key: "a" }] }, { offices: { rules: [], default: "urp" } });
const evaluation = form.evaluate({ a: "x" }, { today: "2026-06-15" });
const office: string | null = evaluation.assignedOffice;
const firstError: { path: string; code: string; message: string } | undefined = evaluation.errors[0];
const logicResult: unknown = sportello.forms.applyLogic({ "==": [1, 1] }, null);
const compiled = new sportello.Logic({ var: "a" });
const translated: unknown = sportello.forms.translateJs("show = data.a === 'x'");
const fromText: sportello.Form = sportello.Form.fromFormio('{"components": []}');
const session: sportello.FormSession = new sportello.FormSession(form);
const onChange: sportello.Evaluation = session.update({ a: "y" }, { today: "2026-06-15" });
const held: Record<string, unknown> = new sportello.FormSession(form, { a: "x" }).data;
const emptied: sportello.Evaluation = session.remove(["a"]);
export { office, firstError, logicResult, compiled, translated, fromText, session, onChange, held, emptied };

// payments
const paymentsNotice: sportello.Notice = sportello.Notice.parse("301000000000000144");
const paymentsAux: number = paymentsNotice.auxDigit;
const paymentsSeg: string | null = paymentsNotice.segregationCode;
const paymentsBuilt: string = sportello.Notice.build({ auxDigit: 3, segregationCode: "01", iuvBase: "0000000000001", applicationCode: null }).number;
const paymentsValid: (boolean | null)[] = sportello.payments.noticeIsValidMany(["301000000000000144"]);
const paymentsQr: string = sportello.payments.qrPayload("301000000000000144", "83000390019", "16.00");
const paymentsCents: string = sportello.payments.parseQrPayload(paymentsQr).amount;
const paymentsRf: string = sportello.payments.rfBuild("539007547034");
const paymentsDue = new sportello.StampCatalogue().stampDuty({ act: "istanza", on: "2025-02-20", channel: "telematic", sheets: null, receiptAmount: null, exemption: null });
const paymentsDueAmount: string = paymentsDue.amount;
sportello.payments.checkSplit("16.00", [{ id: "1", chapter: "3300", office: "UFF01", assessment: null, amount: "16.00" }]);
const paymentsPay = new sportello.Payment("16.00", "2025-02-20T10:00:00+01:00");
const paymentsState: "creating" | "creationFailed" | "created" | "started" | "outcomePending" | "paid" | "failed" | "expired" = paymentsPay.apply("start", "2025-02-20T10:01:00+01:00");
const paymentsAmount: string = paymentsPay.amount;
const paymentsCreated: string = paymentsPay.createdAt;
const paymentsExpires: string | null = paymentsPay.expiresAt;
const paymentsOperator: string | undefined = paymentsPay.registration?.operator;
const paymentsExpired: boolean = paymentsPay.isExpiredAt("2025-06-01T00:00:00+02:00");
const paymentsEvents: string[] = paymentsPay.allowedEvents("2025-02-20T10:02:00+01:00");
const paymentsObject: string = paymentsPay.toJSON().createdAt;
const paymentsStamp: string = sportello.payments.checkPhysicalStamp(
  { identifier: "01234567890123", issuedAt: "2025-02-20T09:30:00+01:00" },
  "2025-02-20T10:00:00+01:00",
  "2025-02-20T10:00:00+01:00",
  ["01234567890123/2025-02-19"],
);
const paymentsNext: "creating" | "creationFailed" | "created" | "started" | "outcomePending" | "paid" | "failed" | "expired" = sportello.payments.nextState("created", { type: "start" });
const paymentsCreating = sportello.Payment.creating("16.00", "2025-02-20T10:00:00+01:00", null);
const paymentsLabel: string = paymentsCreating.label;
const paymentsStateLabel: string = sportello.payments.stateLabel("creationFailed");
const paymentsIud: string = sportello.payments.iud("6f1d3c9e-2b4a-4c1e-9f0a-1234567890ab");
const paymentsReason: string = sportello.payments.paymentReason("P-1", "RSSMRA80A01H501U", null);
const paymentsRouting: ("creditor" | "multiBeneficiary" | "stampAgreement")[] = sportello.payments.transferRouting("83000390019", []);
export { paymentsLabel, paymentsStateLabel, paymentsIud, paymentsReason, paymentsRouting };
export { paymentsAux, paymentsSeg, paymentsBuilt, paymentsValid, paymentsCents, paymentsRf, paymentsDueAmount, paymentsState };
export { paymentsAmount, paymentsCreated, paymentsExpires, paymentsOperator, paymentsExpired, paymentsEvents, paymentsObject, paymentsStamp, paymentsNext };

const decoded: Decoded = sportello.cf.decode("RSSMRA80A01H501U", "2026-11-23", { maxAge: 120 });
const born: string | null = decoded.birthDate;
const province: string | null = decoded.birthplace.province;
const person: Person = { surname: "Rossi", name: "Mario", sex: "M", birthDate: "1980-01-01", birthplace: "Roma", province: null };
const code: string = sportello.cf.encode(person);
const report: MatchReport = sportello.cf.matches(code, { surname: "Rossi", sex: "M" });
const field: "matched" | "mismatched" | "skipped" = report.fields.surname;
const places: Place[] = sportello.cf.placeSearch("Rom", "2026-11-23", 5);
const many: (boolean | null)[] = sportello.cf.isValidMany([code]);
const vat: string = sportello.piva.validate("83000390019");
export { born, province, field, places, many, vat };

// slots
import type { Slot, BookingStatus, EnteClosures, PracticeLang } from "../types/index";
const calendar: sportello.Calendar = sportello.Calendar.fromJson("{}");
const slotList: Slot[] = calendar.slots("2026-03-02", "2026-03-06", [], "2026-03-01T08:00:00+01:00");
const draft: sportello.Booking = calendar.book({ start: slotList[0].start, end: slotList[0].end, user: "RSSMRA80A01H501U" }, [], "2026-03-01T08:00:00+01:00");
const confirmed: sportello.Booking = draft.submit(calendar, [draft.toObject()], "2026-03-01T08:01:00+01:00");
const statusName: BookingStatus = confirmed.status;
const ics: string = sportello.slots.toIcs(calendar, [confirmed.toObject()], slotList, { dtstamp: "2026-03-01T08:00:00+01:00", personalData: false });
const outcome: string | null = confirmed.refuse("2026-03-01T08:02:00+01:00").outcome;
const moved: sportello.Booking = confirmed.reschedule(calendar, slotList[1].start, slotList[1].end, [confirmed.toObject()], "2026-03-01T08:02:00+01:00");
const calendarCopy: sportello.Calendar = sportello.Calendar.fromObject(calendar.toObject());
const csv: string = sportello.slots.toCsv(calendarCopy, [moved.toObject()]);
const ente: EnteClosures = { closures: [{ from: "2026-03-04T00:00:00+01:00", to: "2026-03-05T00:00:00+01:00", reason: "Chiusura", scope: "entity" }] };
const enteSlots: Slot[] = calendar.slots("2026-03-02", "2026-03-06", [], "2026-03-01T08:00:00+01:00", ente);
const firstFree: Slot | null = calendar.firstAvailable("2026-03-02", [], "2026-03-01T08:00:00+01:00", ente);
const reminder: string | null = confirmed.reminderAt(calendar);
const titleEn: string = calendar.titleIn("en");
const mailLang: PracticeLang = calendar.emailLanguage;
const contact: string | null = calendar.contactEmail;
calendar.validateAt("2026-06-01");
export { statusName, ics, outcome, csv, enteSlots, firstFree, reminder, titleEn, mailLang, contact };

// practice
import type { PracticeStatus, PracticeEventKind, TimelineEntry, BatchAudit, ReportItem, Usage, Calculation } from "../types/index";
const pr: sportello.Practice = new sportello.Practice("P-1", "RSSMRA80A01H501U", { protocolRequired: true }, "2025-02-20T09:00:00+01:00");
const prStatus: PracticeStatus = pr.apply("submit", { kind: "citizen", id: "RSSMRA80A01H501U" }, "2025-02-20T09:01:00+01:00");
const prAllowed: PracticeEventKind[] = pr.allowedEvents({ kind: "system" });
const prWhy = pr.whyNot({ type: "withdraw" }, { kind: "operator", id: "op-1" });
const prFailed: string[] | undefined = prWhy && prWhy.code === "practice.guard" ? prWhy.failed.map((g) => g.code) : undefined;
const prDue: string | null = pr.dueDate();
const prTimeline: TimelineEntry[] = pr.timeline();
const prAudit: BatchAudit = sportello.practice.auditMany({}, [[[1000, 0], [1900, 60]]]);
const prItems: ReportItem[] = [{ practice: JSON.parse(new sportello.Practice("P-1", "RSSMRA80A01H501U", {}, "2026-01-15T09:00:00+01:00").toJson()), service: "Carta d'identità", data: { importo: 12.5 } }];
const prCsv: string = sportello.practice.exportCsv(prItems, { columns: [{ label: "Importo", path: "importo" }] });
const prUsage: Usage = sportello.practice.usage(prItems);
const prSum: string | undefined = (sportello.practice.calculate(prItems, { sum: ["importo"] }) satisfies Calculation).sum["importo"];
const prLabel: string = sportello.practice.status(prStatus).label;
const prBack: sportello.Practice = sportello.Practice.fromObject(pr.toObject());
const prReachable: PracticeStatus[] = new sportello.Auditor({}).reachableStatuses();
const prOutcome: string | null = pr.outcome;
const prDeadline = pr.deadline(null, new sportello.HolidayCalendar().toJson());
const prDueOn: string | null = pr.dueDate(null, sportello.HolidayCalendar.fromObject(cal.toObject()));
const prDuePlain: string | null = pr.dueDate("2025-03-01", cal.toObject());
const prRemaining = prDeadline?.remainingDays ?? null;
const prPriority: "low" | "medium" | "high" | null = pr.priority;
const prTakeDue: string | undefined = pr.takeInCharge(null, null)?.dueDate;
const prNotices: string[] = pr.rejectionNotices().map((n) => n.restartsOn);
const prPriorityLabel: string = sportello.practice.priorityLabel("high", "it");
export { prAllowed, prFailed, prDue, prTimeline, prAudit, prLabel, prBack, prReachable, prOutcome, prRemaining, prDueOn, prDuePlain, prPriority, prTakeDue, prNotices, prPriorityLabel };
