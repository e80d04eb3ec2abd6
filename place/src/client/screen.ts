/**
 * The panel's Instance tree. One portrait column held to a fixed aspect ratio, sized in scale units, so the same
 * layout fits a phone held upright, a landscape phone (it shrinks to the height) and a desktop window.
 */
import { CanvasView } from "./canvas-view";
import { PredictionView } from "./prediction-view";

export { NO_MODEL_MESSAGE } from "shared/model";

/** width / height of the whole panel */
const PANEL_ASPECT = 0.6;

export interface Screen {
	gui: ScreenGui;
	main: Frame;
	status: TextLabel;
	canvas: CanvasView;
	inset: CanvasView;
	insetHolder: Frame;
	predictions: PredictionView;
	buttons: { toggle: TextButton; clear: TextButton; undo: TextButton; eraser: TextButton; inset: TextButton };
	/** whether the board is shown (the toggle stays visible either way) */
	shown: boolean;
	setShown: (shown: boolean) => void;
}

function button(name: string, label: string, order: number, parent: Instance): TextButton {
	const b = new Instance("TextButton");
	b.Name = name;
	b.Text = label;
	b.LayoutOrder = order;
	b.Size = UDim2.fromScale(0.188, 1);
	b.BackgroundColor3 = new Color3(0.2, 0.23, 0.29);
	b.TextColor3 = new Color3(1, 1, 1);
	b.TextScaled = true;
	b.Font = Enum.Font.GothamMedium;
	b.AutoButtonColor = true;
	const corner = new Instance("UICorner");
	corner.CornerRadius = new UDim(0.2, 0);
	corner.Parent = b;
	const pad = new Instance("UIPadding");
	pad.PaddingTop = new UDim(0.2, 0);
	pad.PaddingBottom = new UDim(0.2, 0);
	pad.Parent = b;
	b.Parent = parent;
	return b;
}

function region(name: string, parent: Instance, y: number, height: number): Frame {
	const f = new Instance("Frame");
	f.Name = name;
	f.BackgroundTransparency = 1;
	f.Position = UDim2.fromScale(0, y);
	f.Size = UDim2.fromScale(1, height);
	f.Parent = parent;
	return f;
}

export function createScreen(parent: Instance): Screen {
	const gui = new Instance("ScreenGui");
	gui.Name = "DigitLab";
	gui.ResetOnSpawn = false;
	// Keep the inset: InputObject.Position and AbsolutePosition then share one coordinate space.
	gui.IgnoreGuiInset = false;
	gui.ZIndexBehavior = Enum.ZIndexBehavior.Sibling;

	const main = new Instance("Frame");
	main.Name = "Main";
	main.AnchorPoint = new Vector2(0.5, 0.5);
	main.Position = UDim2.fromScale(0.5, 0.5);
	main.Size = UDim2.fromScale(0.96, 0.96);
	main.BackgroundTransparency = 1;
	const aspect = new Instance("UIAspectRatioConstraint");
	aspect.AspectRatio = PANEL_ASPECT;
	aspect.Parent = main;
	main.Parent = gui;

	const status = new Instance("TextLabel");
	status.Name = "Status";
	status.BackgroundTransparency = 1;
	status.Size = UDim2.fromScale(1, 0.05);
	status.TextColor3 = new Color3(0.92, 0.94, 1);
	status.TextScaled = true;
	status.Font = Enum.Font.GothamMedium;
	status.Text = "";
	status.Parent = main;

	// Board height = PANEL_ASPECT of the panel height = the panel width, so the canvas is a full-width square.
	const board = region("Board", main, 0.055, PANEL_ASPECT);
	const canvas = new CanvasView("Canvas", board);
	canvas.frame.Active = true;

	const lower = region("Lower", main, 0.665, 0.24);
	const insetHolder = new Instance("Frame");
	insetHolder.Name = "Inset";
	insetHolder.BackgroundTransparency = 1;
	insetHolder.Size = UDim2.fromScale(0.3, 1);
	insetHolder.Parent = lower;
	const insetTitle = new Instance("TextLabel");
	insetTitle.Name = "Title";
	insetTitle.BackgroundTransparency = 1;
	insetTitle.Size = UDim2.fromScale(1, 0.15);
	insetTitle.Text = "model sees";
	insetTitle.TextScaled = true;
	insetTitle.TextColor3 = new Color3(0.7, 0.75, 0.85);
	insetTitle.Parent = insetHolder;
	const insetBox = region("Box", insetHolder, 0.17, 0.83);
	const inset = new CanvasView("View", insetBox, false);
	const predictionHolder = new Instance("Frame");
	predictionHolder.Name = "PredictionHolder";
	predictionHolder.BackgroundTransparency = 1;
	predictionHolder.Position = UDim2.fromScale(0.32, 0);
	predictionHolder.Size = UDim2.fromScale(0.68, 1);
	predictionHolder.Parent = lower;
	const predictions = new PredictionView(predictionHolder);

	const bar = region("Buttons", main, 0.915, 0.08);
	const list = new Instance("UIListLayout");
	list.FillDirection = Enum.FillDirection.Horizontal;
	list.Padding = new UDim(0.02, 0);
	list.SortOrder = Enum.SortOrder.LayoutOrder;
	list.Parent = bar;
	const buttons = {
		toggle: button("Toggle", "Hide", 0, bar),
		clear: button("Clear", "Clear", 1, bar),
		undo: button("Undo", "Undo", 2, bar),
		eraser: button("Eraser", "Eraser", 3, bar),
		inset: button("InsetToggle", "Hide view", 4, bar),
	};

	// A visible Modal button frees a mouse locked by first person or Shift Lock, so the player can draw.
	buttons.toggle.Modal = true;
	const screen: Screen = {
		gui, main, status, canvas, inset, insetHolder, predictions, buttons,
		shown: true,
		setShown: (shown) => {
			screen.shown = shown;
			for (const child of [status, board, lower]) child.Visible = shown;
			for (const b of [buttons.clear, buttons.undo, buttons.eraser, buttons.inset]) b.Visible = shown;
			buttons.toggle.Text = shown ? "Hide" : "Board";
			buttons.toggle.Modal = shown;
		},
	};
	gui.Parent = parent;
	return screen;
}
