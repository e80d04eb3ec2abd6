import Roact from "@rbxts/roact";
import { Theme } from "../theme";

/** The session's log, newest last, in its own scrolling frame (canvas grows with the lines). */
export function EventLog(props: { lines: string[]; theme: Theme; order?: number }) {
	const lines = new Map<string, Roact.Element>();
	props.lines.forEach((line, i) => {
		lines.set(
			`Line${i + 1}`,
			<textlabel
				LayoutOrder={i}
				Size={new UDim2(1, -8, 0, 0)}
				AutomaticSize={Enum.AutomaticSize.Y}
				BackgroundTransparency={1}
				TextWrapped={true}
				TextXAlignment={Enum.TextXAlignment.Left}
				TextColor3={line.sub(1, 3) === "✗" ? props.theme.error : props.theme.dimText}
				Font={Enum.Font.Code}
				TextSize={12}
				Text={line}
			/>,
		);
	});
	return (
		<scrollingframe
			LayoutOrder={props.order ?? 0}
			Size={new UDim2(1, 0, 0, 140)}
			BackgroundColor3={props.theme.input}
			BorderColor3={props.theme.border}
			CanvasSize={new UDim2(0, 0, 0, 0)}
			AutomaticCanvasSize={Enum.AutomaticSize.Y}
			ScrollBarThickness={6}
			CanvasPosition={new Vector2(0, props.lines.size() * 20)}
		>
			<uilistlayout SortOrder={Enum.SortOrder.LayoutOrder} />
			{lines}
		</scrollingframe>
	);
}
