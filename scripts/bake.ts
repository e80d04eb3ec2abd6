// `npm run bake`: the default model in the built place, so build/DigitLab.rbxl is playable out of the box.
// Trains the default job once into artifacts/default and reuses it while the default config is unchanged.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { TrainingConfigSchema } from "../training/src/config";
import { REPO_ROOT } from "./lib/lune-launcher";
import { buildAll, PLACE_FILE } from "./lib/roblox-build";

const DEFAULT_DIR = path.join(REPO_ROOT, "artifacts", "default");

/** True when artifacts/default holds a finished model trained with today's default config. */
function defaultModelIsCurrent(): boolean {
	try {
		const summary = JSON.parse(fs.readFileSync(path.join(DEFAULT_DIR, "summary.json"), "utf8")) as { config?: unknown };
		return isDeepStrictEqual(summary.config, TrainingConfigSchema.parse({}));
	} catch {
		return false;
	}
}

if (!fs.existsSync(PLACE_FILE)) buildAll();
const reuse = defaultModelIsCurrent();
const args = ["--import", "tsx", path.join(REPO_ROOT, "training", "src", "cli.ts"), "--place", PLACE_FILE];
args.push(...(reuse ? ["--reuse", DEFAULT_DIR] : ["--out", DEFAULT_DIR]));
if (!reuse) console.log(`training the default model into ${path.relative(process.cwd(), DEFAULT_DIR)} (once; later bakes reuse it)`);
const result = spawnSync(process.execPath, args, { stdio: "inherit", cwd: REPO_ROOT });
process.exitCode = result.status ?? 1;
if (result.status === 0) console.log(`\n${path.relative(process.cwd(), PLACE_FILE)} now holds the default model: open it in Studio and play-test.`);
