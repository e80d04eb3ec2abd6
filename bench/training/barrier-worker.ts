/** bench:scaling's helper thread: meets the others at barriers and nothing else, so a barrier's own cost shows. */
import { parentPort, workerData } from "node:worker_threads";
import { barrier } from "../../training/src/parallel/shared-state";

const { control, parties, rounds } = workerData as { control: Int32Array; parties: number; rounds: number };
// One meeting first, so thread start-up is not timed.
barrier(control, parties);
const start = performance.now();
for (let i = 0; i < rounds; i++) barrier(control, parties);
parentPort?.postMessage(((performance.now() - start) / rounds) * 1000);
