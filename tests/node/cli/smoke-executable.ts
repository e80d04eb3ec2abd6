/**
 * `tsx tests/node/cli/smoke-executable.ts`: after `npm run package` on any OS (the release workflow runs it on each),
 * copies the executable alone into an empty folder and runs it with an empty home folder: --version, then
 * `serve`, a handshake, the small real job and its artifact. Prints the start-up time (target ≤ 2 s).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, loadAverage, runSmallJob, startServe } from "./served-job";
import { EXECUTABLE_BUILD_DIR, PACKAGE_JSON } from "../../../cli/packaging/bundle";
import { executableName } from "../../../cli/packaging/single-executable";

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "digitlab-smoke-"));
const home = path.join(temp, "home");
fs.mkdirSync(home);
const exe = path.join(temp, executableName());
fs.copyFileSync(path.join(EXECUTABLE_BUILD_DIR, executableName()), exe);
fs.chmodSync(exe, 0o755);
// HOME for Linux and macOS; Windows keeps data and caches under LOCALAPPDATA.
const env = {
	PATH: process.env.PATH ?? "",
	HOME: home,
	USERPROFILE: home,
	LOCALAPPDATA: home,
	SystemRoot: process.env.SystemRoot ?? "",
};
try {
	const version = execFileSync(exe, ["--version"], { cwd: temp, env, encoding: "utf8" }).trim();
	if (version !== PACKAGE_JSON.version)
		throw new Error(`--version printed ${version}, expected ${PACKAGE_JSON.version}`);
	const served = await startServe(exe, ["serve", "--port", String(await freePort())], { cwd: temp, env });
	try {
		console.log(`serving after ${served.startSeconds.toFixed(2)} s (target ≤ 2 s; load average ${loadAverage()})`);
		const outcome = await runSmallJob(served.base);
		const evaluated = outcome.events.find((e) => e.type === "evaluated");
		if (evaluated?.type !== "evaluated" || outcome.artifact.modules.length === 0)
			throw new Error("the job finished without an evaluation or modules");
		console.log(
			`small job: ${outcome.seconds.toFixed(1)} s on ${outcome.info.backend}, test accuracy ${(evaluated.testAccuracy * 100).toFixed(1)}%, ${outcome.artifact.modules.length} modules`,
		);
	} finally {
		await served.stop();
	}
	console.log("smoke test: 1 passed, 0 failed");
} finally {
	fs.rmSync(temp, { recursive: true, force: true });
}
