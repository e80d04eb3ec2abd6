/**
 * The panel's Instance tree, laid out by a Plan (layout-plan.ts): the board in screen pixels, the buttons and the
 * prediction panel as fixed designs under a UIScale. Text uses fixed TextSize (never TextScaled), so its rendered
 * height is TextSize × scale and can be checked against the 12 px floor.
 */
import { CanvasView } from "./canvas-view";
import { DESIGN, Plan, controlsSize, gridSize, infoSize } from "./layout-plan";
import { PredictionView, text } from "./prediction-view";

export { NO_MODEL_MESSAGE } from "shared/model";

export interface Screen {
	gui: ScreenGui;
	board: Frame;
	controls: Frame;
	info: Frame;
	status: TextLabel;
	canvas: CanvasView;
	inset: CanvasView;
	insetHolder: Frame;
	predictions: PredictionView;
	buttons: {
		toggle: TextButton;
		clear: TextButton;
		undo: TextButton;
		eraser: TextButton;
		board: TextButton;
		inset: TextButton;
	};
	/** the plan last applied */
	plan: Plan | undefined;
	applyPlan: (plan: Plan) => void;
	/** whether the board is shown (the toggle stays visible either way) */
	shown: boolean;
	setShown: (shown: boolean) => void;
	/** the model's view: beside the bars in a full panel, over them in a compact one */
	insetShown: boolean;
	setInsetShown: (shown: boolean) => void;
	/** A message in place of the number line; `whole` gives it the whole panel (no model: no bars to show). */
	setMessage: (message: string | undefined, whole?: boolean) => void;
}

const OFF = new Color3(0.2, 0.23, 0.29);
const ON = new Color3(0.18, 0.45, 0.85);

function frame(name: string, parent: Instance): Frame {
	const f = new Instance("Frame");
	f.Name = name;
	f.BackgroundTransparency = 1;
	f.BorderSizePixel = 0;
	f.Parent = parent;
	return f;
}

function scaled(name: string, parent: Instance): [Frame, UIScale] {
	const f = frame(name, parent);
	const scale = new Instance("UIScale");
	scale.Parent = f;
	return [f, scale];
}

function button(name: string, label: string, order: number, parent: Instance): TextButton {
	const b = new Instance("TextButton");
	b.Name = name;
	b.Text = label;
	b.LayoutOrder = order;
	b.BackgroundColor3 = OFF;
	b.TextColor3 = new Color3(1, 1, 1);
	b.TextScaled = false;
	b.TextSize = DESIGN.button.text;
	b.Font = Enum.Font.GothamMedium;
	b.AutoButtonColor = true;
	const corner = new Instance("UICorner");
	corner.CornerRadius = new UDim(0, 8);
	corner.Parent = b;
	b.Parent = parent;
	return b;
}

/** `cols` × `rows` is the board's size in cells (a number board is wider than tall). */
export function createScreen(parent: Instance, cols: number, rows: number): Screen {
	const gui = new Instance("ScreenGui");
	gui.Name = "DigitLab";
	gui.ResetOnSpawn = false;
	// Below the top bar and inside the device's safe area (the touch controls' TouchGui uses the same area), and
	// InputObject.Position shares AbsolutePosition's space there.
	gui.IgnoreGuiInset = false;
	pcall(() => (gui.ScreenInsets = Enum.ScreenInsets.CoreUISafeInsets));
	gui.ZIndexBehavior = Enum.ZIndexBehavior.Sibling;

	const board = frame("Board", gui);
	const canvas = new CanvasView("Canvas", board, cols, rows);
	canvas.frame.Active = true;

	const [controls, controlsScale] = scaled("Controls", gui);
	const controlsLayout = new Instance("UIGridLayout");
	controlsLayout.SortOrder = Enum.SortOrder.LayoutOrder;
	controlsLayout.CellSize = UDim2.fromOffset(DESIGN.button.w, DESIGN.button.h);
	controlsLayout.CellPadding = UDim2.fromOffset(DESIGN.button.gap, DESIGN.button.gap);
	controlsLayout.Parent = controls;
	// The toggle comes first so it keeps its place when the others hide with the board.
	const buttons = {
		toggle: button("Toggle", "Hide", 0, controls),
		clear: button("Clear", "Clear", 1, controls),
		undo: button("Undo", "Undo", 2, controls),
		eraser: button("Eraser", "Eraser", 3, controls),
		board: button("BoardKind", "Digit", 4, controls),
		inset: button("InsetToggle", "View", 5, controls),
	};

	const [info, infoScale] = scaled("Info", gui);
	const head = frame("Head", info);
	head.Size = new UDim2(1, 0, 0, DESIGN.head.h);
	const body = frame("Body", info);
	body.Position = UDim2.fromOffset(0, DESIGN.head.h + DESIGN.head.gap);
	body.Size = new UDim2(1, 0, 1, -(DESIGN.head.h + DESIGN.head.gap));
	const predictions = new PredictionView(head, body);
	const status = text("Status", info, DESIGN.head.detail, Enum.Font.GothamMedium);
	status.TextColor3 = new Color3(0.92, 0.94, 1);
	status.TextWrapped = true;
	status.TextXAlignment = Enum.TextXAlignment.Left;

	const insetHolder = frame("Inset", info);
	const insetTitle = text("Title", insetHolder, DESIGN.inset.title, Enum.Font.Gotham);
	insetTitle.Text = "model sees";
	insetTitle.TextColor3 = new Color3(0.7, 0.75, 0.85);
	insetTitle.Size = new UDim2(1, 0, 0, DESIGN.inset.title + 2);
	const insetBox = frame("Box", insetHolder);
	insetBox.Position = UDim2.fromOffset(0, DESIGN.inset.title + 4);
	insetBox.Size = new UDim2(1, 0, 1, -(DESIGN.inset.title + 4));
	const inset = new CanvasView("View", insetBox, undefined, undefined, false);

	let message: string | undefined;
	let wholeMessage = false;
	// The model's view starts open where it has its own place (a full panel) and closed where it covers the bars.
	let insetChosen = false;
	const refresh = () => {
		const plan = screen.plan;
		const compact = plan?.info.form === "compact";
		const viewing = screen.insetShown;
		status.Visible = message !== undefined;
		status.Text = message ?? "";
		status.Size = wholeMessage ? UDim2.fromScale(1, 1) : new UDim2(1, 0, 0, DESIGN.head.h);
		predictions.number.Visible = message === undefined;
		predictions.detail.Visible = message === undefined && !(compact && viewing);
		body.Visible = !wholeMessage;
		predictions.grid.Visible = !(compact && viewing);
		insetHolder.Visible = viewing && !wholeMessage;
		buttons.inset.BackgroundColor3 = viewing ? ON : OFF;
	};

	const screen: Screen = {
		gui,
		board,
		controls,
		info,
		status,
		canvas,
		inset,
		insetHolder,
		predictions,
		buttons,
		plan: undefined,
		applyPlan: (plan) => {
			screen.plan = plan;
			const { board: b, controls: c, info: i } = plan;
			board.Position = UDim2.fromOffset(b.x, b.y);
			board.Size = UDim2.fromOffset(b.w, b.h);
			const cs = controlsSize(c.cols);
			controls.Position = UDim2.fromOffset(c.box.x, c.box.y);
			controls.Size = UDim2.fromOffset(cs.w, cs.h);
			controlsLayout.FillDirectionMaxCells = c.cols;
			controlsScale.Scale = plan.scale;
			const is = infoSize(i.form, i.cols, i.rows);
			info.Position = UDim2.fromOffset(i.box.x, i.box.y);
			info.Size = UDim2.fromOffset(is.w, is.h);
			infoScale.Scale = plan.scale;
			predictions.setForm(i.form, i.cols, i.rows);
			if (!insetChosen) screen.insetShown = i.form === "full";
			if (i.form === "full") {
				const grid = gridSize(i.form, i.cols, i.rows);
				insetHolder.Position = UDim2.fromOffset(grid.w + DESIGN.inset.gap, DESIGN.head.h + DESIGN.head.gap);
				insetHolder.Size = UDim2.fromOffset(DESIGN.inset.w, DESIGN.inset.h);
			} else {
				// Compact: over the confidences and bars, at the panel's right end; the number stays in view.
				insetHolder.Position = UDim2.fromOffset(is.w - DESIGN.inset.w, 0);
				insetHolder.Size = UDim2.fromOffset(DESIGN.inset.w, is.h);
			}
			refresh();
		},
		shown: true,
		setShown: (shown) => {
			screen.shown = shown;
			board.Visible = shown;
			info.Visible = shown;
			for (const b of [buttons.clear, buttons.undo, buttons.eraser, buttons.board, buttons.inset])
				b.Visible = shown;
			buttons.toggle.Text = shown ? "Hide" : "Board";
			// A visible Modal button frees a mouse locked by first person or Shift Lock, so the player can draw;
			// hidden, the camera gets its lock back.
			buttons.toggle.Modal = shown;
		},
		insetShown: false,
		setInsetShown: (shown) => {
			insetChosen = true;
			screen.insetShown = shown;
			refresh();
		},
		setMessage: (text, whole = false) => {
			message = text;
			wholeMessage = text !== undefined && whole;
			refresh();
		},
	};
	screen.setShown(true);
	refresh();
	gui.Parent = parent;
	return screen;
}
