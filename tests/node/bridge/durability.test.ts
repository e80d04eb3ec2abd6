import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import {
	ArtifactResponseSchema,
	JobRecordSchema,
	LongPollResponseSchema,
	ModelListSchema,
} from "../../../bridge/src/protocol";
import { type BridgeProcess, killHard, spawnBridge } from "./bridge-process";
import { tempDir } from "./harness";
import { SMALL_REAL_JOB } from "./small-job";

const dataDir = tempDir("digitlab-durable-");
const started: BridgeProcess[] = [];
afterAll(async () => {
	for (const b of started) await killHard(b);
	fs.rmSync(dataDir, { recursive: true, force: true });
});

async function json(url: string, init?: RequestInit) {
	const res = await fetch(url, init);
	return { status: res.status, body: (await res.json()) as unknown };
}
const postJob = (base: string, body: object) =>
	json(`${base}/api/jobs`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify(body),
	});

it("after kill -9 mid-job and a restart, finished models survive and the running job reads failed: interrupted", async () => {
	const first = await spawnBridge(dataDir);
	started.push(first);
	const done = await postJob(first.base, { ...SMALL_REAL_JOB, name: "survivor" });
	const doneId = (done.body as { jobId: string }).jobId;
	for (let cursor = 0, status = "running"; status === "running";) {
		const page = LongPollResponseSchema.parse(
			(await json(`${first.base}/api/jobs/${doneId}/events?cursor=${cursor}`)).body,
		);
		cursor = page.cursor;
		status = page.status;
	}
	const artifactBefore = ArtifactResponseSchema.parse((await json(`${first.base}/api/jobs/${doneId}/artifact`)).body);

	// A longer job, killed once it is visibly training.
	const long = await postJob(first.base, { ...SMALL_REAL_JOB, epochs: 20, trainSamples: 20000, name: "victim" });
	expect(long.status).toBe(202);
	const longId = (long.body as { jobId: string }).jobId;
	for (let cursor = 0, seenBatch = false; !seenBatch;) {
		const page = LongPollResponseSchema.parse(
			(await json(`${first.base}/api/jobs/${longId}/events?cursor=${cursor}`)).body,
		);
		expect(page.status).toBe("running");
		seenBatch = page.events.some((e) => e.type === "batch");
		cursor = page.cursor;
	}
	await killHard(first);

	const second = await spawnBridge(dataDir);
	started.push(second);
	const models = ModelListSchema.parse((await json(`${second.base}/api/models`)).body).models;
	expect(models.map((m) => m.id)).toEqual([doneId]);
	const artifactAfter = ArtifactResponseSchema.parse((await json(`${second.base}/api/jobs/${doneId}/artifact`)).body);
	expect(artifactAfter).toEqual(artifactBefore);

	const victim = JobRecordSchema.parse((await json(`${second.base}/api/jobs/${longId}`)).body);
	expect(victim.status).toBe("failed");
	expect(victim.error?.reason).toBe("interrupted");
	const events = LongPollResponseSchema.parse((await json(`${second.base}/api/jobs/${longId}/events?cursor=0`)).body);
	// Whatever was persisted before the kill (started, maybe an epoch), then the synthesized failure.
	const types = events.events.map((e) => e.type);
	expect(types[0]).toBe("started");
	expect(types.at(-1)).toBe("failed");
	expect(types.slice(1, -1).every((t) => t === "epoch")).toBe(true);
	const cursors = events.events.map((e) => e.cursor);
	expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
	expect(new Set(cursors).size).toBe(cursors.length);
	const info = (await json(`${second.base}/api/info`)).body as { activeJobId: string | null };
	expect(info.activeJobId).toBeNull();
	// The slot is free again, and no temp files were left behind.
	const leftovers = fs
		.readdirSync(path.join(dataDir, "jobs"), { recursive: true })
		.map(String)
		.filter((f) => f.includes(".tmp-"));
	expect(leftovers).toEqual([]);
	await killHard(second);
});
