/**
 * `npm run replay -- [options]`: MNIST test digits traced into pen strokes (the same tracer that feeds training's
 * augmentation, training/src/ink/trace.ts, cached on disk) are written with their images and labels to
 * build/replay/strokes.bin, then the built place replays them under Lune (bench/replay/replay.luau): single digits
 * at several sizes and positions, three-digit numbers, and the controller's frame cost on an interpreted client
 * (LUNE_LUAU_JIT=0). `--tune` uses TRAINING digits instead, for adjusting segmentation or augmentation without
 * looking at the test set whose figures the replay reports: the 6,000 the model held out for validation (from its
 * summary's seed and split, so it never trained on them, plain or traced), else digits 50,000–59,999.
 * `--tune-wide` uses 30,000 training digits (those 6,000 and the first 24,000 the model trained on) for questions of
 * pure geometry (which strokes make one digit), where the model's training does not matter: five times the numbers
 * to find rare failures in. The model's readings of digits it trained on are flattering, so its accuracy figures
 * (and any choice the model makes) on this set overstate what a player gets.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadMnist, permutation, subset, type ImageSet } from "../../training/src/data/mnist";
import { createRandom } from "../../training/src/rng";
import { strokesFor } from "../../training/src/ink/stroke-store";
import { exitWith, REPO_ROOT, runLune } from "../../scripts/lib/lune-launcher";

export const STROKES_FILE = path.join(REPO_ROOT, "build", "replay", "strokes.bin");
const MAGIC = 0x52444c44; // "DLDR"

/** The model folder the Luau side will replay (its --model, as replay.luau resolves it). */
function modelDir(args: string[]): string {
	const i = args.indexOf("--model");
	const name =
		i >= 0
			? args[i + 1]!
			: existsSync(path.join(REPO_ROOT, "artifacts", "default"))
				? "artifacts/default"
				: "mlp-f32";
	return path.join(REPO_ROOT, name.includes("/") ? name : path.join("build", "fixtures", name));
}

/** The training digits the model held out for validation, or undefined when its summary does not say. */
function heldOut(dir: string, count: number): number[] | undefined {
	try {
		const summary = JSON.parse(readFileSync(path.join(dir, "summary.json"), "utf8")) as {
			config?: { seed?: number; validationSplit?: number };
		};
		const { seed, validationSplit } = summary.config ?? {};
		if (seed === undefined || validationSplit === undefined) return undefined;
		return Array.from(permutation(count, createRandom(seed)).subarray(0, Math.round(count * validationSplit)));
	} catch {
		return undefined;
	}
}

/** How many training digits `--tune-wide` replays. */
const WIDE = 30000;

/** The held-out digits first, then the digits the model trained on, in MNIST's order, up to `count`. */
function wideSet(held: number[] | undefined, total: number, count: number): number[] {
	const out = [...(held ?? [])];
	const taken = new Set(out);
	for (let k = 0; k < total && out.length < count; k++) if (!taken.has(k)) out.push(k);
	return out.slice(0, count);
}

async function writeStrokes(tune: boolean, wide: boolean): Promise<void> {
	const data = await loadMnist();
	const held = tune || wide ? heldOut(modelDir(process.argv.slice(2)), data.train.count) : undefined;
	const set: ImageSet = wide
		? subset(data.train, wideSet(held, data.train.count, WIDE))
		: !tune
			? data.test
			: subset(data.train, held ?? Array.from({ length: 10000 }, (_, k) => 50000 + k));
	const name = wide
		? `${WIDE} training digits (${held?.length ?? 0} held out, the rest TRAINED ON: model readings flattering)`
		: !tune
			? "test digits"
			: held
				? `the ${held.length} training digits the model held out`
				: "training digits 50,000–59,999";
	const started = performance.now();
	const { strokes, traced } = strokesFor(set, {
		onProgress: (done, total) => process.stderr.write(`\rtracing ${name} ${done}/${total}`),
	});
	if (traced > 0) process.stderr.write(`\n`);
	const head = new Uint32Array([
		MAGIC,
		set.count,
		strokes.strokeEnds.length,
		strokes.coords.length / 2,
		tune || wide ? 1 : 0,
	]);
	const labels = new Uint8Array(Math.ceil(set.count / 4) * 4);
	labels.set(set.labels);
	const images = Uint8Array.from(set.images, (v) => Math.round(v * 255));
	const parts = [head, labels, images, strokes.digitStrokes, strokes.strokeEnds, strokes.coords].map((a) =>
		Buffer.from(a.buffer, a.byteOffset, a.byteLength),
	);
	mkdirSync(path.dirname(STROKES_FILE), { recursive: true });
	writeFileSync(STROKES_FILE, Buffer.concat(parts));
	const seconds = (performance.now() - started) / 1000;
	console.log(
		`${name}: ${set.count} as strokes (${traced} traced now, the rest from the disk cache) in ${seconds.toFixed(1)} s`,
	);
}

const wide = process.argv.includes("--tune-wide");
await writeStrokes(process.argv.includes("--tune"), wide);
if (wide)
	console.log(
		"--tune-wide: most of these digits were TRAINED ON; digit and exact-number figures (and the model's choices) " +
			"are flattering. Use it for which strokes make one digit, not for accuracy.",
	);
// The Luau side knows a tuning set by the strokes file's header; --tune-wide is one of them.
const args = process.argv.slice(2).map((a) => (a === "--tune-wide" ? "--tune" : a));
exitWith(() => {
	const accuracy = runLune(["run", "bench/replay/replay.luau", ...args], process.env, REPO_ROOT);
	if (args.includes("--no-frames")) return accuracy;
	const frames = runLune(
		["run", "bench/replay/frames.luau", ...args],
		{ ...process.env, LUNE_LUAU_JIT: "0" },
		REPO_ROOT,
	);
	return accuracy || frames;
});
