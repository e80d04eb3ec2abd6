// `npm run lune -- <args>`: runs Lune through the launcher (see scripts/lib/lune-launcher.ts).
import { exitWith, runLune } from "./lib/lune-launcher";

exitWith(() => runLune(process.argv.slice(2)));
