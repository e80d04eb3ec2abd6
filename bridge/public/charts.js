// Canvas drawing for the dashboard: line charts and the confusion-matrix heat map.
const COLORS = ["#3a96dd", "#e3a33b"];
const PAD = { left: 44, right: 10, top: 10, bottom: 24 };

/** series: arrays of [x, y] points, drawn in COLORS order; y range fits the data unless yMin/yMax are given. */
export function drawLines(canvas, series, { xMax = 1, yMin, yMax } = {}) {
	const ctx = canvas.getContext("2d");
	const w = canvas.width,
		h = canvas.height;
	ctx.clearRect(0, 0, w, h);
	const ys = series
		.flat()
		.map((p) => p[1])
		.filter(Number.isFinite);
	const lo = yMin ?? (ys.length ? Math.min(...ys) : 0);
	let hi = yMax ?? (ys.length ? Math.max(...ys) : 1);
	if (hi - lo < 1e-6) hi = lo + 1;
	const px = (x) => PAD.left + (x / Math.max(xMax, 1e-6)) * (w - PAD.left - PAD.right);
	const py = (y) => h - PAD.bottom - ((y - lo) / (hi - lo)) * (h - PAD.top - PAD.bottom);

	ctx.strokeStyle = "#444";
	ctx.fillStyle = "#9a9a9a";
	ctx.font = "11px system-ui, sans-serif";
	ctx.lineWidth = 1;
	for (let i = 0; i <= 4; i++) {
		const y = lo + ((hi - lo) * i) / 4;
		ctx.beginPath();
		ctx.moveTo(PAD.left, py(y));
		ctx.lineTo(w - PAD.right, py(y));
		ctx.stroke();
		ctx.fillText(y.toFixed(hi - lo < 0.1 ? 3 : 2), 4, py(y) + 4);
	}
	for (let e = 0; e <= xMax; e++) ctx.fillText(String(e), px(e) - 3, h - 8);

	series.forEach((points, i) => {
		if (points.length === 0) return;
		ctx.strokeStyle = ctx.fillStyle = COLORS[i % COLORS.length];
		ctx.lineWidth = 2;
		ctx.beginPath();
		points.forEach(([x, y], j) => (j === 0 ? ctx.moveTo(px(x), py(y)) : ctx.lineTo(px(x), py(y))));
		ctx.stroke();
		// Single points (one finished epoch) would be invisible as a line.
		for (const [x, y] of points.length < 30 ? points : []) {
			ctx.beginPath();
			ctx.arc(px(x), py(y), 3, 0, Math.PI * 2);
			ctx.fill();
		}
	});
}

/** Rows are true labels, columns predictions; colour is the row-normalised count so rare digits still show. */
export function drawConfusion(canvas, matrix) {
	const ctx = canvas.getContext("2d");
	const n = matrix.length;
	const label = 18;
	const cell = (Math.min(canvas.width, canvas.height) - label) / n;
	ctx.clearRect(0, 0, canvas.width, canvas.height);
	ctx.font = `${Math.max(9, Math.floor(cell / 3))}px system-ui, sans-serif`;
	ctx.textAlign = "center";
	ctx.textBaseline = "middle";
	matrix.forEach((row, i) => {
		const total = row.reduce((a, b) => a + b, 0) || 1;
		ctx.fillStyle = "#9a9a9a";
		ctx.fillText(String(i), label / 2, label + (i + 0.5) * cell);
		ctx.fillText(String(i), label + (i + 0.5) * cell, label / 2);
		row.forEach((count, j) => {
			const t = count / total;
			ctx.fillStyle =
				i === j
					? `rgba(58,150,221,${0.15 + 0.85 * t})`
					: `rgba(227,80,59,${t === 0 ? 0.05 : 0.25 + 0.75 * Math.sqrt(t)})`;
			ctx.fillRect(label + j * cell + 1, label + i * cell + 1, cell - 2, cell - 2);
			if (count > 0) {
				ctx.fillStyle = "#fff";
				ctx.fillText(String(count), label + (j + 0.5) * cell, label + (i + 0.5) * cell);
			}
		});
	});
}
