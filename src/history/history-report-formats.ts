/** What `pyconc history report --format` takes (apart from the report's writers, so that `--help` loads none of them). */
export const HISTORY_REPORT_FORMATS = ['html', 'markdown'] as const;
export type HistoryReportFormat = (typeof HISTORY_REPORT_FORMATS)[number];
