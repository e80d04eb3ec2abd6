import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../training/src/backend";
import { decodeArtifact, modelFromArtifact } from "../../../../training/src/export/reader";
import { FunctionalNet } from "../../../../training/src/net";
import { formatCase, near, type FormatFixture } from "../../../../training/src/layers/conformance";
import { LAYER_KINDS, LAYERS } from "../../../../training/src/layers/index";

const DIR = join(import.meta.dirname, "../../../fixtures/format");
const fixtureKinds = readdirSync(DIR)
	.filter((f) => f.endsWith(".json"))
	.map((f) => f.slice(0, -5))
	.sort();
const read = (kind: string) => JSON.parse(readFileSync(join(DIR, `${kind}.json`), "utf8")) as FormatFixture;

function expectNear(actual: number[][], expected: number[][], what: string): void {
	expect(actual.length, what).toBe(expected.length);
	actual.forEach((row, r) => {
		expect(row.length, what).toBe(expected[r]!.length);
		row.forEach((v, i) => {
			if (!near(v, expected[r]![i]!)) expect.fail(`${what}: input ${r}, output ${i}: ${v} vs ${expected[r]![i]}`);
		});
	});
}

function predictRows(model: tf.LayersModel, shape: number[], inputs: number[][]): number[][] {
	return tf.tidy(
		() =>
			(model.predict(tf.tensor(inputs.flat(), [inputs.length, ...shape])) as tf.Tensor)
				.reshape([inputs.length, -1])
				.arraySync() as number[][],
	);
}

beforeAll(async () => {
	await selectBackend("wasm");
});

describe("layer registry and format fixtures", () => {
	it("every layer kind has a fixture and every fixture a kind (tests/fixtures/format/generate.ts writes them)", () => {
		expect(fixtureKinds).toEqual([...LAYER_KINDS].sort());
	});

	describe.each(LAYER_KINDS)("%s", (kind) => {
		const fixture = read(kind);

		it("the fixture holds the kind's examples, and every case uses the kind", () => {
			expect(fixture.kind).toBe(kind);
			expect(fixture.cases.map((c) => c.name)).toEqual(LAYERS[kind].examples.map((e) => e.name));
			for (const c of fixture.cases)
				expect(
					c.layers.some((l) => l.type === kind),
					c.name,
				).toBe(true);
		});

		it("export → reader → TF.js computes the fixture's outputs", () => {
			for (const c of fixture.cases) {
				const decoded = decodeArtifact(c.modules);
				expect(decoded.manifest.layers, c.name).toEqual(c.layers);
				expect(decoded.manifest.input.shape, c.name).toEqual(c.inputShape);
				const model = modelFromArtifact(decoded);
				expectNear(predictRows(model, c.inputShape, c.inputs), c.outputs, c.name);
				model.dispose();
			}
		});

		it("the committed fixture is what the kind's module exports and TF.js computes today", () => {
			LAYERS[kind].examples.forEach((example, i) => {
				const fresh = formatCase(example, 1 + i);
				const committed = fixture.cases[i]!;
				expect(fresh.layers, example.name).toEqual(committed.layers);
				expect(fresh.inputs, example.name).toEqual(committed.inputs);
				expectNear(
					fresh.outputs,
					committed.outputs,
					`${example.name} (regenerate: npx tsx tests/fixtures/format/generate.ts)`,
				);
			});
		});

		it("the fast trainer's ops compute what TF.js predicts, or say what they lack", () => {
			for (const example of LAYERS[kind].examples) {
				const model = example.build();
				const shape = (model.inputs[0]!.shape as number[]).slice(1);
				const inputs = [
					Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, k) => ((k * 7) % 11) / 10),
				];
				let net: FunctionalNet;
				try {
					net = new FunctionalNet(model);
				} catch (err) {
					expect(String(err), example.name).toMatch(/the fast trainer (supports|does not support)/);
					model.dispose();
					continue;
				}
				const last = model.layers[model.layers.length - 1]!.getConfig().activation;
				const fast = tf.tidy(() => {
					let y: tf.Tensor = net.logits(tf.tensor(inputs.flat(), [1, ...shape]));
					if (last === "softmax") y = tf.softmax(y);
					return y.reshape([1, -1]).arraySync() as number[][];
				});
				expectNear(fast, predictRows(model, shape, inputs), example.name);
				model.dispose();
			}
		});
	});
});
