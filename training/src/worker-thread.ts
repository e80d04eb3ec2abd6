/**
 * Starts a worker thread on a module entry. A `.js`/`.mjs` entry (a bundled build) starts directly; a `.ts` entry
 * (running from source) starts through a tiny boot script that registers tsx in the new thread first: on Node 20,
 * `execArgv: ["--import", "tsx"]` does not apply tsx's hooks to a worker's own entry ("Unknown file extension
 * .ts"). This is the one place that knows about tsx, so a bundler only has to point the entries at .js files.
 */
import { createRequire } from "node:module";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
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
