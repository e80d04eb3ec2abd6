/**
 * `digitlab bake [--model DIR] [--place FILE]`: a model in a place file, verified under Lune. Without --model it
 * is the default model, trained once into a folder of its own and reused while the default settings stay the same
 * (the repository's `artifacts/default`; elsewhere the per-user cache folder).
 */
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { REPO_ROOT } from "../../../scripts/lib/lune-launcher";
import { TrainingConfigSchema } from "../../../training/src/config";
import { cacheDir } from "../../../cache-dir";
import { layout, placeFile } from "../shipped";
import { BAKE_USAGE } from "../usage";
import { train } from "./train";
import { UsageError } from "./usage-error";

/** True when `dir` holds a finished model trained with today's default config. */
function isCurrentDefault(dir: string): boolean {
	try {
		const summary = JSON.parse(fs.readFileSync(path.join(dir, "summary.json"), "utf8")) as { config?: unknown };
		return isDeepStrictEqual(summary.config, TrainingConfigSchema.parse({}));
	} catch {
		return false;
	}
}

export async function bake(argv: string[]): Promise<number> {
	let values;
	try {
		values = parseArgs({
			args: argv,
			options: { model: { type: "string" }, place: { type: "string" }, help: { type: "boolean", short: "h" } },
			strict: true,
		}).values;
	} catch (err) {
		throw new UsageError((err as Error).message, BAKE_USAGE);
	}
	if (values.help) {
		console.log(BAKE_USAGE);
		return 0;
	}
	const checkout = layout() === "checkout";
	let place = values.place;
	if (place === undefined) {
		const demo = placeFile();
		if (checkout) place = demo.path!;
		else {
			place = path.resolve("DigitLab.rbxl");
			if (!fs.existsSync(place)) fs.writeFileSync(place, demo.bytes());
		}
	} else if (!fs.existsSync(place)) {
		console.error(
			`${place} does not exist: give a place file (.rbxl) to write into, or leave out --place for the demo place.`,
		);
		return 1;
	}

	let modelArgs: string[];
	if (values.model !== undefined) modelArgs = ["--reuse", values.model];
	else {
		const defaultDir = checkout
			? path.join(REPO_ROOT, "artifacts", "default")
			: path.join(cacheDir(), "models", "default");
		if (isCurrentDefault(defaultDir)) modelArgs = ["--reuse", defaultDir];
		else {
			console.log(`training the default model into ${defaultDir} (once; later bakes reuse it)`);
			modelArgs = ["--out", defaultDir];
		}
	}
	const code = await train([...modelArgs, "--place", place]);
	if (code === 0)
		console.log(
			`\n${path.relative(process.cwd(), place) || place} now holds the model: open it in Studio and play-test.`,
		);
	return code;
}
