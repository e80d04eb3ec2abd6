/** Runs `bridge/src/main.ts` as a real child process (so tests can kill -9 it) and finds its port. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../../../bridge/src/main.ts", import.meta.url));

export interface BridgeProcess {
	child: ChildProcess;
	base: string;
	output: () => string;
}

export async function spawnBridge(dataDir: string): Promise<BridgeProcess> {
	// `node --import tsx` rather than the tsx CLI: the CLI is a wrapper process, and kill -9 must hit the server itself.
	const child = spawn(process.execPath, ["--import", "tsx", MAIN, "--port", "0", "--data-dir", dataDir], {
		stdio: ["ignore", "pipe", "pipe"],
		env: { ...process.env, DIGITLAB_PORT: "" },
	});
	let output = "";
	child.stdout!.on("data", (d) => (output += d));
	child.stderr!.on("data", (d) => (output += d));
	const base = await new Promise<string>((resolve, reject) => {
		const onData = () => {
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
			if (match) resolve(match[1]);
		};
		child.stdout!.on("data", onData);
		child.once("exit", (code) => reject(new Error(`bridge exited with ${code}:\n${output}`)));
	});
	return { child, base, output: () => output };
}

export async function killHard(bridge: BridgeProcess) {
	if (bridge.child.exitCode !== null || bridge.child.signalCode !== null) return;
	const exited = new Promise((resolve) => bridge.child.once("exit", resolve));
	bridge.child.kill("SIGKILL");
	await exited;
}
