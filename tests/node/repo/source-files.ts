/** The repository's own text files (sources, docs, configs), for tests that read the tree as a whole. */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** Folders that hold what tools made or downloaded, never what people wrote. */
const SKIPPED_DIRS = new Set([".git", "node_modules", "build", "out", "include", "dist", "artifacts", "generated"]);

/** Every file below `dir` (a path relative to the root), as root-relative paths with forward slashes. */
export function listFiles(dir = "", skip: (rel: string) => boolean = () => false): string[] {
	const found: string[] = [];
	const walk = (rel: string) => {
		for (const entry of fs.readdirSync(path.join(REPO_ROOT, rel), { withFileTypes: true })) {
			const child = rel === "" ? entry.name : `${rel}/${entry.name}`;
			if (skip(child)) continue;
			if (entry.isDirectory()) {
				if (!SKIPPED_DIRS.has(entry.name)) walk(child);
			} else if (entry.isFile()) found.push(child);
		}
	};
	walk(dir);
	return found.sort();
}

export const readText = (rel: string) => fs.readFileSync(path.join(REPO_ROOT, rel), "utf8");
