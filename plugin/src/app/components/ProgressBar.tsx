import Roact from "@rbxts/roact";
import { Progress } from "../../session/session";
import { Theme } from "../theme";
import { formatDuration } from "./widgets";

export function progressText(progress: Progress) {
	if (progress.epochs === 0) return "Preparing the data…";
	const parts = [`Epoch ${progress.epoch}/${progress.epochs}`];
	if (progress.batches > 0) parts.push(`batch ${progress.batch}/${progress.batches}`);
	if (progress.etaSeconds !== undefined) parts.push(`ETA ${formatDuration(progress.etaSeconds)}`);
	return parts.join(" · ");
}

/** The bar's fill is a scale size, so no absolute layout is needed (and Lune can assert on it). */
export function ProgressBar(props: { progress: Progress; theme: Theme; order?: number }) {
	const fraction = math.clamp(props.progress.fraction, 0, 1);
	return (
		<frame LayoutOrder={props.order ?? 0} Size={new UDim2(1, 0, 0, 40)} BackgroundTransparency={1}>
			<frame
				Key="Track"
				Size={new UDim2(1, 0, 0, 14)}
				BackgroundColor3={props.theme.input}
				BorderColor3={props.theme.border}
			>
				<frame
					Key="Fill"
					Size={new UDim2(fraction, 0, 1, 0)}
					BackgroundColor3={props.theme.accent}
					BorderSizePixel={0}
				/>
			</frame>
			<textlabel
				Key="Caption"
				Position={new UDim2(0, 0, 0, 18)}
				Size={new UDim2(1, 0, 0, 20)}
				BackgroundTransparency={1}
				TextXAlignment={Enum.TextXAlignment.Left}
				TextColor3={props.theme.dimText}
				TextSize={14}
				Font={Enum.Font.SourceSans}
				Text={`${progressText(props.progress)} · ${math.floor(fraction * 100)}%`}
			/>
		</frame>
	);
}
