// Commands of the CLI contract that later issues deliver (`matrix`: issue 6). They say so and
// exit 2 instead of pretending to run.

import type { CliIo } from '../io.js';

export interface PlannedCommand {
  name: string;
  synopsis: string;
  issue: number;
  topic: string;
}

export const PLANNED_COMMANDS: readonly PlannedCommand[] = [
  {
    name: 'matrix',
    synopsis:
      'iamspec matrix INPUT... [--principal P]... [--resource R]... [--format text|json|csv|markdown|html]',
    issue: 6,
    topic: 'access matrix and the HTML access review',
  },
];

export function runPlanned(command: PlannedCommand, argv: string[], io: CliIo): number {
  const message = `iamspec ${command.name}: not implemented yet: see issue ${command.issue} (${command.topic})\n`;
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(`Usage: ${command.synopsis}\n\n${message}`);
    return 0;
  }
  io.stderr(message);
  return 2;
}
