import type { ResultsDocument } from '../results/results-schema.js';
import { paint } from './colors.js';

/** The findings and warnings sections printed after the tables. */
export function findingsAndWarnings(document: ResultsDocument, color: boolean): string[] {
  const c = paint(color);
  const lines: string[] = [];
  if (document.findings.length > 0) {
    lines.push(c.bold('Findings'));
    for (const finding of document.findings) {
      const mark = finding.verdict === 'confirmed' ? c.green('confirmed   ') : finding.verdict === 'contradicted' ? c.red('contradicted') : c.yellow('inconclusive');
      lines.push(`  ${mark} ${finding.scenario}: ${finding.claim}`);
      lines.push(`               ${c.dim(finding.evidence)}`);
    }
    lines.push('');
  }
  if (document.warnings.length > 0) {
    lines.push(c.bold('Warnings'));
    for (const warning of document.warnings) lines.push(`  ${c.yellow('!')} ${warning.scenario === undefined ? '' : `${warning.scenario}: `}${warning.message}`);
    lines.push('');
  }
  return lines;
}
