/**
 * DigitLab's per-user cache folder, for the trainer (traced strokes; MNIST unpacked from the single executable), the
 * command (the Luau scripts `bake` runs, the default model), the Lune launcher of a packaged DigitLab, and by default
 * the bridge's jobs and models. At the repository root, like version.ts, so none of them imports another for it.
 */
import os from "node:os";
import path from "node:path";

/** The platform's per-user cache folder for DigitLab. */
export function userCacheDir(
	env: NodeJS.ProcessEnv = process.env,
	platform = process.platform,
	home = os.homedir(),
): string {
	if (platform === "win32")
		return path.win32.join(env.LOCALAPPDATA || path.win32.join(home, "AppData", "Local"), "DigitLab");
	if (platform === "darwin") return path.posix.join(home, "Library", "Caches", "DigitLab");
	const cache =
		env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, ".cache");
	return path.join(cache, "digitlab");
}

/** Where computed and unpacked data is kept: DIGITLAB_CACHE_DIR, or the per-user cache folder. */
export function cacheDir(
	env: NodeJS.ProcessEnv = process.env,
	platform = process.platform,
	home = os.homedir(),
): string {
	return env.DIGITLAB_CACHE_DIR || userCacheDir(env, platform, home);
}
