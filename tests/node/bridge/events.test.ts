import { afterEach, describe, expect, it } from "vitest";
import { type JobEvent, JobEventSchema, LongPollResponseSchema } from "../../../bridge/src/protocol";
import { createFakeRunner } from "./fake-runner";
import { makeHarness, waitForFinish } from "./harness";
import { readSse } from "./sse-client";

type Harness = Awaited<ReturnType<typeof makeHarness>>;
let h: Harness | undefined;
afterEach(async () => h?.close());

async function startJob(base: string, body: object) {
	const res = await fetch(`${base}/api/jobs`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify(body),
	});
	expect(res.status).toBe(202);
	return ((await res.json()) as { jobId: string }).jobId;
}

async function longPoll(base: string, id: string, cursor: number, timeout = 5000) {
	const res = await fetch(`${base}/api/jobs/${id}/events?cursor=${cursor}&timeout=${timeout}`);
	expect(res.status).toBe(200);
	return LongPollResponseSchema.parse(await res.json());
}

function expectComplete(events: JobEvent[], all: JobEvent[]) {
	expect(events.map((e) => e.cursor)).toEqual(all.map((e) => e.cursor));
	expect(events).toEqual(all);
	expect(events.map((e) => e.cursor)).toEqual(events.map((_, i) => i + 1));
	expect(events[0].type).toBe("started");
	expect(events.at(-1)?.type).toBe("done");
	expect(events.filter((e) => e.type === "epoch").map((e) => (e as { epoch: number }).epoch)).toEqual([1, 2, 3]);
}

describe("event stream", () => {
	it("SSE delivers every event in order, and a reconnect with Last-Event-ID resumes mid-job", async () => {
		h = await makeHarness(createFakeRunner({ batches: 5, stepMs: 15 }));
		const base = await h.listen();
		const id = await startJob(base, { epochs: 3, hidden: [8] });
		const full = readSse(`${base}/api/jobs/${id}/events`);
		const first = await readSse(`${base}/api/jobs/${id}/events`, { stopAfter: 4 });
		expect(first.contentType).toContain("text/event-stream");
		expect(first.events).toHaveLength(4);
		expect(first.ids).toEqual(first.events.map((e) => String(e.cursor)));
		const rest = await readSse(`${base}/api/jobs/${id}/events`, { lastEventId: first.events.at(-1)!.cursor });
		await waitForFinish(h.jobs, id);
		const all = h.jobs.eventsAfter(id, 0);
		for (const e of all) JobEventSchema.parse(e);
		expectComplete((await full).events, all);
		expectComplete([...first.events, ...rest.events], all);
		// After the job, a stream replays from the cursor and closes.
		const late = await readSse(`${base}/api/jobs/${id}/events`, { lastEventId: all.length - 2 });
		expect(late.events).toEqual(all.slice(-2));
	});

	it("long-poll returns complete ordered pages, resumes from any cursor, and waits for new events", async () => {
		h = await makeHarness(createFakeRunner({ batches: 4, stepMs: 40 }));
		const base = await h.listen();
		const id = await startJob(base, { epochs: 3, hidden: [8] });
		const collected: JobEvent[] = [];
		let cursor = 0;
		let polls = 0;
		let resumedFrom = 0;
		const resumed: JobEvent[] = [];
		for (;;) {
			const page = await longPoll(base, id, cursor);
			polls++;
			collected.push(...page.events);
			cursor = page.cursor;
			// A second client joins mid-job from the cursor the first one had reached.
			if (!resumedFrom && cursor >= 5 && page.status === "running") resumedFrom = cursor;
			if (page.status !== "running" && page.events.length === 0) break;
		}
		for (let c = resumedFrom; ;) {
			const page = await longPoll(base, id, c);
			if (page.events.length === 0) break;
			resumed.push(...page.events);
			c = page.cursor;
		}
		const all = h.jobs.eventsAfter(id, 0);
		expectComplete(collected, all);
		expect(resumedFrom).toBeGreaterThan(0);
		expect(resumed).toEqual(all.slice(resumedFrom));
		// Waiting, not spinning: with 40 ms between events most polls carry an event.
		expect(polls).toBeLessThanOrEqual(all.length + 2);
	});

	it("long-poll times out with no events while nothing happens", async () => {
		h = await makeHarness(createFakeRunner({ batches: 1, stepMs: 60_000 }));
		const base = await h.listen();
		const id = await startJob(base, { epochs: 1, hidden: [8] });
		const page = await longPoll(base, id, 1, 50);
		expect(page).toEqual({ cursor: 1, status: "running", events: [] });
		await fetch(`${base}/api/jobs/${id}/cancel`, { method: "POST" });
		const after = await longPoll(base, id, 1, 5000);
		expect(after.status).toBe("cancelled");
		expect(after.events.map((e) => e.type)).toEqual(["cancelled"]);
	});
});
