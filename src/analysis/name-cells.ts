/** `sequential, threading w=4 and 3 more`: a list of cells named compactly, the first `limit` by name. */
export function nameCells(labels: readonly string[], limit = 3): string {
  if (labels.length <= limit) return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1] ?? ''}`;
  return `${labels.slice(0, limit).join(', ')} and ${labels.length - limit} more`;
}
