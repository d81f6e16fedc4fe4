// Type-checks pkg/sportello_web.d.ts (`npm run typecheck`): each capability adds a few typed calls.
import init, { HolidayCalendar, workdays, cf, payments, Notice, Payment, StampCatalogue } from "../pkg/sportello_web.js";

await init();
const cal: HolidayCalendar = HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | undefined = workdays.easterSunday(2026);
const ok: boolean = cf.isValid("RSSMRA80A01H501U");
const notice: Notice = Notice.parse("301000000000000144");
const aux: number = notice.auxDigit;
const seg: string | undefined = notice.segregationCode;
const built: string = Notice.build({ auxDigit: 3, segregationCode: "01", iuvBase: "0000000000001", applicationCode: null }).number;
const valid: boolean[] = payments.noticeIsValidMany(["301000000000000144"]);
const qr: string = payments.qrPayload("301000000000000144", "83000390019", "16.00");
const cents: string = payments.parseQrPayload(qr).amount;
const due = new StampCatalogue().stampDuty({ act: "istanza", on: "2025-02-20", channel: "telematic", sheets: null, receiptAmount: null, exemption: null });
const dueAmount: string = due.amount;
payments.checkSplit("16.00", [{ chapter: "3300", office: "UFF01", assessment: null, amount: "16.00" }]);
const pay = new Payment("16.00", "2025-02-20T10:00:00+01:00");
const state: "created" | "started" | "outcomePending" | "paid" | "failed" | "expired" = pay.apply("start", "2025-02-20T10:01:00+01:00");
export { first, easter, ok, aux, seg, built, valid, cents, dueAmount, state };
