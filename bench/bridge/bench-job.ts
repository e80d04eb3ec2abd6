// `npm run bench:job`: "click to model" through a real bridge, the way the Studio plugin drives it.
// Starts the bridge as its own process (as `npm start` does), handshakes, POSTs the default job (an empty body: every
// field at its default, every core), follows the job's events by long-poll to `done`, downloads the artifact and
// verifies it: format, shard lengths and checksum, the golden vectors through a model rebuilt from the downloaded
// weights, and that model's accuracy on all 10,000 MNIST test images. Prints each stage's seconds from the POST.
// Then the same job with `workers: 1` as the same-run baseline (skip it with --no-baseline).
// Target: click to verified model ≤ 60 s, test accuracy ≥ 98.5%.
//   --workers N   send `workers: N` (default: leave it out, as a plugin without the field does)   --seed N
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as tf from "@tensorflow/tfjs";
import { selectBackend } from "../../training/src/backend";
import { describeBackend } from "../../training/src/backend-notes";
import { loadMnist } from "../../training/src/data/mnist";
import { evaluateModel } from "../../training/src/evaluate";
import { decodeArtifact, modelFromArtifact } from "../../training/src/export/reader";
import {
	ArtifactResponseSchema,
	InfoResponseSchema,
	type JobEvent,
	LongPollResponseSchema,
} from "../../bridge/src/protocol";

const TARGET_SECONDS = 60;
const TARGET_ACCURACY = 0.985;
const { values } = parseArgs({
	options: { workers: { type: "string" }, seed: { type: "string" }, "no-baseline": { type: "boolean" } },
});
const load = () =>
	os
		.loadavg()
		.map((x) => x.toFixed(2))
		.join(" ");
const MAIN = fileURLToPath(new URL("../../bridge/src/main.ts", import.meta.url));

async function startBridge(dataDir: string): Promise<{ child: ChildProcess; base: string }> {
	const child = spawn(process.execPath, ["--import", "tsx", MAIN, "--port", "0", "--data-dir", dataDir], {
		stdio: ["ignore", "pipe", "pipe"],
		env: { ...process.env, DIGITLAB_PORT: "" },
	});
	let output = "";
	child.stderr!.on("data", (d) => (output += d));
	const base = await new Promise<string>((resolve, reject) => {
		child.stdout!.on("data", (d) => {
			output += d;
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
			if (match) resolve(match[1]!);
		});
		child.once("exit", (code) => reject(new Error(`the bridge exited with ${code}:\n${output}`)));
	});
	return { child, base };
}

interface Run {
	clickToModel: number;
	accuracy: number;
	epochs: number;
	loadStart: string;
	loadEnd: string;
}

const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(1).padStart(6);

/** One click: POST, follow to done, download, verify. */
async function click(base: string, body: Record<string, number>): Promise<Run> {
	const loadStart = load();
	console.log(`POST /api/jobs ${JSON.stringify(body)}  (load average ${loadStart})`);
	const clicked = performance.now();
	const post = await fetch(`${base}/api/jobs`, {
		method: "POST",
		headers: { "content-type": "application/json" },
		body: JSON.stringify(body),
	});
	if (post.status !== 202) throw new Error(`POST /api/jobs → ${post.status}: ${await post.text()}`);
	const { jobId } = (await post.json()) as { jobId: string };
	let cursor = 0;
	let status = "running";
	let testAccuracy: number | null = null;
	let epochs = 0;
	while (status === "running") {
		const page = LongPollResponseSchema.parse(
			await (await fetch(`${base}/api/jobs/${jobId}/events?cursor=${cursor}`)).json(),
		);
		for (const e of page.events as JobEvent[]) {
			if (e.type === "started")
				console.log(
					`${seconds(clicked)} s  started: ${e.trainSize} training images, ${e.engine ?? e.backend}   (load ${load()})`,
				);
			else if (e.type === "epoch") {
				epochs = e.epoch;
				console.log(
					`${seconds(clicked)} s  epoch ${e.epoch}: val acc ${(e.valAccuracy * 100).toFixed(2)}%, ${e.seconds.toFixed(2)} s   (load ${load()})`,
				);
			} else if (e.type === "evaluated") testAccuracy = e.testAccuracy;
			else if (e.type === "done" || e.type === "failed" || e.type === "cancelled")
				console.log(`${seconds(clicked)} s  ${e.type}${e.type === "failed" ? `: ${e.message}` : ""}`);
		}
		cursor = page.cursor;
		status = page.status;
	}
	if (status !== "done") throw new Error(`the job ended ${status}`);
	const artifact = ArtifactResponseSchema.parse(await (await fetch(`${base}/api/jobs/${jobId}/artifact`)).json());
	console.log(
		`${seconds(clicked)} s  artifact downloaded: ${artifact.modules.length} modules, ${artifact.modules.reduce((a, m) => a + m.source.length, 0)} characters`,
	);

	// What the plugin checks before it replaces a model, done here with TF.js instead of the Luau runtime.
	const decoded = decodeArtifact(artifact.modules);
	const model = modelFromArtifact(decoded);
	const { golden } = decoded;
	const outputs = tf.tidy(
		() =>
			(
				model.predict(tf.tensor2d(golden.inputs, [golden.count, golden.inputSize])) as tf.Tensor
			).dataSync() as Float32Array,
	);
	let goldenError = 0;
	outputs.forEach((v, i) => (goldenError = Math.max(goldenError, Math.abs(v - golden.outputs[i]!))));
	// The runtime's own check (Runtime/Model.luau selfCheck): float32 weights within 1e-5 of the trained model's
	// golden outputs; int8 weights must give each golden input the same answer (argmax).
	if (decoded.manifest.quantization === "int8") {
		const argmax = (v: Float32Array, at: number) => {
			let best = 0;
			for (let k = 1; k < golden.outputSize; k++) if (v[at + k]! > v[at + best]!) best = k;
			return best;
		};
		for (let g = 0; g < golden.count; g++) {
			const at = g * golden.outputSize;
			if (argmax(outputs, at) !== argmax(golden.outputs, at))
				throw new Error(`int8 weights answer golden vector ${g + 1} differently`);
		}
	} else if (goldenError > 1e-5) throw new Error(`golden vectors differ by ${goldenError}`);
	const clickToModel = (performance.now() - clicked) / 1000;
	const accuracy = evaluateModel(model, test).testAccuracy;
	model.dispose();
	console.log(
		`${seconds(clicked)} s  verified: checksum, ${golden.count} golden vectors (max |Δp| ${goldenError.toExponential(1)}); ` +
			`test accuracy of the downloaded weights ${(accuracy * 100).toFixed(2)}% (bridge said ${((testAccuracy ?? 0) * 100).toFixed(2)}%)`,
	);
	console.log(`click to model: ${clickToModel.toFixed(1)} s, ${epochs} epochs\n`);
	return { clickToModel, accuracy, epochs, loadStart, loadEnd: load() };
}

await selectBackend("wasm");
const { test } = await loadMnist();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "digitlab-bench-job-"));
const bridge = await startBridge(dataDir);
try {
	const info = InfoResponseSchema.parse(await (await fetch(`${bridge.base}/api/info`)).json());
	console.log(
		`bench:job — bridge ${info.version} at ${bridge.base}, backend ${describeBackend(info.backend, info.backendNotes)}`,
	);
	console.log(`${os.availableParallelism()} cores; load average ${load()}\n`);
	const body: Record<string, number> = {};
	if (values.workers) body.workers = Number(values.workers);
	if (values.seed) body.seed = Number(values.seed);
	const main = await click(bridge.base, body);
	const baseline = values["no-baseline"] ? undefined : await click(bridge.base, { ...body, workers: 1 });

	const met = (ok: boolean) => (ok ? "met" : "NOT met");
	const label = values.workers ? `${values.workers} workers` : `every core (${os.availableParallelism()})`;
	console.log(`== results ==`);
	console.log(
		`default job on ${label}: click to model ${main.clickToModel.toFixed(1)} s, ${main.epochs} epochs, test ${(main.accuracy * 100).toFixed(2)}%   [load ${main.loadStart} → ${main.loadEnd}]`,
	);
	if (baseline) {
		console.log(
			`same job on 1 worker:  click to model ${baseline.clickToModel.toFixed(1)} s, ${baseline.epochs} epochs, test ${(baseline.accuracy * 100).toFixed(2)}%   [load ${baseline.loadStart} → ${baseline.loadEnd}]`,
		);
		console.log(`speed-up: ${(baseline.clickToModel / main.clickToModel).toFixed(2)}×`);
	}
	console.log(
		`target click to model ≤ ${TARGET_SECONDS} s: ${met(main.clickToModel <= TARGET_SECONDS)} (${main.clickToModel.toFixed(1)} s)`,
	);
	console.log(
		`target test accuracy ≥ ${TARGET_ACCURACY * 100}%: ${met(main.accuracy >= TARGET_ACCURACY)} (${(main.accuracy * 100).toFixed(2)}%)`,
	);
} finally {
	bridge.child.kill("SIGTERM");
	await new Promise((resolve) => bridge.child.once("exit", resolve));
	fs.rmSync(dataDir, { recursive: true, force: true });
}
