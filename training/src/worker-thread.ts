/**
 * Starts a worker thread on a module entry. A `.js`/`.mjs` entry starts directly; a `.ts` entry (running from
 * source) starts through a tiny boot script that registers tsx in the new thread first: on Node 20,
 * `execArgv: ["--import", "tsx"]` does not apply tsx's hooks to a worker's own entry ("Unknown file extension
 * .ts"). This is the one place that knows about tsx.
 *
 * A bundled build (the npm package, the single executable) is one file holding every entry: each thread runs that
 * file and `--thread <entry name>` tells it which entry it is (cli/src/digitlab.ts dispatches). The single
 * executable has no file to start, so its threads evaluate the bundle's source, which it carries as an asset.
 */
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";
import { ASSETS, executableAssetText, inSingleExecutable } from "./single-executable";
import { BUNDLED } from "../../version";

/** The argument that names a bundled thread's entry, e.g. `--thread worker-entry`. */
export const THREAD_FLAG = "--thread";

/** The entry a thread of a bundled build runs (its module's file name without extension), or undefined. */
export function bundledThreadEntry(argv: readonly string[] = process.argv): string | undefined {
	const at = argv.indexOf(THREAD_FLAG);
	return at >= 0 ? argv[at + 1] : undefined;
}

export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
	if (BUNDLED) {
		const argv = [
			...(options.argv ?? []),
			THREAD_FLAG,
			path.posix.basename(entry.pathname).replace(/\.[cm]?[jt]s$/, ""),
		];
		if (inSingleExecutable()) return new Worker(executableAssetText(ASSETS.code), { ...options, argv, eval: true });
		// import.meta.url is the bundle itself here.
		return new Worker(new URL(import.meta.url), { ...options, argv });
	}
	if (/\.[cm]?js$/.test(entry.pathname)) return new Worker(entry, options);
	const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api")).href;
	const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { (tsx.register ?? tsx.default.register)(); return import(${JSON.stringify(entry.href)}); })`;
	return new Worker(boot, { ...options, eval: true });
}

/**
 * On Linux a nice value belongs to the calling thread, so this lowers only the thread that calls it: when cores are
 * scarce the scheduler then prefers the bridge's HTTP thread. Elsewhere setpriority(0) would lower the whole
 * process, HTTP included, so it is skipped there.
 */
export function lowerThisThreadPriority(): void {
	if (process.platform !== "linux") return;
	try {
		os.setPriority(0, 10);
	} catch {
		// Not permitted in some containers; training then competes at normal priority.
	}
}
