// Type-checks pkg/sportello_web.d.ts (`npm run typecheck`): each capability adds a few typed calls.
import init, { HolidayCalendar, workdays, cf } from "../pkg/sportello_web.js";

await init();
const cal: HolidayCalendar = HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | undefined = workdays.easterSunday(2026);
const ok: boolean = cf.isValid("RSSMRA80A01H501U");
export { first, easter, ok };

// practice
import { Practice, practice } from "../pkg/sportello_web.js";
import type { PracticeStatus, PracticeEventKind, TimelineEntry, BatchAudit } from "../pkg/types/index";
const pr: Practice = new Practice("P-1", "RSSMRA80A01H501U", { protocolRequired: true }, "2025-02-20T09:00:00+01:00");
const prStatus: PracticeStatus = pr.apply("submit", { kind: "citizen", id: "RSSMRA80A01H501U" }, "2025-02-20T09:01:00+01:00");
const prAllowed: PracticeEventKind[] = pr.allowedEvents({ kind: "system" });
const prWhy = pr.whyNot({ type: "withdraw" }, { kind: "operator", id: "op-1" });
const prFailed: string[] | undefined = prWhy && prWhy.code === "practice.guard" ? prWhy.failed.map((g) => g.code) : undefined;
const prDue: string | undefined = pr.dueDate();
const prTimeline: TimelineEntry[] = pr.timeline();
const prAudit: BatchAudit = practice.auditMany({}, [[[1000, 0], [1900, 60]]]);
const prLabel: string = practice.status(prStatus).label;
export { prAllowed, prFailed, prDue, prTimeline, prAudit, prLabel };
