/** The dry-run interpreter: one poll, a timeline, a fleet forecast, and their renderings. */
export * from "./device.js";
export * from "./model.js";
export { compile, type Program } from "./program.js";
export { describeHours, expandedUpdateUrl, pollIntervalOf, pollRequest, runPoll, runPollFast, type PollEnvironment, type PollResult } from "./poll.js";
export { describeFailed, failedTransfers, stuckBehindCheck } from "./stuck.js";
export { DEFAULT_UPDATE_SERVER, configuredUpdateUrl, failurePatterns, scriptUrl, setUpDryRun, type DeviceSettings, type DryRunSetup, type DryRunSetupInput, type FailHook, type SettingNames } from "./setup.js";
export {
  restart,
  simulate,
  step,
  type Failing,
  type HourStat,
  type Loop,
  type PollEvent,
  type RestartEvent,
  type ScheduleOptions,
  type StepSink,
  type Stuck,
  type Timeline,
} from "./timeline.js";
export {
  BLOCKED_CAUSES,
  BLOCKED_WHY,
  macHash,
  parseFleet,
  peakConcurrency,
  simulateFleet,
  troubleGroups,
  troubleOf,
  type BlockedCause,
  type TroubleGroup,
  type DeviceChange,
  type DeviceVerdict,
  type FleetDevice,
  type FleetDeviceResult,
  type FleetForecast,
  type FleetOptions,
  type FleetProblem,
  type Moment,
  type ParsedFleet,
  type Peak,
  type SizedUrl,
} from "./fleet.js";
export * from "./rollout.js";
export { compareForecasts, type ComparedFigure, type FigureValue, type FleetComparison } from "./compare.js";
export { fleetJson, planJson, timelineJson, DRY_RUN_JSON_VERSION } from "./render-json.js";
export { LEGEND, NO_STYLE, SYMBOLS, planHeadline, renderFleetText, renderPlanText, renderTimelineText, type Style } from "./render-text.js";
export { renderComparisonText } from "./render-text.js";
export { dryRunSchema } from "./schema.js";
export { REPORT_CSS, hourChart, planFragment, renderPlanHtml, renderTimelineHtml, timelineFragment } from "./render-html.js";
export { comparisonFragment, fleetFragment, renderComparisonHtml, renderFleetHtml, type ForecastReportOptions } from "./render-forecast-html.js";
export { MAX_REDIRECTS, REDIRECT_STATUSES, classifyAnswer, type ServerAnswer } from "./server-answer.js";
export * from "./live.js";
export { livePollSchema } from "./live-schema.js";
export { livePollFragment } from "./render-live-html.js";
