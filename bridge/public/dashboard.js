// DigitLab bridge dashboard: plain browser JavaScript, no build step. Reads the same API as the plugin.
import { drawConfusion, drawLines } from "./charts.js";

const $ = (id) => document.getElementById(id);
const TERMINAL = new Set(["done", "failed", "cancelled"]);

const state = {
	jobId: null,
	source: null,
	train: { loss: [], accuracy: [] },
	val: { loss: [], accuracy: [] },
	epochs: 1,
};

async function api(path, init) {
	const res = await fetch(path, init);
	const body = await res.json();
	if (!res.ok) throw new Error(`${body.kind}: ${body.message}`);
	return body;
}

function resetCharts() {
	state.train = { loss: [], accuracy: [] };
	state.val = { loss: [], accuracy: [] };
	$("confusion-figure").hidden = true;
	redraw();
}

function redraw() {
	drawLines($("loss-chart"), [state.train.loss, state.val.loss], { xMax: state.epochs });
	drawLines($("accuracy-chart"), [state.train.accuracy, state.val.accuracy], {
		xMax: state.epochs,
		yMin: 0,
		yMax: 1,
	});
}

function setProgress(fraction) {
	const pct = Math.round(Math.max(0, Math.min(1, fraction)) * 100);
	$("progress-bar").style.width = `${pct}%`;
	document.querySelector(".progress").setAttribute("aria-valuenow", String(pct));
}

function onEvent(e) {
	switch (e.type) {
		case "started":
			state.epochs = e.config.epochs;
			$("job-status").textContent =
				`Training ${e.config.model.toUpperCase()} [${e.config.hidden.join(", ")}] on ${e.trainSize} images (backend ${e.backend}${e.engine ? `; ${e.engine}` : ""})`;
			break;
		case "batch": {
			const x = e.epoch - 1 + e.batch / e.batches;
			state.epochs = e.epochs;
			state.train.loss.push([x, e.loss]);
			state.train.accuracy.push([x, e.accuracy]);
			setProgress(x / e.epochs);
			$("job-detail").textContent =
				`Epoch ${e.epoch}/${e.epochs}, batch ${e.batch}/${e.batches}, loss ${e.loss.toFixed(4)}, accuracy ${(e.accuracy * 100).toFixed(1)}%`;
			redraw();
			break;
		}
		case "epoch":
			state.val.loss.push([e.epoch, e.valLoss]);
			state.val.accuracy.push([e.epoch, e.valAccuracy]);
			setProgress(e.epoch / e.epochs);
			$("job-detail").textContent =
				`Epoch ${e.epoch}/${e.epochs}: validation accuracy ${(e.valAccuracy * 100).toFixed(2)}%, about ${Math.ceil(e.etaSeconds)} s left`;
			redraw();
			break;
		case "evaluated":
			$("confusion-figure").hidden = false;
			$("test-accuracy").textContent = `test accuracy ${(e.testAccuracy * 100).toFixed(2)}%`;
			drawConfusion($("confusion"), e.confusion);
			break;
		case "exported":
			$("job-detail").textContent = `Exported ${e.modules} modules (${(e.chars / 1000).toFixed(0)} k characters)`;
			break;
		case "done":
			setProgress(1);
			$("job-status").innerHTML = "";
			$("job-status").append(statusText("done", `Done: ${e.name}`));
			break;
		case "failed":
			$("job-status").innerHTML = "";
			$("job-status").append(statusText("failed", `Failed (${e.reason}): ${e.message}`));
			break;
		case "cancelled":
			$("job-status").innerHTML = "";
			$("job-status").append(statusText("cancelled", "Cancelled"));
			break;
	}
	if (TERMINAL.has(e.type)) {
		$("cancel").hidden = true;
		state.source?.close();
		state.source = null;
		void loadModels();
	}
}

function statusText(status, text) {
	const span = document.createElement("span");
	span.className = `status-${status}`;
	span.textContent = text;
	return span;
}

function follow(jobId, running) {
	if (state.jobId === jobId) return;
	state.source?.close();
	state.jobId = jobId;
	resetCharts();
	setProgress(0);
	$("cancel").hidden = !running;
	// EventSource reconnects by itself and sends Last-Event-ID, so the bridge resumes where the stream broke.
	const source = new EventSource(`/api/jobs/${jobId}/events`);
	source.onmessage = (m) => onEvent(JSON.parse(m.data));
	state.source = source;
}

async function loadModels() {
	const { models } = await api("/api/models");
	const body = $("models");
	body.replaceChildren();
	if (models.length === 0) body.innerHTML = '<tr><td colspan="6">None yet.</td></tr>';
	for (const m of models) {
		const row = document.createElement("tr");
		const cells = [
			m.name,
			m.testAccuracy === null ? "–" : `${(m.testAccuracy * 100).toFixed(2)}%`,
			new Date(m.finishedAt).toLocaleString(),
			String(m.modules),
			`${(m.chars / 1000).toFixed(0)} k chars`,
		];
		for (const text of cells) {
			const td = document.createElement("td");
			td.textContent = text;
			row.append(td);
		}
		const link = document.createElement("a");
		link.href = `/api/jobs/${m.id}/artifact`;
		link.textContent = "artifact JSON";
		const td = document.createElement("td");
		td.append(link);
		row.append(td);
		body.append(row);
	}
}

async function poll() {
	try {
		const info = await api("/api/info");
		const why = (info.backendNotes ?? []).find((n) => n.startsWith("tfjs-node:") && info.backend !== "tensorflow");
		$("info").textContent =
			`v${info.version} · protocol ${info.protocolVersion} · backend ${info.backend}${why ? ` (${why})` : ""} · session ${info.sessionId.slice(0, 8)}`;
		if (info.activeJobId) follow(info.activeJobId, true);
		else if (!state.jobId) {
			const { jobs } = await api("/api/jobs");
			if (jobs[0]) follow(jobs[0].id, jobs[0].status === "running");
		}
	} catch (err) {
		$("info").textContent = `Bridge not reachable (${err.message}). Is \`npm start\` still running?`;
	}
}

$("cancel").addEventListener(
	"click",
	() => state.jobId && fetch(`/api/jobs/${state.jobId}/cancel`, { method: "POST" }),
);
window.addEventListener("resize", redraw);
redraw();
void loadModels();
void poll();
setInterval(poll, 1000);
