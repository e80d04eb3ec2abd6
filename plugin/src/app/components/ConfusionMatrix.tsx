import Roact from "@rbxts/roact";
import { EvaluatedEvent } from "../../protocol";
import { Theme } from "../theme";

/** Rows are true labels, columns predictions; each cell's colour is its share of the row. */
export function ConfusionMatrix(props: { evaluation: EvaluatedEvent; theme: Theme; order?: number }) {
	const matrix = props.evaluation.confusion;
	const size = matrix.size();
	const cells = new Map<string, Roact.Element>();
	matrix.forEach((row, r) => {
		let total = 0;
		for (const value of row) total += value;
		row.forEach((value, c) => {
			const share = total > 0 ? value / total : 0;
			const hot = r === c ? props.theme.good : props.theme.error;
			cells.set(
				`Cell_${r}_${c}`,
				<textlabel
					Position={new UDim2(c / size, 0, r / size, 0)}
					Size={new UDim2(1 / size, -1, 1 / size, -1)}
					BorderSizePixel={0}
					BackgroundColor3={props.theme.input.Lerp(hot, math.sqrt(share))}
					TextColor3={props.theme.text}
					TextSize={10}
					Font={Enum.Font.SourceSans}
					Text={value > 0 ? tostring(value) : ""}
				/>,
			);
		});
	});
	return (
		<frame
			LayoutOrder={props.order ?? 0}
			Size={new UDim2(1, 0, 0, 0)}
			AutomaticSize={Enum.AutomaticSize.Y}
			BackgroundTransparency={1}
		>
			<uilistlayout SortOrder={Enum.SortOrder.LayoutOrder} Padding={new UDim(0, 4)} />
			<textlabel
				Key="Title"
				LayoutOrder={1}
				Size={new UDim2(1, 0, 0, 18)}
				BackgroundTransparency={1}
				TextXAlignment={Enum.TextXAlignment.Left}
				TextColor3={props.theme.dimText}
				Font={Enum.Font.SourceSans}
				TextSize={13}
				Text="Confusion matrix (rows: true digit, columns: predicted)"
			/>
			<frame Key="Grid" LayoutOrder={2} Size={new UDim2(1, 0, 1, 0)} BackgroundTransparency={1}>
				<uiaspectratioconstraint AspectRatio={1} />
				{cells}
			</frame>
		</frame>
	);
}

export function PerClassBars(props: { evaluation: EvaluatedEvent; theme: Theme; order?: number }) {
	const bars = new Map<string, Roact.Element>();
	props.evaluation.perClass.forEach((accuracy, digit) => {
		bars.set(
			`Class${digit}`,
			<frame LayoutOrder={digit} Size={new UDim2(1, 0, 0, 14)} BackgroundTransparency={1}>
				<textlabel
					Key="Digit"
					Size={new UDim2(0, 16, 1, 0)}
					BackgroundTransparency={1}
					TextColor3={props.theme.text}
					TextSize={12}
					Text={tostring(digit)}
				/>
				<frame
					Key="Track"
					Position={new UDim2(0, 20, 0, 2)}
					Size={new UDim2(1, -70, 1, -4)}
					BackgroundColor3={props.theme.input}
					BorderSizePixel={0}
				>
					<frame
						Key="Fill"
						Size={new UDim2(math.clamp(accuracy, 0, 1), 0, 1, 0)}
						BackgroundColor3={props.theme.accuracy}
						BorderSizePixel={0}
					/>
				</frame>
				<textlabel
					Key="Value"
					Position={new UDim2(1, -46, 0, 0)}
					Size={new UDim2(0, 46, 1, 0)}
					BackgroundTransparency={1}
					TextColor3={props.theme.dimText}
					TextSize={12}
					Text={string.format("%.1f%%", accuracy * 100)}
				/>
			</frame>,
		);
	});
	return (
		<frame
			LayoutOrder={props.order ?? 0}
			Size={new UDim2(1, 0, 0, 0)}
			AutomaticSize={Enum.AutomaticSize.Y}
			BackgroundTransparency={1}
		>
			<uilistlayout SortOrder={Enum.SortOrder.LayoutOrder} Padding={new UDim(0, 2)} />
			{bars}
		</frame>
	);
}
