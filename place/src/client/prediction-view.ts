/** Ten cells with probability bars, the top digit highlighted, plus the multi-digit number line. */
import type { Prediction } from "shared/controller";
import { percent } from "shared/digits";

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

function text(name: string, parent: Instance, size: UDim2, position: UDim2): TextLabel {
	const label = new Instance("TextLabel");
	label.Name = name;
	label.BackgroundTransparency = 1;
	label.TextColor3 = new Color3(1, 1, 1);
	label.TextScaled = true;
	label.Font = Enum.Font.GothamBold;
	label.Size = size;
	label.Position = position;
	label.Text = "";
	label.Parent = parent;
	return label;
}

export class PredictionView {
	readonly frame: Frame;
	readonly cells: GridCell[] = [];
	readonly number: TextLabel;
	readonly detail: TextLabel;

	constructor(parent: Instance) {
		const frame = new Instance("Frame");
		frame.Name = "Predictions";
		frame.BackgroundTransparency = 1;
		frame.Size = UDim2.fromScale(1, 1);
		const grid = new Instance("Frame");
		grid.Name = "Grid";
		grid.BackgroundTransparency = 1;
		grid.Size = UDim2.fromScale(1, 0.62);
		grid.Parent = frame;
		const layout = new Instance("UIListLayout");
		layout.FillDirection = Enum.FillDirection.Horizontal;
		layout.Padding = new UDim(0.01, 0);
		layout.SortOrder = Enum.SortOrder.LayoutOrder;
		layout.Parent = grid;
		for (let digit = 0; digit < 10; digit++) {
			const cell = new Instance("Frame");
			cell.Name = `Digit${digit}`;
			cell.LayoutOrder = digit;
			cell.BackgroundColor3 = CELL;
			cell.BorderSizePixel = 0;
			cell.Size = UDim2.fromScale(0.091, 1);
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
			const label = text("Label", cell, UDim2.fromScale(1, 0.5), UDim2.fromScale(0, 0.05));
			label.Text = tostring(digit);
			const value = text("Percent", cell, UDim2.fromScale(1, 0.28), UDim2.fromScale(0, 0.62));
			value.Font = Enum.Font.Gotham;
			cell.Parent = grid;
			this.cells.push({ frame: cell, bar, label, value });
		}
		this.number = text("Number", frame, UDim2.fromScale(1, 0.22), UDim2.fromScale(0, 0.64));
		this.detail = text("Detail", frame, UDim2.fromScale(1, 0.13), UDim2.fromScale(0, 0.87));
		this.detail.Font = Enum.Font.Gotham;
		frame.Parent = parent;
		this.frame = frame;
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
		if (digits.size() === 1) {
			this.number.Text = digits[0].sure ? digits[0].label : `${digits[0].label}?`;
			this.detail.Text = digits[0].sure ? percent(digits[0].confidence) : `not sure (${percent(digits[0].confidence)})`;
		} else {
			this.number.Text = prediction.text;
			this.detail.Text = digits.map((d) => `${d.label} ${d.sure ? "" : "not sure "}${percent(d.confidence)}`).join(" · ");
		}
	}
}
