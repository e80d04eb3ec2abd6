/**
 * The prediction panel's contents: the number line (number and per-digit confidences) and ten cells with
 * probability bars, the top digit highlighted. Sizes are design units (layout-plan.ts DESIGN) under the panel's UIScale.
 */
import type { Prediction } from "shared/controller";
import { percent } from "shared/digits";
import { DESIGN, InfoForm, gridSize } from "./layout-plan";

const CELL = new Color3(0.13, 0.15, 0.19);
const TOP = new Color3(0.18, 0.45, 0.85);
const UNSURE = new Color3(0.55, 0.42, 0.15);
const BAR = new Color3(0.45, 0.75, 1);

export interface GridCell {
	frame: Frame;
	bar: Frame;
	label: TextLabel;
	value: TextLabel;
}

export function text(name: string, parent: Instance, size: number, font: Enum.Font = Enum.Font.GothamBold): TextLabel {
	const label = new Instance("TextLabel");
	label.Name = name;
	label.BackgroundTransparency = 1;
	label.TextColor3 = new Color3(1, 1, 1);
	label.TextScaled = false;
	label.TextSize = size;
	label.Font = font;
	label.Text = "";
	label.Parent = parent;
	return label;
}

export class PredictionView {
	readonly grid: Frame;
	readonly layout: UIGridLayout;
	readonly cells: GridCell[] = [];
	readonly number: TextLabel;
	readonly detail: TextLabel;

	constructor(head: Frame, body: Frame) {
		this.number = text("Number", head, DESIGN.head.number);
		this.number.Size = UDim2.fromScale(0.36, 1);
		this.number.TextXAlignment = Enum.TextXAlignment.Left;
		this.detail = text("Detail", head, DESIGN.head.detail, Enum.Font.Gotham);
		this.detail.Position = new UDim2(0.36, 4, 0, 0);
		this.detail.Size = new UDim2(0.64, -4, 1, 0);
		this.detail.TextXAlignment = Enum.TextXAlignment.Right;
		this.detail.TextTruncate = Enum.TextTruncate.AtEnd;

		const grid = new Instance("Frame");
		grid.Name = "Grid";
		grid.BackgroundTransparency = 1;
		const layout = new Instance("UIGridLayout");
		layout.FillDirection = Enum.FillDirection.Horizontal;
		layout.SortOrder = Enum.SortOrder.LayoutOrder;
		layout.CellPadding = UDim2.fromOffset(DESIGN.cellGap, DESIGN.cellGap);
		layout.Parent = grid;
		for (let digit = 0; digit < 10; digit++) {
			const cell = new Instance("Frame");
			cell.Name = `Digit${digit}`;
			cell.LayoutOrder = digit;
			cell.BackgroundColor3 = CELL;
			cell.BorderSizePixel = 0;
			const corner = new Instance("UICorner");
			corner.CornerRadius = new UDim(0.15, 0);
			corner.Parent = cell;
			const bar = new Instance("Frame");
			bar.Name = "Bar";
			bar.BackgroundColor3 = BAR;
			bar.BackgroundTransparency = 0.35;
			bar.BorderSizePixel = 0;
			bar.AnchorPoint = new Vector2(0, 1);
			bar.Position = UDim2.fromScale(0, 1);
			bar.Size = UDim2.fromScale(1, 0);
			bar.Parent = cell;
			const label = text("Label", cell, DESIGN.full.digit);
			label.Text = tostring(digit);
			const value = text("Percent", cell, DESIGN.full.percent, Enum.Font.Gotham);
			cell.Parent = grid;
			this.cells.push({ frame: cell, bar, label, value });
		}
		grid.Parent = body;
		this.grid = grid;
		this.layout = layout;
		this.setForm("full", 10, 1);
	}

	/** "full" cells show a percentage under the digit; "compact" ones only the digit over its bar. */
	setForm(form: InfoForm, cols: number, rows: number) {
		const size = gridSize(form, cols, rows);
		this.grid.Size = UDim2.fromOffset(size.w, size.h);
		this.layout.FillDirectionMaxCells = cols;
		const cell = form === "full" ? DESIGN.full : DESIGN.compact;
		this.layout.CellSize = UDim2.fromOffset(cell.w, cell.h);
		for (const c of this.cells) {
			c.label.TextSize = cell.digit;
			c.label.Size = new UDim2(1, 0, 0, cell.digit + 6);
			c.value.Visible = form === "full";
			c.value.Size = new UDim2(1, 0, 0, DESIGN.full.percent + 4);
			c.value.Position = new UDim2(0, 0, 1, -(DESIGN.full.percent + 6));
		}
	}

	/** Labels come from the model (a model may be trained on other classes than 0..9). */
	setLabels(labels: ReadonlyArray<string>) {
		this.cells.forEach((cell, i) => (cell.label.Text = labels[i] ?? ""));
	}

	show(prediction: Prediction | undefined) {
		const digit = prediction?.digits[prediction.focus];
		this.cells.forEach((cell, i) => {
			const p = digit?.probabilities[i] ?? 0;
			const top = digit !== undefined && digit.index === i;
			cell.bar.Size = UDim2.fromScale(1, p);
			cell.value.Text = digit ? percent(p) : "";
			cell.frame.BackgroundColor3 = top ? (digit.sure ? TOP : UNSURE) : CELL;
			cell.frame.SetAttribute("Top", top);
		});
		if (!prediction || prediction.digits.size() === 0) {
			this.number.Text = "";
			this.detail.Text = "";
			return;
		}
		const digits = prediction.digits;
		if (digits.size() === 1 && digits[0].index < 0) {
			// Its first reading is still being computed (a CNN spreads a pass over frames).
			this.number.Text = "?";
			this.detail.Text = "reading…";
		} else if (digits.size() === 1) {
			this.number.Text = digits[0].sure ? digits[0].label : `${digits[0].label}?`;
			this.detail.Text = digits[0].sure
				? percent(digits[0].confidence)
				: `not sure (${percent(digits[0].confidence)})`;
		} else {
			this.number.Text = prediction.text;
			// The number already names the digits; the line gives each one's confidence, "?" where not sure.
			this.detail.Text = digits
				.map((d) => (d.index < 0 ? "…" : `${percent(d.confidence)}${d.sure ? "" : "?"}`))
				.join(" · ");
		}
	}
}
