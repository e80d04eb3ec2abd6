import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { readArtifactFolder, writeArtifactFolder } from "../../../training/src/artifact-io";
import { selectBackend } from "../../../training/src/backend";
import { exportModel } from "../../../training/src/export/exporter";
import { createModel } from "../../../training/src/model";

beforeAll(async () => {
	await selectBackend("wasm");
});

it("writes modules/*.luau and summary.json, reads them back, and refuses a truncated shard", async () => {
	const dir = await mkdtemp(join(tmpdir(), "digitlab-artifact-"));
	try {
		const model = createModel({ model: "mlp", hidden: [32], filters: [1], seed: 3 });
		const artifact = exportModel(model, {
			name: "io",
			quantization: "int8",
			backend: "wasm",
			metrics: { testAccuracy: 0.5 },
			training: { seed: 3 },
			goldenInputs: new Float32Array(784),
			maxModuleChars: 10_000,
		});
		model.dispose();
		await writeArtifactFolder(dir, { artifact, summary: { testAccuracy: 0.5 } }, { extra: [1, 2] });
		expect((await readdir(join(dir, "modules"))).length).toBe(artifact.modules.length);
		const back = await readArtifactFolder(dir);
		expect(back.artifact.modules).toEqual(artifact.modules);
		expect(back.artifact.manifest).toEqual(artifact.manifest);
		expect(back.summary).toEqual({ testAccuracy: 0.5, extra: [1, 2] });
		const shard = artifact.modules.find((m) => m.name === "Shard2")!;
		await writeFile(join(dir, "modules", "Shard2.luau"), shard.source.slice(0, -10) + '"\n');
		await expect(readArtifactFolder(dir)).rejects.toThrow(/shard Shard2 has \d+ characters, expected \d+/);
	} finally {
		await rm(dir, { recursive: true, force: true });
	}
});
