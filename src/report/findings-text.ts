import type { Finding, ResultsDocument } from '../results/results-schema.js';
import { paint } from '../core/colors.js';
import { interpreterComparisons } from './interpreter-view.js';

/** A finding about cells that did not run. */
export function isNotMeasured(finding: Finding): boolean {
  return finding.notMeasured === true;
}

/** The verdict as printed: `contradicted under load` for a contradiction the machine's load makes untrustworthy. */
export function verdictText(finding: Finding): string {
  return finding.contradictedUnderLoad === true ? 'contradicted under load' : finding.verdict;
}

/** The findings to print one by one, and the one line that stands for those about cells this run did not plan. */
export function findingsSummary(document: Pick<ResultsDocument, 'findings'>): { measured: Finding[]; notMeasuredLine: string | null } {
  const measured = document.findings.filter((finding) => !isNotMeasured(finding));
  const notMeasured = document.findings.length - measured.length;
  const notMeasuredLine = notMeasured === 0
    ? null
    : `${notMeasured} claim(s) not measured by this run (their parameters or worker counts did not run; see the results file)`;
  return { measured, notMeasuredLine };
}

/** The findings and warnings sections printed after the tables. */
export function findingsAndWarnings(document: ResultsDocument, color: boolean): string[] {
  const c = paint(color);
  const lines: string[] = [];
  // Claims about cells this run did not plan (other params or worker counts) are one summary line, not noise.
  const { measured, notMeasuredLine } = findingsSummary(document);
  if (document.findings.length > 0) {
    lines.push(c.bold('Findings'));
    if (notMeasuredLine !== null) lines.push(c.dim(`  ${notMeasuredLine}`));
    for (const finding of measured) {
      const mark = finding.verdict === 'confirmed'
        ? c.green('confirmed   ')
        : finding.verdict === 'contradicted'
          ? c.red('contradicted')
          : c.yellow(finding.contradictedUnderLoad === true ? 'contradicted under load' : 'inconclusive');
      lines.push(`  ${mark} ${finding.scenario}: ${finding.claim}`);
      lines.push(`               ${c.dim(finding.evidence)}`);
    }
    lines.push('');
  }
  const compared = interpreterComparisons(document).flatMap((comparison) => comparison.findings);
  if (compared.length > 0) {
    lines.push(c.bold('Interpreters compared'), c.dim('  ratios are median(first interpreter) / median(this one), 95% bootstrap CI: above 1× is faster'));
    for (const finding of compared) lines.push(`  ${finding.subject}`, `    ${c.dim(finding.text)}`);
    lines.push('');
  }
  if (document.warnings.length > 0) {
    lines.push(c.bold('Warnings'));
    for (const warning of document.warnings) lines.push(`  ${c.yellow('!')} ${warning.scenario === undefined ? '' : `${warning.scenario}: `}${warning.message}`);
    lines.push('');
  }
  return lines;
}
