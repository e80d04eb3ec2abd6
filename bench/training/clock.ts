/** What the training benchmarks print next to every figure: the load average, and this thread's own CPU time. */
import fs from "node:fs";
import os from "node:os";

/** The 1, 5 and 15 minute load averages, for the line a figure is printed on (the machine may be shared). */
export const load = () =>
	os
		.loadavg()
		.map((x) => x.toFixed(2))
		.join(" ");

/** This thread's CPU ms (Linux's /proc/thread-self/schedstat); NaN elsewhere. */
export function threadCpu(): number {
	try {
		return Number(fs.readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0]) / 1e6;
	} catch {
		return NaN;
	}
}
