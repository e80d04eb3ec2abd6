/**
 * What the Node tests do as the bridge's client, whichever way the bridge was started: read a served process's
 * "listening on" line, and follow a job's events by long-poll until it ends.
 */
import type { ChildProcess } from "node:child_process";
import { type JobEvent, LongPollResponseSchema } from "../../bridge/src/protocol";

/**
 * Collects `child`'s stdout and stderr, and resolves with the address once it prints "listening on …"; rejects
 * (with everything it printed) if `name` fails to start or exits first.
 */
export async function awaitListening(
	child: ChildProcess,
	name: string,
): Promise<{ base: string; output: () => string }> {
	let output = "";
	child.stdout!.on("data", (d) => (output += d));
	child.stderr!.on("data", (d) => (output += d));
	const base = await new Promise<string>((resolve, reject) => {
		const onData = () => {
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
			if (match) resolve(match[1]!);
		};
		child.stdout!.on("data", onData);
		child.once("error", reject);
		child.once("exit", (code) => reject(new Error(`${name} exited with ${code} before serving:\n${output}`)));
	});
	return { base, output: () => output };
}

/** Every event of job `jobId` on the bridge at `base`, long-polled until the job is no longer running. */
export async function followJob(base: string, jobId: string): Promise<{ events: JobEvent[]; status: string }> {
	const events: JobEvent[] = [];
	let cursor = 0;
	let status = "running";
	while (status === "running") {
		const page = LongPollResponseSchema.parse(
			await (await fetch(`${base}/api/jobs/${jobId}/events?cursor=${cursor}`)).json(),
		);
		events.push(...page.events);
		cursor = page.cursor;
		status = page.status;
	}
	return { events, status };
}
