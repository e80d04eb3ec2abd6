/**
 * `npm run bench:cnn`: where a CNN step's CPU goes, op by op, on this thread (docs/scaling.md).
 *
 * The CNN (16/32 filters, dense 128) first trains for one short epoch on the kernels, so activations are as sparse
 * as in real training (untrained weights give far sparser ones). Then, for one worker's share of a 128-sample batch
 * (64 images, as with 2 workers): thread CPU time of each op over many repetitions, the whole gradient on the
 * kernels, and the whole gradient on TF.js's wasm backend (the CNN's former engine) for the same share and weights,
 * the same-run baseline. Stages whose forward runs by Winograd's F(2×2, 3×3) are timed against the direct forward
 * too (a second replica with Winograd off, same weights and images), and so is the whole gradient.
 * Thread CPU, not wall time: the machine may be shared; the load average is printed too.
 *
 * Options: --rows N (64)  --seconds S (minimum measuring time per figure, 1)
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { selectBackend } from "../../training/src/backend";
import { TrainingConfigSchema } from "../../training/src/config";
import { loadMnist } from "../../training/src/data/mnist";
import { instantiateCnnKernels, poolBackward, poolForward } from "../../training/src/kernels/cnn-kernels";
import { cnnGeometry } from "../../training/src/kernels/conv-layout";
import { instantiateKernels, MAX_PAGES } from "../../training/src/kernels/mlp-kernels";
import { convLayersScratchBytes } from "../../training/src/conv-grads";
import { INPUT_SHAPE } from "../../place/src/shared/input-geometry";
import { createModel } from "../../training/src/model";
import { type CnnPlan, CnnReplica, cnnScratchBytes } from "../../training/src/parallel/cnn-replica";
import type { DenseStack } from "../../training/src/parallel/dense-stack";
import { createSharedState } from "../../training/src/parallel/shared-state";
import { TfjsReplica } from "../../training/src/parallel/tfjs-replica";
import { runTraining } from "../../training/src/run";
import { load, threadCpu } from "./clock";

const { values } = parseArgs({ options: { rows: { type: "string" }, seconds: { type: "string" } } });
const rows = Number(values.rows ?? 64);
const minMs = Number(values.seconds ?? 1) * 1000;
/** Thread CPU ms per call of `fn`, repeated until `minMs` of CPU (the OS counts CPU time in scheduler ticks). */
function cpuPerCall(fn: () => void): number {
	fn();
	let calls = 0;
	const start = threadCpu();
	while (threadCpu() - start < minMs) {
		for (let i = 0; i < 10; i++) fn();
		calls += 10;
	}
	return (threadCpu() - start) / calls;
}

console.log(
	`bench:cnn — ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), load average ${load()}`,
);
const config = TrainingConfigSchema.parse({
	model: "cnn",
	filters: [16, 32],
	hidden: [128],
	epochs: 1,
	trainSamples: 12000,
	testSamples: 100,
	seed: 1,
	patience: 0,
	backend: "wasm",
	augment: false,
});
const trained = await runTraining(config);
console.log(
	`weights after one epoch on ${trained.summary.trainSize} images (validation accuracy ${(trained.summary.valAccuracy * 100).toFixed(2)}%)`,
);
const { modelFromArtifact } = await import("../../training/src/export/reader");
const model = modelFromArtifact(trained.artifact);
const variables = model.trainableWeights.map((w) => w.read());
const shapes = variables.map((v) => v.shape);
const geo = cnnGeometry(shapes, INPUT_SHAPE)!;
// The same geometry with every stage's forward computed directly (conv-forward.ts): Winograd's same-run baseline,
// a second replica in the second worker's scratch.
const direct = { ...geo, stages: geo.stages.map((s) => ({ ...s, winograd: false, outH: s.oh, outW: s.ow })) };
const scratch = Math.max(
	cnnScratchBytes(geo, rows),
	cnnScratchBytes(direct, rows),
	convLayersScratchBytes(createModel(config), rows),
);
const state = createSharedState(2, shapes, 1, 1, 10, scratch, MAX_PAGES);
variables.forEach((v, i) => state.weights.set(v.dataSync() as Float32Array, state.layout.offsets[i]!));
const mlp = instantiateKernels(state.memory);
const cnn = instantiateCnnKernels(state.memory, geo.stages);
const cnnDirect = instantiateCnnKernels(state.memory, direct.stages);
const replica = new CnnReplica(mlp, cnn, state, 0, geo, rows);
const replicaDirect = new CnnReplica(mlp, cnnDirect, state, 1, direct, rows);
const data = await loadMnist(undefined, rows, 100);
const labels = Int32Array.from(data.train.labels.subarray(0, rows));
for (const rep of [replica, replicaDirect]) {
	rep.loadWeights();
	rep.input(rows).set(data.train.images.subarray(0, rows * 784));
	rep.gradient(labels, rows, 128);
}

// The replica's internals, for timing one op at a time on the share's real activations.
interface Internals {
	p: CnnPlan;
	head: DenseStack;
	stageInput(i: number, r: number): [number, number, number];
}
const r = replica as unknown as Internals;
const rd = replicaDirect as unknown as Internals;
const poolFloats = (i: number) => geo.stages[i]!.ph * geo.stages[i]!.pw * geo.stages[i]!.cp;
const figures: [string, number][] = [];
geo.stages.forEach((s, i) => {
	const b = r.p.stages[i]!;
	const name = `stage ${i + 1} conv forward (${s.cs === 1 ? 1 : s.cin}→${s.filters}, bias, ReLU)`;
	if (s.winograd) {
		const d = rd.p.stages[i]!;
		figures.push([
			`${name}, direct`,
			cpuPerCall(() => {
				for (let n = 0; n < rows; n++)
					cnnDirect.stages[i]!.forward(
						rd.stageInput(i, n)[0],
						rd.p.convOut,
						d.wf,
						d.bias,
						1,
						rd.p.convScratch,
					);
			}),
		]);
	}
	figures.push([
		`${name}${s.winograd ? ", Winograd" : ""}`,
		cpuPerCall(() => {
			for (let n = 0; n < rows; n++)
				cnn.stages[i]!.forward(r.stageInput(i, n)[0], r.p.convOut, b.wf, b.bias, 1, r.p.convScratch);
		}),
	]);
	figures.push([
		`stage ${i + 1} max pool forward`,
		cpuPerCall(() => {
			for (let n = 0; n < rows; n++) {
				const [, pix, row] = r.stageInput(i, n);
				const at = n * poolFloats(i) * 4;
				poolForward(cnn, s, r.p.convOut, b.pooled + at, b.arg + at, pix, row);
			}
		}),
	]);
});
figures.push(["dense head forward (800→128→10)", cpuPerCall(() => r.head.forward(rows))]);
figures.push([
	"dense head backward (weights, biases, input)",
	cpuPerCall(() => r.head.backward(rows, state.at.grads, true)),
]);
// Backward of the stages, per image: the last stage's pooled gradient is the head's input gradient.
let entries = geo.stages.map(() => 0);
/** Pooling backward of every stage, and the convolution backward of stage `only` (none: -1). */
const stageBackward = (only: number) => () => {
	entries = geo.stages.map(() => 0);
	for (let n = 0; n < rows; n++) {
		let dpool = r.head.delta[0]! + n * geo.dense[0]! * 4;
		for (let i = geo.stages.length - 1; i >= 0; i--) {
			const s = geo.stages[i]!;
			const b = r.p.stages[i]!;
			const [input, pix, row] = r.stageInput(i, n);
			const at = n * poolFloats(i) * 4;
			const end = poolBackward(cnn, s, dpool, b.pooled + at, b.arg + at, pix, row, r.p.list);
			entries[i]! += (end - r.p.list) / 16;
			if (only === i) {
				if (i > 0) new Float32Array(state.memory.buffer, b.dx, s.h * s.w * s.cs).fill(0);
				cnn.stages[i]!.backward(r.p.list, end, input, b.dwt, b.wt, b.dx, b.db);
			}
			dpool = b.dx;
		}
	}
};
const poolsOnly = cpuPerCall(stageBackward(-1));
figures.push(["max pool backward, both stages (sparse gradient entries)", poolsOnly]);
geo.stages.forEach((s, i) => {
	const withConv = cpuPerCall(stageBackward(i));
	figures.push([`stage ${i + 1} conv backward (dW, db${s.inputGradient ? ", dx" : ""})`, withConv - poolsOnly]);
});
const whole = cpuPerCall(() => replica.gradient(labels, rows, 128));
const wholeDirect = cpuPerCall(() => replicaDirect.gradient(labels, rows, 128));

await selectBackend("wasm");
const tfjs = new TfjsReplica(config, state, 0);
tfjs.loadWeights();
tfjs.input(rows).set(data.train.images.subarray(0, rows * 784));
const baseline = cpuPerCall(() => tfjs.gradient(labels, rows, 128));

const macs = geo.stages.map((s) => s.oh * s.ow * 9 * s.cin * s.filters * rows);
console.log(`\none worker's share: ${rows} images; thread CPU per share (ms), load average ${load()}`);
for (const [name, ms] of figures) {
	const conv = name.match(/^stage (\d) conv forward/);
	const rate = conv ? `  ${(macs[Number(conv[1]) - 1]! / ms / 1e6).toFixed(1)} GMAC/s` : "";
	console.log(`  ${name.padEnd(58)} ${ms.toFixed(3).padStart(7)}${rate}`);
}
console.log(
	`  gradient entries per image after pooling: ${entries.map((e, i) => `stage ${i + 1} ${(e / rows).toFixed(0)} of ${poolFloats(i)}`).join(", ")}`,
);
console.log(`  ${"whole gradient on DigitLab's kernels".padEnd(58)} ${whole.toFixed(3).padStart(7)}`);
console.log(
	`  ${"whole gradient, every forward direct (no Winograd)".padEnd(58)} ${wholeDirect.toFixed(3).padStart(7)}   → ${(wholeDirect / whole).toFixed(2)}× less CPU with Winograd`,
);
console.log(
	`  ${"whole gradient on TF.js wasm (--engine tfjs), same share".padEnd(58)} ${baseline.toFixed(3).padStart(7)}   → ${(baseline / whole).toFixed(2)}× less CPU on the kernels`,
);
console.log(
	`gradient time of an epoch on 2 free cores (422 steps, each worker one share; without images, Adam, validation): ${((422 * whole) / 1000).toFixed(1)} s; load average at the end ${load()}`,
);
model.dispose();
