/** Where the bridge keeps jobs and models unless told otherwise: the platform's per-user cache folder. */
import os from "node:os";
import path from "node:path";

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir()) {
	if (platform === "win32") return path.win32.join(env.LOCALAPPDATA || path.win32.join(home, "AppData", "Local"), "DigitLab");
	if (platform === "darwin") return path.posix.join(home, "Library", "Caches", "DigitLab");
	const cache = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, ".cache");
	return path.join(cache, "digitlab");
}
