import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { decodeArtifact } from "./export/reader";
import type { Artifact, ArtifactModule } from "./export/types";

/** Writes `dir/modules/<Name>.luau` and `dir/summary.json` (the summary plus anything in `extra`). */
export async function writeArtifactFolder(
	dir: string,
	result: { artifact: Artifact; summary: object },
	extra: Record<string, unknown> = {},
): Promise<void> {
	const modulesDir = join(dir, "modules");
	await mkdir(modulesDir, { recursive: true });
	await Promise.all(result.artifact.modules.map((m) => writeFile(join(modulesDir, `${m.name}.luau`), m.source)));
	await writeFile(join(dir, "summary.json"), JSON.stringify({ ...result.summary, ...extra }, null, "\t") + "\n");
}

export interface ArtifactFolder {
	artifact: Artifact;
	summary: Record<string, unknown>;
}

/** Reads a folder written by `writeArtifactFolder`, checking the weights like the runtime would. */
export async function readArtifactFolder(dir: string): Promise<ArtifactFolder> {
	const modulesDir = join(dir, "modules");
	const files = (await readdir(modulesDir)).filter((f) => f.endsWith(".luau"));
	const modules: ArtifactModule[] = await Promise.all(
		files.map(async (f) => ({
			name: f.slice(0, -".luau".length),
			source: await readFile(join(modulesDir, f), "utf8"),
		})),
	);
	const order = (name: string) =>
		name === "Manifest"
			? -1
			: name === "Golden"
				? Number.MAX_SAFE_INTEGER
				: Number(name.replace(/^Shard/, "")) || 0;
	modules.sort((a, b) => order(a.name) - order(b.name));
	const { manifest } = decodeArtifact(modules);
	const summary = JSON.parse(await readFile(join(dir, "summary.json"), "utf8")) as Record<string, unknown>;
	return { artifact: { formatVersion: manifest.formatVersion, modules, manifest }, summary };
}
