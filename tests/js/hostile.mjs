// Hostile input through every entry point of a JS package (issue 15): no crash, no hang, every
// error an Error with a code, and the module still answering afterwards. The calls run in a child
// process (hostile-driver.mjs) so that a crash is seen and named, and each call has a timeout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";

const PER_CALL_MS = 10_000;
const driver = path.join(path.dirname(fileURLToPath(import.meta.url)), "hostile-driver.mjs");

export default function hostileTests(helpersPath) {
  test("every entry point survives hostile input", { timeout: 20 * 60_000 }, async () => {
    const child = spawn(process.execPath, ["--stack-size=984", driver, helpersPath], { stdio: ["ignore", "pipe", "pipe"] });
    let current = null,
      calls = 0,
      done = false,
      timer = null;
    const bad = [],
      samples = [];
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        bad.push(`${current}: hung (over ${PER_CALL_MS} ms)`);
        child.kill("SIGKILL");
      }, PER_CALL_MS);
    };
    arm();
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d).slice(-4000));
    for await (const line of readline.createInterface({ input: child.stdout })) {
      if (line.startsWith("START ")) {
        current = line.slice(6);
        calls++;
        arm();
      } else if (line.startsWith("BAD ")) bad.push(line.slice(4));
      else if (line.startsWith("SAMPLE ")) samples.push(line.slice(7));
      else if (line === "DONE") done = true;
    }
    const code = await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.on("exit", (c, sig) => r(c ?? sig))));
    clearTimeout(timer);
    if (!done && !bad.some((b) => b.includes("hung"))) bad.push(`${current}: the process died (${code}) ${stderr.slice(-600)}`);
    assert.deepEqual(samples, [], "samples that could not be made");
    assert.ok(calls > 1000, `only ${calls} calls`);
    assert.deepEqual(bad.slice(0, 80), [], `${bad.length} of ${calls} hostile calls misbehaved`);
  });
}
