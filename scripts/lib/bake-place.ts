/** Puts a trained model's modules into a place file through Lune, then checks the result like a play-test would. */
import path from "node:path";
import { REPO_ROOT, runLune } from "./lune-launcher";

/**
 * `root` is a folder laid out like the repository (scripts/*.luau, the Lune harness, MNIST's test set): the
 * repository itself, or the copy a packaged DigitLab makes (cli/src/shipped.ts `luauRoot`).
 */
export function bakePlace(placeIn: string, modulesDir: string, placeOut = placeIn, root = REPO_ROOT) {
	const code = runLune([
		"run",
		path.join(root, "scripts", "bake.luau"),
		path.resolve(placeIn),
		path.resolve(modulesDir),
		path.resolve(placeOut),
	]);
	if (code !== 0) throw new Error(`baking the model into ${placeOut} failed (Lune exit ${code})`);
}

/**
 * Loads the place under Lune with its own runtime, checks the golden vectors, classifies the 10,000 MNIST test
 * digits and, given the training summary's accuracy, fails unless the place reproduces it exactly.
 */
export function verifyPlace(placeFile: string, expectedAccuracy?: number, root = REPO_ROOT) {
	const args = ["run", path.join(root, "scripts", "verify-place.luau"), path.resolve(placeFile)];
	if (expectedAccuracy !== undefined) args.push(String(expectedAccuracy));
	// The Luau helpers read MNIST relative to the repository root.
	const code = runLune(args, process.env, root);
	if (code !== 0) throw new Error(`${placeFile} does not reproduce the trained model's accuracy (Lune exit ${code})`);
}
