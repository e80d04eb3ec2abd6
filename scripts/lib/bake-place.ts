/** Puts a trained model's modules into a place file through Lune (scripts/bake.luau). */
import path from "node:path";
import { REPO_ROOT, runLune } from "./lune-launcher";

export function bakePlace(placeIn: string, modulesDir: string, placeOut = placeIn) {
	const code = runLune([
		"run",
		path.join(REPO_ROOT, "scripts", "bake.luau"),
		path.resolve(placeIn),
		path.resolve(modulesDir),
		path.resolve(placeOut),
	]);
	if (code !== 0) throw new Error(`baking the model into ${placeOut} failed (Lune exit ${code})`);
}
