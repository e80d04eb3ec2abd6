// `npm run lune -- <args>`: runs Lune through the launcher (see scripts/lib/lune-launcher.ts).
import { LuneUnavailableError, runLune } from "./lib/lune-launcher";

try {
	process.exitCode = runLune(process.argv.slice(2));
} catch (error) {
	if (error instanceof LuneUnavailableError) {
		console.error(error.message);
		process.exitCode = 1;
	} else {
		throw error;
	}
}
