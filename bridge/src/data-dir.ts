/** Where the bridge keeps jobs and models unless told otherwise: the platform's per-user cache folder. */
import os from "node:os";
import { userCacheDir } from "../../cache-dir";

// DIGITLAB_CACHE_DIR moves computed data only; finished models follow --data-dir and DIGITLAB_DATA_DIR.
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform, home = os.homedir()) {
	return userCacheDir(env, platform, home);
}
