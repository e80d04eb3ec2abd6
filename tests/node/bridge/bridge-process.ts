/** Runs `bridge/src/main.ts` as a real child process (so tests can kill -9 it) and finds its port. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { awaitListening } from "../serve-client";

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
	return { child, ...(await awaitListening(child, "bridge")) };
}

export async function killHard(bridge: BridgeProcess) {
	if (bridge.child.exitCode !== null || bridge.child.signalCode !== null) return;
	const exited = new Promise((resolve) => bridge.child.once("exit", resolve));
	bridge.child.kill("SIGKILL");
	await exited;
}
