/**
 * `digitlab <command>`: the one entry point. The repository's npm scripts run it through tsx; the npm package's
 * `bin` and the single executable run its bundle (cli/packaging/bundle.ts). In a bundle every worker thread runs this
 * file too, and `--thread <entry>` names the module it is (see training/src/worker-thread.ts).
 */
import { isMainThread } from "node:worker_threads";
import { bundledThreadEntry } from "../../training/src/worker-thread";
import { runCommand } from "./run-command";

/** The worker entries of a bundled build, by the file name startWorker was given. Loaded only in their thread. */
const THREAD_ENTRIES: Record<string, () => Promise<unknown>> = {
	"training-worker": () => import("../../bridge/src/training-worker"),
	"worker-entry": () => import("../../training/src/parallel/worker-entry"),
};

const threadEntry = isMainThread ? undefined : bundledThreadEntry();
if (threadEntry !== undefined) {
	const load = THREAD_ENTRIES[threadEntry];
	if (load === undefined) throw new Error(`no bundled thread entry named ${threadEntry}`);
	void load();
} else {
	void runCommand(process.argv.slice(2)).then((code) => {
		process.exitCode = code;
	});
}
