// Type-checks the package's .d.ts (`npm run typecheck`): each capability adds a few typed calls.
import sportello = require("..");

const cal: sportello.HolidayCalendar = sportello.HolidayCalendar.italy();
const first: string = cal.holidays(2025)[0].date;
const easter: string | null = sportello.workdays.easterSunday(2026);
const ok: boolean = sportello.cf.isValid("RSSMRA80A01H501U");
const notice: sportello.Notice = sportello.Notice.parse("301000000000000144");
const aux: number = notice.auxDigit;
const seg: string | null = notice.segregationCode;
const built: string = sportello.Notice.build({ auxDigit: 3, segregationCode: "01", iuvBase: "0000000000001", applicationCode: null }).number;
const valid: boolean[] = sportello.payments.noticeIsValidMany(["301000000000000144"]);
const qr: string = sportello.payments.qrPayload("301000000000000144", "83000390019", "16.00");
const cents: string = sportello.payments.parseQrPayload(qr).amount;
const rf: string = sportello.payments.rfBuild("539007547034");
const due = new sportello.StampCatalogue().stampDuty({ act: "istanza", on: "2025-02-20", channel: "telematic", sheets: null, receiptAmount: null, exemption: null });
const dueAmount: string = due.amount;
sportello.payments.checkSplit("16.00", [{ chapter: "3300", office: "UFF01", assessment: null, amount: "16.00" }]);
const pay = new sportello.Payment("16.00", "2025-02-20T10:00:00+01:00");
const state: "created" | "started" | "outcomePending" | "paid" | "failed" | "expired" = pay.apply("start", "2025-02-20T10:01:00+01:00");
export { first, easter, ok, aux, seg, built, valid, cents, rf, dueAmount, state };
