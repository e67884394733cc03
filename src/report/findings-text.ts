import type { Finding, ResultsDocument } from '../results/results-schema.js';
import { paint } from '../core/colors.js';

/** A finding about cells that did not run. */
export function isNotMeasured(finding: Finding): boolean {
  return finding.notMeasured === true;
}

/** The findings and warnings sections printed after the tables. */
export function findingsAndWarnings(document: ResultsDocument, color: boolean): string[] {
  const c = paint(color);
  const lines: string[] = [];
  // Claims about cells this run did not plan (other params or worker counts) are one summary line, not noise.
  const measured = document.findings.filter((finding) => !isNotMeasured(finding));
  const notMeasured = document.findings.length - measured.length;
  if (document.findings.length > 0) {
    lines.push(c.bold('Findings'));
    if (notMeasured > 0) lines.push(c.dim(`  ${notMeasured} claim(s) not measured by this run (their parameters or worker counts did not run; see the results file)`));
    for (const finding of measured) {
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
