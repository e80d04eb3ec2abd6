/** A job's results under its status: the validation chart, then (once evaluated) test accuracy, per-class bars and the confusion matrix. */
import Roact from "@rbxts/roact";
import { JobView } from "../../session/session";
import { Theme } from "../theme";
import { ConfusionMatrix, PerClassBars } from "./ConfusionMatrix";
import { LineChart } from "./LineChart";
import { Label, Section } from "./widgets";

export function Results(props: { job: JobView; theme: Theme; order: number }) {
	const evaluation = props.job.evaluation;
	return (
		<Section order={props.order}>
			<LineChart Key="Chart" order={1} history={props.job.history} theme={props.theme} />
			{evaluation !== undefined ? (
				<Label
					Key="TestAccuracy"
					order={2}
					bold
					text={string.format("Test accuracy %.2f%%", evaluation.testAccuracy * 100)}
					theme={props.theme}
				/>
			) : undefined}
			{evaluation !== undefined ? (
				<PerClassBars Key="PerClass" order={3} evaluation={evaluation} theme={props.theme} />
			) : undefined}
			{evaluation !== undefined ? (
				<ConfusionMatrix Key="Confusion" order={4} evaluation={evaluation} theme={props.theme} />
			) : undefined}
		</Section>
	);
}
