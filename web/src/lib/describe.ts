// One line of plain words for a captured record, for review lists.
import { words } from './brief';
import type { Capture } from './records';

export function describeCapture(capture: Capture): string {
  switch (capture.kind) {
    case 'service_session':
      return capture.outcome === 'missed' ? `Missed service session (${words(String(capture.raw.missed_reason ?? '')).toLowerCase()})` : `Service session, ${capture.minutes} min`;
    case 'goal_observation': {
      if (capture.trials.length > 0) {
        const correct = capture.trials.filter((trial) => trial.result === 'correct').length;
        const prompts = capture.trials.map((trial) => words(trial.prompt).toLowerCase());
        return `${correct} of ${capture.trials.length} trials correct (${Array.from(new Set(prompts)).join(', ')})`;
      }
      if (capture.method === 'frequency' || capture.method === 'rate') return `Count ${capture.count} in ${capture.observationMinutes} min`;
      if (capture.durations.length > 0) return `${capture.durations.length} timings: ${capture.durations.map((value) => `${value} s`).join(', ')}`;
      if (capture.rubricScore !== null) return `Rubric score ${capture.rubricScore} of ${capture.rubricMax}`;
      return 'Goal observation';
    }
    case 'fidelity_check':
      return `Fidelity check: ${capture.raw.outcome === 'not_implemented' || (capture.raw.body as Record<string, unknown> | undefined)?.outcome === 'not_implemented' ? 'not implemented' : 'implemented'}${capture.note ? ` — ${capture.note}` : ''}`;
    case 'behavior_incident':
      return 'Behavior incident (ABC)';
    case 'self_monitoring':
      return 'Self-monitoring entry';
    default:
      return words(capture.kind);
  }
}
