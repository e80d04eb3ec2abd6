import Roact from "@rbxts/roact";
import { EpochPoint } from "../../session/session";
import { Theme } from "../theme";

const HEIGHT = 120;

/**
 * Loss and validation accuracy per epoch as dots placed in scale coordinates (no absolute sizes needed).
 * Loss is scaled to the largest loss seen; accuracy uses 0..1.
 */
export function LineChart(props: { history: EpochPoint[]; theme: Theme; order?: number }) {
	const history = props.history;
	let maxLoss = 0;
	for (const point of history) maxLoss = math.max(maxLoss, point.loss, point.valLoss);
	if (maxLoss <= 0) maxLoss = 1;
	const n = history.size();
	const x = (i: number) => (n <= 1 ? 0.5 : i / (n - 1));
	const children = new Map<string, Roact.Element>();
	history.forEach((point, i) => {
		const dot = (value: number, color: Color3) => (
			<frame
				AnchorPoint={new Vector2(0.5, 0.5)}
				Position={new UDim2(x(i), 0, 1 - value, 0)}
				Size={new UDim2(0, 6, 0, 6)}
				BackgroundColor3={color}
				BorderSizePixel={0}
			/>
		);
		children.set(`Loss${i + 1}`, dot(point.loss / maxLoss, props.theme.loss));
		children.set(`Accuracy${i + 1}`, dot(math.clamp(point.valAccuracy, 0, 1), props.theme.accuracy));
	});
	const last = history[n - 1];
	const legend =
		last === undefined
			? "Loss and accuracy appear after the first epoch"
			: string.format("● loss %.4f   ● validation accuracy %.2f%%", last.loss, last.valAccuracy * 100);
	return (
		<frame LayoutOrder={props.order ?? 0} Size={new UDim2(1, 0, 0, HEIGHT + 22)} BackgroundTransparency={1}>
			<frame
				Key="Plot"
				Size={new UDim2(1, -12, 0, HEIGHT)}
				Position={new UDim2(0, 6, 0, 0)}
				BackgroundColor3={props.theme.input}
				BorderColor3={props.theme.border}
			>
				{children}
			</frame>
			<textlabel
				Key="Legend"
				Position={new UDim2(0, 0, 0, HEIGHT + 4)}
				Size={new UDim2(1, 0, 0, 18)}
				BackgroundTransparency={1}
				TextXAlignment={Enum.TextXAlignment.Left}
				TextColor3={props.theme.dimText}
				TextSize={13}
				Font={Enum.Font.SourceSans}
				Text={legend}
			/>
		</frame>
	);
}
