import fs from "node:fs";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { ArtifactResponseSchema, LongPollResponseSchema, type JobEvent } from "../../../bridge/src/protocol";
import { followJob } from "../serve-client";
import { createWorkerRunner } from "../../../bridge/src/worker-runner";
import { makeHarness } from "./harness";
import { SMALL_REAL_JOB } from "./small-job";

const harness = await makeHarness(createWorkerRunner(), undefined, { batchThrottleMs: 50 });
afterAll(() => harness.close());

it("runs a real training job in a worker thread and serves its model", async () => {
	const base = await harness.listen();
	const post = await fetch(`${base}/api/jobs`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify(SMALL_REAL_JOB),
	});
	expect(post.status).toBe(202);
	const { jobId } = (await post.json()) as { jobId: string };
	const { events } = await followJob(base, jobId);
	const types = events.map((e) => e.type);
	expect(types.at(-1), JSON.stringify(events.at(-1))).toBe("done");
	expect(types.filter((t) => t !== "batch")).toEqual(["started", "epoch", "evaluated", "exported", "done"]);
	const started = events[0] as Extract<JobEvent, { type: "started" }>;
	expect(started.trainSize + started.valSize).toBe(SMALL_REAL_JOB.trainSamples);
	const evaluated = events.find((e) => e.type === "evaluated") as Extract<JobEvent, { type: "evaluated" }>;
	expect(evaluated.testAccuracy).toBeGreaterThan(0.3);
	expect(evaluated.confusion.flat().reduce((a, b) => a + b, 0)).toBe(started.testSize);

	const info = (await (await fetch(`${base}/api/info`)).json()) as { backend: string; backendNotes: string[] };
	expect(info.backend).toBe(started.backend);
	// Why tfjs-node is not in use travels with the backend (not installed, or its load error).
	expect(info.backendNotes).toEqual(started.backendNotes);
	if (started.backend !== "tensorflow") expect(info.backendNotes.some((n) => n.startsWith("tfjs-node: "))).toBe(true);
	const artifact = ArtifactResponseSchema.parse(await (await fetch(`${base}/api/jobs/${jobId}/artifact`)).json());
	expect(artifact.modules[0].name).toBe("Manifest");
	expect(artifact.modules.some((m) => m.name === "Golden")).toBe(true);
	expect(artifact.manifest.name).toBe("mnist-mlp-16");
	const folder = harness.store.artifactFolder(jobId);
	expect(fs.readdirSync(path.join(folder, "modules")).sort()).toEqual(
		artifact.modules.map((m) => `${m.name}.luau`).sort(),
	);
});

it("cancels a real job in its worker", async () => {
	const base = await harness.listen();
	const post = await fetch(`${base}/api/jobs`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify({ ...SMALL_REAL_JOB, epochs: 20, trainSamples: 20000 }),
	});
	const { jobId } = (await post.json()) as { jobId: string };
	for (let cursor = 0, training = false; !training;) {
		const page = LongPollResponseSchema.parse(
			await (await fetch(`${base}/api/jobs/${jobId}/events?cursor=${cursor}`)).json(),
		);
		training = page.events.some((e) => e.type === "batch");
		cursor = page.cursor;
	}
	expect((await fetch(`${base}/api/jobs/${jobId}/cancel`, { method: "POST" })).status).toBe(202);
	let page = LongPollResponseSchema.parse(await (await fetch(`${base}/api/jobs/${jobId}/events?cursor=0`)).json());
	while (page.status === "running")
		page = LongPollResponseSchema.parse(
			await (await fetch(`${base}/api/jobs/${jobId}/events?cursor=${page.cursor}`)).json(),
		);
	expect(page.status).toBe("cancelled");
	expect(harness.jobs.activeJobId).toBeNull();
});
