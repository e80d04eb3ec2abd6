import type { Summary } from "./run";

/** A one-line progress bar, redrawn in place on a terminal. */
export function progressBar(fraction: number, width = 28): string {
	const f = Math.max(0, Math.min(1, fraction));
	const full = Math.round(f * width);
	return `[${"#".repeat(full)}${"-".repeat(width - full)}] ${(f * 100).toFixed(0).padStart(3)}%`;
}

const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)}%`;

export function perClassTable(perClass: number[], confusion: number[][]): string {
	const lines = ["digit  accuracy  count"];
	perClass.forEach((a, c) =>
		lines.push(`  ${c}    ${pct(a).padStart(7)}  ${String(confusion[c]!.reduce((x, y) => x + y, 0)).padStart(5)}`),
	);
	return lines.join("\n");
}

export function confusionTable(confusion: number[][]): string {
	const w = Math.max(4, ...confusion.flat().map((n) => String(n).length + 1));
	const head = "true\\pred" + confusion.map((_, c) => String(c).padStart(w)).join("");
	const rows = confusion.map(
		(row, r) =>
			`    ${r}    ` + row.map((n, c) => (r === c || n === 0 ? String(n) : String(n)).padStart(w)).join(""),
	);
	return [head, ...rows].join("\n");
}

export function summaryText(s: Summary): string {
	const lines = [
		`model ${s.name} on ${s.backend}${s.workers > 0 ? ` with ${s.workers} worker thread${s.workers === 1 ? "" : "s"}` : ""}: trained ${s.history.length} epochs in ${s.trainSeconds.toFixed(1)} s` +
			(s.stoppedEarly ? " (early stop)" : "") +
			`, best validation epoch ${s.bestEpoch}`,
		`validation accuracy ${pct(s.valAccuracy)} (loss ${s.valLoss.toFixed(4)}) on ${s.valSize} held-out training images`,
		`test accuracy ${pct(s.testAccuracy)} on ${s.testSize} test images` +
			(s.config.quantization === "int8"
				? ` (int8; float32 ${pct(s.floatTestAccuracy)}, drop ${((s.floatTestAccuracy - s.testAccuracy) * 100).toFixed(2)} pp)`
				: ""),
		...(s.config.pairs > 0
			? [
					`read as two digits (pair output largest): ${s.testPairReadings} of ${s.testSize} test digits; accuracy counts the best digit`,
				]
			: []),
		"",
		perClassTable(s.perClass, s.confusion),
		"",
		"confusion matrix (rows: true digit, columns: predicted)",
		confusionTable(s.confusion),
		"",
		`export: ${s.export.modules} modules, ${s.export.chars.toLocaleString("en")} characters of source, ${s.export.bytes.toLocaleString("en")} payload bytes (${s.config.quantization})`,
	];
	return lines.join("\n");
}
