/** The two ways to read a job's event queue: Server-Sent Events, and long-poll JSON for clients without streams. */
import type { Request, Response } from "express";
import type { JobManager } from "./job-manager";
import { type JobEvent, LONG_POLL_DEFAULT_MS, TERMINAL_EVENT_TYPES } from "./protocol";

const HEARTBEAT_MS = 15_000;
const isTerminalEvent = (e: JobEvent) => (TERMINAL_EVENT_TYPES as readonly string[]).includes(e.type);

/**
 * One SSE message per event, its cursor as the SSE id, so a reconnecting EventSource (or Studio's SSE client)
 * resumes from `Last-Event-ID`. The stream ends after the terminal event. `timeout` (ms) optionally ends a
 * stream early, for tests and for clients that prefer short reconnecting streams.
 */
export function streamEvents(jobs: JobManager, id: string, req: Request, res: Response, timeoutMs?: number) {
	const lastEventId = Number.parseInt(String(req.headers["last-event-id"] ?? "0"), 10);
	let cursor = Number.isSafeInteger(lastEventId) && lastEventId > 0 ? lastEventId : 0;

	res.status(200).set({
		"Content-Type": "text/event-stream; charset=utf-8",
		"Cache-Control": "no-store",
		Connection: "keep-alive",
		"X-Accel-Buffering": "no",
	});
	res.flushHeaders();
	res.write("retry: 2000\n\n");

	let closed = false;
	const timers: NodeJS.Timeout[] = [];
	let unsubscribe = () => {};
	const close = () => {
		if (closed) return;
		closed = true;
		unsubscribe();
		for (const t of timers) clearInterval(t);
		res.end();
	};
	const send = (event: JobEvent) => {
		if (closed || event.cursor <= cursor) return;
		cursor = event.cursor;
		res.write(`id: ${event.cursor}\ndata: ${JSON.stringify(event)}\n\n`);
		if (isTerminalEvent(event)) close();
	};

	// Subscribe before replaying so nothing emitted in between is missed; `send` drops duplicates by cursor.
	unsubscribe = jobs.subscribe(id, send);
	for (const event of jobs.eventsAfter(id, cursor)) send(event);
	if (!closed && jobs.get(id).status !== "running") close();
	timers.push(setInterval(() => res.write(": keep-alive\n\n"), HEARTBEAT_MS));
	if (timeoutMs !== undefined) timers.push(setTimeout(close, timeoutMs));
	// The response's close (not the request's) is what fires when the client goes away mid-stream.
	res.on("close", close);
	res.on("error", close);
}

/** Answers at once when events after `cursor` exist or the job is over; otherwise waits for the next one. */
export async function longPollEvents(
	jobs: JobManager,
	id: string,
	cursor: number,
	timeoutMs: number | undefined,
	res: Response,
) {
	let events = jobs.eventsAfter(id, cursor);
	if (events.length === 0 && jobs.get(id).status === "running") {
		await new Promise<void>((resolve) => {
			const done = () => {
				clearTimeout(timer);
				unsubscribe();
				res.off("close", done);
				resolve();
			};
			const timer = setTimeout(done, timeoutMs ?? LONG_POLL_DEFAULT_MS);
			const unsubscribe = jobs.subscribe(id, done);
			res.on("close", done);
		});
		events = jobs.eventsAfter(id, cursor);
	}
	const record = jobs.get(id);
	return { cursor: events.at(-1)?.cursor ?? cursor, status: record.status, events };
}
